import { describe, expect, it } from 'vitest'
import { issuerScope } from './issuer-scope.js'

describe('issuerScope', () => {
  it('an issuer with a path: its tree and its well-known URLs at the origin', () => {
    const scope = issuerScope('https://op.example.test/oidc')
    expect(scope.contains(new URL('https://op.example.test/oidc'))).toBe(true)
    expect(scope.contains(new URL('https://op.example.test/oidc/token?x=1'))).toBe(true)
    expect(scope.contains(new URL('https://op.example.test/oidcx/token'))).toBe(false)
    expect(scope.contains(new URL('https://op.example.test/.well-known/oauth-authorization-server/oidc'))).toBe(true)
    expect(scope.contains(new URL('https://op.example.test/.well-known/webfinger?resource=x'))).toBe(true)
    expect(scope.contains(new URL('https://op.example.test/.well-known/other'))).toBe(false)
    expect(scope.contains(new URL('https://other.example.test/oidc/token'))).toBe(false)
    expect(scope.patterns.some((p) => p.test('https://op.example.test/.well-known/webfinger'))).toBe(true)
    expect(scope.patterns.some((p) => p.test('https://op.example.test/oidcx'))).toBe(false)
  })
  it('an issuer at the origin: everything on it', () => {
    const scope = issuerScope('https://op.example.test')
    expect(scope.under(new URL('https://op.example.test/anything'))).toBe(true)
    expect(scope.patterns).toHaveLength(1)
  })
})
