/**
 * The JWK Set (RFC 7517 §5) at jwks_uri: public keys only, one kid per key, every signing key there.
 */
import { describe, expect, test } from 'vitest'
import { Server, type SigningAlg } from '../../src/index.js'
import { OP_KEYS } from './_keys.js'
import { codeFlow, createOp, endpointUrl, expectOAuthError, headerOf, opJwks, useMsw, verifyWithJwks, WEB } from './_helpers.js'

const ALL_ALGS = Object.keys(OP_KEYS) as SigningAlg[]
const op = createOp({ jwks: opJwks(...ALL_ALGS) as never })
const msw = useMsw(op)

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth']

async function jwks(url = endpointUrl(op, 'jwks')): Promise<{ keys: Record<string, unknown>[] }> {
  const response = await fetch(url)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^application\/(jwk-set\+)?json/)
  return (await response.json()) as { keys: Record<string, unknown>[] }
}

describe('jwks_uri', () => {
  test('publishes every configured key, public parts only, with kid, alg and use=sig', async () => {
    const { keys } = await jwks()
    expect(keys.map((k) => k.alg).sort()).toEqual([...ALL_ALGS].sort())
    for (const key of keys) {
      for (const member of PRIVATE_MEMBERS) expect(key, `${key.alg} ${member}`).not.toHaveProperty(member)
      expect(key.use).toBe('sig')
      expect(key.kid).toBeTypeOf('string')
    }
  })

  test('every kid is unique', async () => {
    const { keys } = await jwks()
    expect(new Set(keys.map((k) => k.kid)).size).toBe(keys.length)
  })

  test('kids stay unique when one key is configured for two algorithms', async () => {
    const shared = new Server({
      issuer: 'https://shared.example.test',
      jwks: { keys: [{ ...OP_KEYS.RS256, alg: 'RS256' }, { ...OP_KEYS.RS256, alg: 'PS256' }] },
    })
    msw.use(...shared.handlers)
    const { keys } = await jwks('https://shared.example.test/jwks')
    // The two configured, and (issue 17) one for each other advertised algorithm.
    expect(keys).toHaveLength(ALL_ALGS.length)
    expect(new Set(keys.map((k) => k.kid)).size).toBe(ALL_ALGS.length)
  })

  test('the ID token and the access token name a kid of the set and verify against it', async () => {
    const tokens = await codeFlow(op, WEB)
    const { keys } = await jwks()
    for (const jwt of [tokens.id_token!, tokens.access_token]) {
      const kid = headerOf(jwt).kid
      expect(keys.filter((k) => k.kid === kid)).toHaveLength(1)
      await verifyWithJwks(op, jwt)
    }
  })

  test('after rotateKeys the new keys sign, and the old ones stay published so earlier tokens verify', async () => {
    const es256Client = { ...WEB, id_token_signed_response_alg: 'ES256' as const }
    const rotating = createOp({ issuer: 'https://rotating.example.test', clients: [es256Client], jwks: opJwks('ES256') as never, accessToken: { signingAlg: 'ES256' } })
    msw.use(...rotating.handlers)
    const before = await codeFlow(rotating, es256Client)
    await rotating.rotateKeys()
    const { keys } = await jwks('https://rotating.example.test/jwks')
    // Issue 17: every advertised algorithm has a key, and rotation adds a new one for each.
    expect(keys).toHaveLength(2 * ALL_ALGS.length)
    expect(new Set(keys.map((k) => k.kid)).size).toBe(2 * ALL_ALGS.length)
    const after = await codeFlow(rotating, es256Client)
    expect(headerOf(after.access_token).kid).not.toBe(headerOf(before.access_token).kid)
    await verifyWithJwks(rotating, before.access_token)
    await verifyWithJwks(rotating, after.access_token)
  })

  test('only GET', async () => {
    await expectOAuthError(await fetch(endpointUrl(op, 'jwks'), { method: 'POST' }), 405, 'invalid_request')
  })
})
