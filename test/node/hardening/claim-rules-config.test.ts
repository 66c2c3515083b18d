/**
 * Generated `claimRules`: `new Server` either accepts them or throws a `ConfigurationError` naming
 * a `claimRules…` field, never anything else; accepted rules never change a protocol claim of the
 * tokens or UserInfo, nor touch `Object.prototype`.
 */
import fc from 'fast-check'
import { decodeJwt } from 'jose'
import { expect, test } from 'vitest'
import { ConfigurationError, Server, type ServerConfiguration } from '../../../src/index.js'
import { opJwks, WEB } from '../_helpers.js'

const SEED = Number(process.env.FUZZ_SEED ?? 90_2026)
const json = fc.jsonValue({ maxDepth: 3 })
/** Mostly names a rule may set (prototype keys included), sometimes a protocol claim or junk. */
const name = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom('tenant', 'roles', 'email', 'name', '__proto__', 'constructor', 'toString') },
  { weight: 1, arbitrary: fc.constantFrom('iss', 'sub', 'aud', 'exp', 'nonce', 'at_hash', 'active', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
)
const value = fc.constantFrom('web', 'alice', 'openid', 'A@example.test', '__proto__')
const plausible = fc.record(
  {
    match: fc.dictionary(fc.constantFrom('client_id', 'scope', 'sub', 'login_hint'), fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 3 })), { maxKeys: 3 }),
    claims: fc.dictionary(name, json, { maxKeys: 4 }),
    targets: fc.subarray(['id_token', 'access_token', 'userinfo']),
  },
  { requiredKeys: ['claims'] },
)
const hostile = fc.oneof(
  json,
  fc.record({ match: fc.oneof(json, fc.dictionary(fc.constantFrom('user', '__proto__', 'sub'), json)), claims: fc.oneof(json, fc.dictionary(name, json)), targets: fc.oneof(json, fc.array(fc.constantFrom('logout_token', 'userinfo'))) }, { requiredKeys: [] }),
)
const rule = fc.oneof({ weight: 12, arbitrary: plausible }, { weight: 1, arbitrary: hostile })
const rules = fc.oneof({ weight: 5, arbitrary: fc.array(rule, { maxLength: 4 }) }, { weight: 1, arbitrary: json })

test('generated claimRules: accepted, or refused with a claimRules field; protocol claims untouched', async () => {
  await fc.assert(
    fc.asyncProperty(rules, async (claimRules) => {
      let op: Server
      try {
        op = new Server({ issuer: 'https://fuzz.example.test', clients: [{ ...WEB }], users: [{ sub: 'alice', email: 'a@example.test' }], jwks: opJwks() as ServerConfiguration['jwks'], claimRules } as ServerConfiguration)
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigurationError)
        expect((error as ConfigurationError).field).toMatch(/^claimRules/)
        return
      }
      const id = decodeJwt(await op.issueToken({ client_id: 'web', sub: 'alice', token_type: 'id_token' }))
      const access = await op.issueToken({ client_id: 'web', sub: 'alice', scope: 'openid' })
      expect(id).toMatchObject({ iss: 'https://fuzz.example.test', sub: 'alice', aud: 'web' })
      expect(decodeJwt(access)).toMatchObject({ iss: 'https://fuzz.example.test', sub: 'alice', client_id: 'web', scope: 'openid' })
      const info = await op.handle(new Request('https://fuzz.example.test/userinfo', { headers: { authorization: `Bearer ${access}` } }))
      expect(info.status).toBe(200)
      expect(((await info.json()) as { sub: string }).sub).toBe('alice')
      expect(Object.prototype).not.toHaveProperty('polluted')
    }),
    { seed: SEED, numRuns: 300 },
  )
})
