import { describe, expect, it } from 'vitest'
import { createOPStore } from './store.js'
import { createStateApi } from './slices/index.js'
import { ownString, scopeInterner } from './compact.js'

describe('ownString', () => {
  it('keeps the value, short or long, and undefined', () => {
    const query = `${'x'.repeat(300)}&nonce=iwBoeb94NHA6m7rc7V0s_A&state=1`
    const nonce = query.slice(307, 329)
    expect(ownString(nonce)).toBe('iwBoeb94NHA6m7rc7V0s_A')
    expect(ownString('S256')).toBe('S256')
    expect(ownString(undefined)).toBeUndefined()
    expect(ownString('"quoted" \\ ünïcödé ✓')).toBe('"quoted" \\ ünïcödé ✓')
  })
})

describe('scopeInterner', () => {
  it('gives one frozen array per list, in its order, with the same values', () => {
    const intern = scopeInterner()
    const first = intern('openid profile'.split(' '))
    expect(first).toEqual(['openid', 'profile'])
    expect(Object.isFrozen(first)).toBe(true)
    expect(intern(['openid', 'profile'])).toBe(first)
    expect(intern(first)).toBe(first)
    expect(intern(['profile', 'openid'])).not.toBe(first)
    // Values with spaces do not collide with a longer list.
    expect(intern(['openid profile'])).toEqual(['openid profile'])
    expect(intern([])).toEqual([])
  })

  it('shares at most `max` lists; past that, each is an exact frozen copy', () => {
    const intern = scopeInterner(2)
    intern(['a'])
    intern(['b'])
    const third = intern(['c'])
    expect(third).toEqual(['c'])
    expect(Object.isFrozen(third)).toBe(true)
    expect(intern(['c'])).not.toBe(third)
    expect(intern(['a'])).toBe(intern(['a']))
  })

  it('a grant and the tokens stored for it share one scope array; the records stay plain data', () => {
    const store = createOPStore()
    let now = 1_000_000
    const state = createStateApi({
      store,
      clock: { now: () => now },
      settings: { sessionBinding: 'agent', ttl: { Session: 60, Interaction: 60, AuthorizationCode: 60, PushedAuthorizationRequest: 60, DPoPNonce: 60 }, limits: { interactions: 10, pushedRequests: 10, sessions: 10, registeredClients: 10 } },
      random: { id: () => `id${now++}`, token: () => `token${now++}` },
      hash: (value) => `hash:${value}`,
    })
    const grant = state.grants.create({ client_id: 'c', sub: 's', sid: 'sid', scope: 'openid email'.split(' '), auth_time: now })
    state.tokens.store('t1', { kind: 'access_token', format: 'jwt', client_id: 'c', sub: 's', grant_id: grant.id, scope: ['openid', 'email'], iat: now, exp: now + 60, jti: 't1', revoked: false })
    expect(state.tokens.get('t1')!.scope).toBe(grant.scope)
    expect(Object.keys(grant)).toEqual(['client_id', 'sub', 'sid', 'scope', 'auth_time', 'id', 'created_at', 'revoked', 'expires_at'])
    const copy = structuredClone(store.getState().grants[grant.id]!)
    expect(copy).toEqual(grant)
    expect(Object.isFrozen(copy.scope)).toBe(false)
  })
})
