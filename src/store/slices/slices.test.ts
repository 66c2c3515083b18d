import { describe, expect, it } from 'vitest'
import { harness } from '../../../test/store/_harness.js'
import type { TokenRecord, ValidatedAuthorizationRequest } from '../state.js'

const request: ValidatedAuthorizationRequest = {
  client_id: 'web', redirect_uri: 'https://rp.example/cb', redirect_uri_sent: true, response_type: 'code',
  response_mode: 'query', scope: ['openid'], prompt: [], nonce: 'n',
}

describe('sessions', () => {
  it("a login becomes the agent's session, replaces the previous one, and needs its user", () => {
    const op = harness()
    op.users.put({ sub: 'alice' })
    const first = op.sessions.login('alice')
    const second = op.sessions.login('alice', { acr: 'urn:x', amr: ['pwd'] }, first)
    expect(op.sessions.get(first.sid)).toBeUndefined()
    expect(op.sessions.current(undefined)).toEqual(second)
    expect(op.sessions.list()).toEqual([second])
    op.users.remove('alice')
    expect(op.sessions.get(second.sid)).toBeUndefined()
  })

  it('with cookie binding the session is the one the cookie names, and expires', () => {
    const op = harness('cookie')
    op.users.put({ sub: 'alice' })
    const session = op.sessions.login('alice')
    expect(op.sessions.current(undefined)).toBeUndefined()
    // Issue 9, flaw 4: the cookie holds a random value of its own, not the sid every RP sees.
    expect(op.sessions.current(session.sid)).toBeUndefined()
    expect(op.sessions.current(session.cookie)).toEqual(session)
    op.clock.advance(3600)
    expect(op.sessions.current(session.cookie)).toBeUndefined()
  })
})

describe('consents, interactions, pushed requests', () => {
  it('consent accumulates scopes per user and client', () => {
    const op = harness()
    op.consents.record('alice', 'web', ['openid'])
    op.consents.record('alice', 'web', ['email'])
    expect(op.consents.has('alice', 'web', ['openid', 'email'])).toBe(true)
    expect(op.consents.has('alice', 'other', ['openid'])).toBe(false)
    op.consents.forget('alice')
    expect(op.consents.has('alice', 'web', [])).toBe(false)
  })

  it('an interaction lives until it ends or expires', () => {
    const op = harness()
    const started = op.interactions.start('login', request, 'sid1')
    expect(op.interactions.get(started.uid)).toEqual(started)
    op.interactions.end(started.uid)
    expect(op.interactions.get(started.uid)).toBeUndefined()
    const other = op.interactions.start('consent', request)
    op.clock.advance(600)
    expect(op.interactions.get(other.uid)).toBeUndefined()
  })

  it('a pushed request is taken once, by the client that pushed it', () => {
    const op = harness()
    const { request_uri, expires_in } = op.pushedRequests.push('web', { scope: 'openid' })
    expect(request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:/)
    expect(expires_in).toBe(60)
    expect(op.pushedRequests.take(request_uri, 'other')).toBeUndefined()
    expect(op.pushedRequests.take(request_uri, 'web')).toEqual({ scope: 'openid' })
    expect(op.pushedRequests.take(request_uri, 'web')).toBeUndefined()
  })
})

