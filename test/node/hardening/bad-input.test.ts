/**
 * Flaw 1 of issue 9: `op.handle` never throws and never answers 5xx for bad input. Malformed
 * percent-escapes in a path are a 404; request text quoted into `WWW-Authenticate` is made
 * header-safe; an unexpected error is a 500 `server_error` without a stack. Every answer says
 * `nosniff`, and HEAD is answered as GET without a body.
 */
import { describe, expect, test, vi } from 'vitest'
import { Endpoint } from '../../../src/endpoints/endpoint.js'
import { ISSUER, base64url, createOp } from '../_helpers.js'

const op = createOp()

function b64(value: unknown): string {
  return base64url(new TextEncoder().encode(JSON.stringify(value)))
}

describe('malformed percent-escapes in the path', () => {
  for (const path of ['/register/%ZZ', '/interaction/%', '/register/%E0%A4%A', '/interaction/%E0%A4%A']) {
    test(path, async () => {
      const response = await op.handle(new Request(`${ISSUER}${path}`))
      expect(response.status).toBe(404)
      expect(((await response.json()) as { error: string }).error).toBe('not_found')
    })
  }
})

describe('request text quoted into WWW-Authenticate at UserInfo', () => {
  for (const [name, header] of [
    ['alg with a newline', { typ: 'dpop+jwt', alg: 'ES256\nX-Injected: 1', jwk: {} }],
    ['alg with NUL', { typ: 'dpop+jwt', alg: 'ES\u0000256', jwk: {} }],
    ['alg above U+00FF', { typ: 'dpop+jwt', alg: 'ES256\u20ac', jwk: {} }],
  ] as const) {
    test(name, async () => {
      const proof = `${b64(header)}.${b64({ htm: 'G\nET', htu: 'https://x\u0100', jti: 'j', iat: 1 })}.c2ln`
      const response = await op.handle(new Request(`${ISSUER}/userinfo`, { headers: { authorization: 'DPoP abc', dpop: proof } }))
      expect(response.status).toBe(401)
      const challenge = response.headers.get('www-authenticate')!
      expect(challenge).toMatch(/error="invalid_dpop_proof"/)
      expect(challenge).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u0100-\uffff]/)
    })
  }
})

test('an unexpected error is a 500 server_error with no stack, and handle does not throw', async () => {
  const local = createOp()
  class Broken extends Endpoint {
    readonly name = 'broken'
    readonly methods = ['GET'] as const
    constructor() {
      super(local.serverGet, '/broken')
    }
    override async handle(): Promise<Response> {
      throw new Error('a bug')
    }
    protected async processRequest(): Promise<unknown> {
      return undefined
    }
    protected doResponse(): Response {
      return new Response()
    }
  }
  local.setEndpoint(new Broken())
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
  const response = await local.handle(new Request(`${ISSUER}/broken`))
  expect(response.status).toBe(500)
  const body = await response.text()
  expect(JSON.parse(body)).toMatchObject({ error: 'server_error' })
  expect(body).not.toMatch(/a bug|at /)
  expect(logged).toHaveBeenCalledOnce()
  logged.mockRestore()
})

test('every answer says nosniff, and HEAD is answered as GET without a body', async () => {
  for (const path of ['/.well-known/openid-configuration', '/jwks', '/nowhere', '/token']) {
    const response = await op.handle(new Request(`${ISSUER}${path}`))
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  }
  const head = await op.handle(new Request(`${ISSUER}/.well-known/openid-configuration`, { method: 'HEAD' }))
  expect(head.status).toBe(200)
  expect(head.headers.get('content-type')).toMatch(/json/)
  expect(await head.text()).toBe('')
})
