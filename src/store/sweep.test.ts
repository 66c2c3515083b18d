import { describe, expect, it } from 'vitest'
import { harness } from '../../test/store/_harness.js'
import { initialState } from './state.js'

describe('the expiry sweep', () => {
  it('drops every expired record in one write, and keeps what still lives', () => {
    const op = harness()
    op.users.put({ sub: 'alice' })
    op.sessions.login('alice')
    const grant = op.grants.create({ client_id: 'web', sub: 'alice', scope: [], auth_time: 0 })
    op.interactions.start('login', { client_id: 'web', redirect_uri: 'x', redirect_uri_sent: false, response_type: 'code', response_mode: 'query', scope: [], prompt: [] })
    op.pushedRequests.push('web', {})
    op.replay.spendDPoPProof('j', op.clock.now() + 30)
    op.replay.rememberAssertion('web', 'j', op.clock.now() + 30)
    op.dpopNonces.provide()
    op.codes.issue(grant, { client_id: 'web', redirect_uri: 'x', redirect_uri_sent: false, response_type: 'code', response_mode: 'query', scope: [], prompt: [] })
    op.tokens.store('t', { kind: 'access_token', format: 'opaque', client_id: 'web', sub: 'alice', scope: [], iat: 0, exp: op.clock.now() + 7200, jti: 't', revoked: false })

    op.clock.advance(3600)
    const revision = op.store.getState().revision
    op.actions.sweep()
    expect(op.store.getState().revision).toBe(revision + 1)
    const { revision: _revision, users, tokens, ...rest } = op.store.getState()
    const { users: _users, tokens: _tokens, ...empty } = initialState()
    expect(rest).toEqual(empty)
    expect(Object.keys(tokens)).toEqual(['t'])
    expect(users).toHaveLength(1)
  })

  it('runs by itself now and then as records are added', () => {
    const op = harness()
    op.replay.spendDPoPProof('old', op.clock.now() + 1)
    op.clock.advance(61)
    op.replay.spendDPoPProof('new', op.clock.now() + 1)
    expect(Object.keys(op.store.getState().dpop_jtis)).toEqual(['h:new'])
  })
})
