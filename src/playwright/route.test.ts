import type { Request as PlaywrightRequest } from '@playwright/test'
import { describe, expect, test } from 'vitest'
import { Server } from '../server/server.js'
import { issuerPatterns, refuseCrossOriginReads, toFetchRequest, toFulfilment } from './route.js'

describe('issuerPatterns', () => {
  test('an issuer at an origin\'s root: that origin, and nothing that only starts like it', () => {
    const patterns = issuerPatterns('https://login.example.test')
    expect(patterns).toHaveLength(1)
    const [under] = patterns
    expect(under!.test('https://login.example.test/authorize?x=1')).toBe(true)
    expect(under!.test('https://login.example.test/')).toBe(true)
    expect(under!.test('https://login.example.test.evil.example/authorize')).toBe(false)
    expect(under!.test('https://login.example.test:8443/authorize')).toBe(false)
    expect(under!.test('http://login.example.test/authorize')).toBe(false)
  })

  test('an issuer with a path: the path, and the origin\'s .well-known folder', () => {
    const [issuer, wellKnown] = issuerPatterns('http://127.0.0.1:5173/oidc/')
    expect(issuer!.test('http://127.0.0.1:5173/oidc/token')).toBe(true)
    expect(issuer!.test('http://127.0.0.1:5173/oidc')).toBe(true)
    expect(issuer!.test('http://127.0.0.1:5173/oidcx')).toBe(false)
    expect(issuer!.test('http://127.0.0.1:5173/src/main.ts')).toBe(false)
    expect(wellKnown!.test('http://127.0.0.1:5173/.well-known/oauth-authorization-server/oidc')).toBe(true)
    expect(wellKnown!.test('http://127.0.0.1:5173/index.html')).toBe(false)
  })
})

test('op.serves: under the issuer everything, at the origin\'s root only what the OP owns', () => {
  const op = new Server({ issuer: 'http://127.0.0.1:5173/oidc', jwks: { keys: [] } })
  expect(op.serves(new URL('http://127.0.0.1:5173/oidc/unknown'))).toBe(true)
  expect(op.serves(new URL('http://127.0.0.1:5173/.well-known/oauth-authorization-server/oidc'))).toBe(true)
  expect(op.serves(new URL('http://127.0.0.1:5173/.well-known/webfinger'))).toBe(true)
  expect(op.serves(new URL('http://127.0.0.1:5173/.well-known/other'))).toBe(false)
  expect(op.serves(new URL('http://127.0.0.1:5173/oidcx'))).toBe(false)
})

test('toFulfilment keeps every Set-Cookie, joined by newlines as route.fulfill splits them', async () => {
  const headers = new Headers({ location: 'https://rp.example.test/cb', 'cache-control': 'no-store' })
  headers.append('set-cookie', 'a=1; Path=/')
  headers.append('set-cookie', 'b=2; Path=/; HttpOnly')
  const fulfilment = await toFulfilment(new Response(null, { status: 302, headers }))
  expect(fulfilment).toEqual({
    status: 302,
    headers: { location: 'https://rp.example.test/cb', 'cache-control': 'no-store', 'set-cookie': 'a=1; Path=/\nb=2; Path=/; HttpOnly' },
  })
})

test('toFulfilment passes a binary body as bytes', async () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i)
  const fulfilment = await toFulfilment(new Response(bytes))
  expect([...(fulfilment!.body as Buffer)]).toEqual([...bytes])
})

/** The parts of a Playwright request that toFetchRequest reads. */
function fakeRequest(method: string, headers: Record<string, string>, body: Buffer | null): PlaywrightRequest {
  return {
    url: () => 'https://login.example.test/token',
    method: () => method,
    allHeaders: async () => headers,
    postDataBuffer: () => body,
  } as unknown as PlaywrightRequest
}

test('toFetchRequest carries cookies and the form body, and drops HTTP/2 pseudo-headers', async () => {
  const request = await toFetchRequest(
    fakeRequest('POST', { ':authority': 'login.example.test', cookie: 'op_session=s1', 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from('grant_type=authorization_code&code=c')),
  )
  expect(request.method).toBe('POST')
  expect(request.headers.get('cookie')).toBe('op_session=s1')
  expect([...request.headers.keys()]).not.toContain(':authority')
  expect(Object.fromEntries(await request.formData())).toEqual({ grant_type: 'authorization_code', code: 'c' })
})

test('toFetchRequest sends no body with GET', async () => {
  const request = await toFetchRequest(fakeRequest('GET', {}, Buffer.from('ignored')))
  expect(request.body).toBeNull()
})

test('refuseCrossOriginReads: an answer without CORS allows only the issuer\'s origin (route.fulfill would echo any Origin with credentials)', () => {
  const page = refuseCrossOriginReads({ status: 200, headers: { 'content-type': 'text/html' } }, 'https://login.example.test/oidc')
  expect(page?.headers?.['access-control-allow-origin']).toBe('https://login.example.test')
  expect(page?.headers).not.toHaveProperty('access-control-allow-credentials')
  const api = { status: 200, headers: { 'Access-Control-Allow-Origin': 'https://rp.example.test' } }
  expect(refuseCrossOriginReads(api, 'https://login.example.test')).toBe(api)
})