describe('grants, codes, tokens', () => {
  const grantOf = (op: ReturnType<typeof harness>) =>
    op.grants.create({ client_id: 'web', sub: 'alice', sid: 'sid1', scope: ['openid'], auth_time: 0 })

  it('a code is found by its value, redeemed once, and keeps its grant alive', () => {
    const op = harness()
    const grant = grantOf(op)
    op.clock.advance(30)
    const code = op.codes.issue(grant, request)
    const found = op.codes.find(code)!
    expect(found.record).toMatchObject({ grant_id: grant.id, nonce: 'n', redirect_uri_sent: true })
    expect(op.grants.get(grant.id)!.expires_at).toBe(op.clock.now() + 60)
    expect(op.codes.markRedeemed(found.key)).toBe(true)
    expect(op.codes.markRedeemed(found.key)).toBe(false)
  })

  it("a token is active until it expires, is rotated or revoked, or its grant or client goes", () => {
    const op = harness()
    op.clients.put({ client_id: 'web' })
    const grant = grantOf(op)
    const record: TokenRecord = { kind: 'access_token', format: 'opaque', client_id: 'web', sub: 'alice', grant_id: grant.id, scope: [], iat: 0, exp: op.clock.now() + 100, jti: 'j', revoked: false }
    op.tokens.store('a', { ...record })
    op.tokens.store('b', { ...record })
    op.tokens.store('c', { ...record, kind: 'refresh_token' })
    expect(op.grants.get(grant.id)!.expires_at).toBe(op.clock.now() + 100)
    expect(op.tokens.isActive(op.tokens.get('a')!)).toBe(true)
    op.tokens.revoke('a')
    op.tokens.markRotated('c')
    expect(op.tokens.isActive(op.tokens.get('a')!)).toBe(false)
    expect(op.tokens.isActive(op.tokens.get('c')!)).toBe(false)
    expect(op.tokens.isActive(op.tokens.get('b')!)).toBe(true)
    op.grants.revoke(grant.id)
    expect(op.tokens.isActive(op.tokens.get('b')!)).toBe(false)
  })
})

describe('replay records and DPoP nonces', () => {
  it('a jti is accepted once while it would be valid, then again after', () => {
    const op = harness()
    expect(op.replay.spendDPoPProof('j', op.clock.now() + 10)).toBe(true)
    expect(op.replay.dpopProofUsed('j')).toBe(true)
    expect(op.replay.spendDPoPProof('j', op.clock.now() + 10)).toBe(false)
    expect(op.replay.rememberAssertion('web', 'j', op.clock.now() + 10)).toBe(true)
    expect(op.replay.rememberAssertion('other', 'j', op.clock.now() + 10)).toBe(true)
    op.clock.advance(10)
    expect(op.replay.dpopProofUsed('j')).toBe(false)
  })

  it('the newest nonce is provided until half its lifetime is gone; older ones stay valid', () => {
    const op = harness()
    const first = op.dpopNonces.provide()
    op.clock.advance(100)
    expect(op.dpopNonces.provide()).toBe(first)
    op.clock.advance(60)
    const second = op.dpopNonces.provide()
    expect(second).not.toBe(first)
    expect(op.dpopNonces.expiry(first)).toBe(op.clock.now() + 140)
    op.clock.advance(140)
    expect(op.dpopNonces.expiry(first)).toBeUndefined()
  })
})

describe('users and keys', () => {
  it('a user keeps its place when replaced, and is found by hint', () => {
    const op = harness()
    op.users.replaceAll([{ sub: 'alice', email: 'Alice@Example.com' }, { sub: 'bob', preferred_username: 'bobby' }])
    op.users.put({ sub: 'alice', name: 'Alice' })
    op.users.put({ sub: 'carol' })
    expect(op.users.list().map((u) => u.sub)).toEqual(['alice', 'bob', 'carol'])
    expect(op.users.findByHint('bobby')?.sub).toBe('bob')
    expect(harness().users.findByHint('x')).toBeUndefined()
  })

  it('unnamed keys are named by thumbprint, a taken one with the algorithm appended', () => {
    const op = harness()
    op.keys.add([{ kty: 'EC', alg: 'ES256', use: 'sig', kid: '' }, { kty: 'EC', alg: 'ES384', use: 'sig', kid: '' }])
    op.keys.name(op.keys.unnamed(), ['t', 't'])
    expect(op.keys.list().map((key) => key.kid)).toEqual(['t', 't-ES384'])
    expect(op.keys.unnamed()).toEqual([])
  })
})
