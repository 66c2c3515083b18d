/**
 * Flaw 8 of issue 9: `load()` checks a snapshot fully before replacing anything, names the field
 * that is wrong, and the OP keeps its state and keeps answering.
 */
import { expect, test } from 'vitest'
import { ConfigurationError } from '../../../src/index.js'
import { codeFlow, createOp, useMsw, userinfo } from '../_helpers.js'

const op = createOp()
useMsw(op)

const BROKEN: Array<[string, Record<string, unknown>, string]> = [
  ['clients: null', { clients: null }, 'snapshot.clients'],
  ['keys: null', { keys: null }, 'snapshot.keys'],
  ['a key without kty', { keys: [{ kid: 'k', alg: 'ES256' }] }, 'snapshot.keys[0].kty'],
  ['users: {}', { users: {} }, 'snapshot.users'],
  ['a token without exp', { tokens: { t: { kind: 'access_token', format: 'opaque', client_id: 'web', sub: 'alice', scope: [], iat: 1, jti: 'j', revoked: false } } }, 'snapshot.tokens.t.exp'],
  ['a session that is a string', { sessions: { s: 'x' } }, 'snapshot.sessions.s'],
  ['consents with a number', { consents: { alice: { web: 3 } } }, 'snapshot.consents.alice.web'],
  ['dpop_nonces with a string', { dpop_nonces: { n: 'soon' } }, 'snapshot.dpop_nonces.n'],
  ['agent_session: 5', { agent_session: 5 }, 'snapshot.agent_session'],
]

test.each(BROKEN)('%s is refused with its path, and the OP keeps its state', async (_, part, field) => {
  const tokens = await codeFlow(op)
  const before = op.dump()
  let thrown: unknown
  try {
    op.load({ ...before, ...part } as never)
  } catch (error) {
    thrown = error
  }
  expect(thrown).toBeInstanceOf(ConfigurationError)
  expect((thrown as ConfigurationError).field).toBe(field)
  expect(op.dump()).toEqual(before)
  expect((await userinfo(op, tokens.access_token)).status).toBe(200)
})

test('a snapshot made by dump() still loads', () => {
  const before = op.dump()
  op.load(before)
  expect(op.dump()).toEqual(before)
})
