import { describe, expect, it } from 'vitest'
import { harness } from '../../test/store/_harness.js'
import type { TokenRecord } from './state.js'

function withFlow() {
  const op = harness()
  op.users.replaceAll([{ sub: 'alice' }, { sub: 'bob' }])
  op.clients.put({ client_id: 'web' })
  const session = op.sessions.login('alice')
  const online = op.grants.create({ client_id: 'web', sub: 'alice', sid: session.sid, scope: ['openid'], auth_time: 0 })
  const offline = op.grants.create({ client_id: 'web', sub: 'alice', sid: session.sid, scope: ['openid', 'offline_access'], auth_time: 0 })
  const bobs = op.grants.create({ client_id: 'web', sub: 'bob', scope: ['openid'], auth_time: 0 })
  op.consents.record('alice', 'web', ['openid'])
  const token = (kind: TokenRecord['kind'], grant_id: string): TokenRecord =>
    ({ kind, format: 'opaque', client_id: 'web', sub: 'alice', grant_id, scope: [], iat: 0, exp: op.clock.now() + 100, jti: kind, revoked: false })
  op.tokens.store('access', token('access_token', online.id))
  op.tokens.store('refresh', token('refresh_token', offline.id))
  return { op, session, online, offline, bobs }
}

describe('rules across slices', () => {
  it('logout ends the session and its grants, except offline ones', () => {
    const { op, session, online, offline, bobs } = withFlow()
    op.actions.logout(session.sid)
    expect(op.sessions.current(undefined)).toBeUndefined()
    expect(op.store.getState().agent_session).toBeNull()
    expect([online, offline, bobs].map((g) => op.grants.get(g.id)!.revoked)).toEqual([true, false, false])
  })

  it("removing a user ends their sessions, revokes their grants and forgets their consents", () => {
    const { op, session, online, bobs } = withFlow()
    expect(op.actions.removeUser('alice')).toBe(true)
    expect(op.actions.removeUser('alice')).toBe(false)
    expect(op.store.getState().sessions).toEqual({})
    expect(op.sessions.get(session.sid)).toBeUndefined()
    expect(op.grants.get(online.id)!.revoked).toBe(true)
    expect(op.grants.get(bobs.id)!.revoked).toBe(false)
    expect(op.consents.has('alice', 'web', [])).toBe(false)
  })

  it("removing a client revokes its grants; its tokens are inactive", () => {
    const { op, online } = withFlow()
    expect(op.actions.removeClient('web')).toBe(true)
    expect(op.actions.removeClient('web')).toBe(false)
    expect(op.grants.get(online.id)!.revoked).toBe(true)
    expect(op.tokens.isActive(op.tokens.get('access')!)).toBe(false)
  })

  it('revoking a refresh token revokes its grant; an access token only itself', () => {
    const { op, online, offline } = withFlow()
    op.actions.revokeToken('access')
    expect(op.tokens.get('access')!.revoked).toBe(true)
    expect(op.grants.get(online.id)!.revoked).toBe(false)
    op.actions.revokeToken('refresh')
    expect(op.tokens.get('refresh')!.revoked).toBe(false)
    expect(op.grants.get(offline.id)!.revoked).toBe(true)
    op.actions.revokeToken('unknown')
  })
})
