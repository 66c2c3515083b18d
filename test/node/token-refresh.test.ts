/**
 * The refresh_token grant: RFC 6749 §6, OpenID Connect Core §12, rotation with reuse detection
 * (RFC 9700 §4.14.2).
 */
import { beforeEach, describe, expect, test } from 'vitest'
import {
  claimsOf,
  codeFlow,
  createOp,
  endpointUrl,
  expectNothingStored,
  expectOAuthError,
  frozenClock,
  introspect,
  POST_CLIENT,
  postForm,
  SPA,
  tokenRequest,
  useMsw,
  userinfo,
  verifyWithJwks,
  WEB,
  type TestClient,
  type Tokens,
} from './_helpers.js'

const op = createOp({ clock: frozenClock() })
const steady = createOp({ issuer: 'https://steady.example.test', rotateRefreshToken: false })
useMsw(op, steady)

async function refresh(client: TestClient, refreshToken: string, extra: Record<string, string> = {}, server = op): Promise<Response> {
  return tokenRequest(server, client, { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra })
}

async function refreshed(client: TestClient, refreshToken: string, extra: Record<string, string> = {}, server = op): Promise<Tokens> {
  const response = await refresh(client, refreshToken, extra, server)
  expect(response.status).toBe(200)
  expect(response.headers.get('cache-control')).toBe('no-store')
  return (await response.json()) as Tokens
}

async function offline(client: TestClient = WEB, scope = 'openid profile email offline_access', server = op): Promise<Tokens> {
  const tokens = await codeFlow(server, client, { scope, nonce: 'n-1' })
  expect(tokens.refresh_token).toBeTypeOf('string')
  return tokens
}

beforeEach(() => op.clock.reset())

describe('refresh', () => {
  test('new access token, rotated refresh token, and an ID token true to Core §12.2', async () => {
    const first = await offline()
    op.clock.advance(30)
    const next = await refreshed(WEB, first.refresh_token!)
    expect(next).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: first.scope })
    expect(next.access_token).not.toBe(first.access_token)
    expect(next.refresh_token).toBeTypeOf('string')
    expect(next.refresh_token).not.toBe(first.refresh_token)
    const before = claimsOf(first.id_token!)
    const { payload: after } = await verifyWithJwks(op, next.id_token!, { audience: 'web' })
    for (const claim of ['iss', 'sub', 'aud', 'auth_time', 'sid'] as const) expect(after[claim], claim).toEqual(before[claim])
    expect(after.iat).toBe((before.iat as number) + 30)
    expect(after).not.toHaveProperty('nonce')
    expect((await userinfo(op, next.access_token)).status).toBe(200)
  })

  test('a public client refreshes with its client_id alone', async () => {
    const first = await offline(SPA)
    expect((await refreshed(SPA, first.refresh_token!)).access_token).toBeTypeOf('string')
  })

  test('scope may narrow (RFC 6749 §6); the next refresh token keeps the original scope', async () => {
    const first = await offline()
    const narrow = await refreshed(WEB, first.refresh_token!, { scope: 'openid email' })
    expect(narrow.scope).toBe('openid email')
    expect(claimsOf(narrow.access_token).scope).toBe('openid email')
    expect(await (await userinfo(op, narrow.access_token)).json()).toEqual({ sub: 'alice', email: 'alice@example.com', email_verified: true })
    const wide = await refreshed(WEB, narrow.refresh_token!)
    expect(wide.scope).toBe(first.scope)
  })

  test('a scope without openid gets no ID token', async () => {
    const first = await offline()
    const next = await refreshed(WEB, first.refresh_token!, { scope: 'profile' })
    expect(next).not.toHaveProperty('id_token')
  })

  test('offline access outlives the login session (Core §11)', async () => {
    const first = await offline()
    op.endSession(claimsOf(first.id_token!).sid as string)
    expect((await refresh(WEB, first.refresh_token!)).status).toBe(200)
  })

  test('rotateRefreshToken: false keeps one refresh token, usable again and again', async () => {
    const first = await offline(WEB, 'openid offline_access', steady)
    for (let i = 0; i < 3; i++) {
      const next = await refreshed(WEB, first.refresh_token!, {}, steady)
      expect(next).not.toHaveProperty('refresh_token')
    }
  })
})

describe('reuse of a rotated refresh token revokes the grant', () => {
  test('the old token is invalid_grant, and the new refresh and access tokens die with the grant', async () => {
    const first = await offline()
    const second = await refreshed(WEB, first.refresh_token!)
    await expectOAuthError(await refresh(WEB, first.refresh_token!), 400, 'invalid_grant')
    await expectOAuthError(await refresh(WEB, second.refresh_token!), 400, 'invalid_grant')
    expect((await userinfo(op, second.access_token)).status).toBe(401)
    expect((await userinfo(op, first.access_token)).status).toBe(401)
    expect(await introspect(op, second.refresh_token!)).toEqual({ active: false })
  })

  test('two concurrent refreshes with one token: one wins, and the reuse revokes the grant', async () => {
    const first = await offline()
    const responses = await Promise.all([refresh(WEB, first.refresh_token!), refresh(WEB, first.refresh_token!)])
    expect(responses.map((r) => r.status).sort()).toEqual([200, 400])
    const winner = (await responses.find((r) => r.status === 200)!.json()) as Tokens
    await expectOAuthError(await refresh(WEB, winner.refresh_token!), 400, 'invalid_grant')
  })
})

describe('bad requests: the right error, no-store, nothing stored (the token still works after)', () => {
  test('missing, repeated, unknown refresh token', async () => {
    const first = await offline()
    await expectNothingStored(op, async () => {
      await expectOAuthError(await tokenRequest(op, WEB, { grant_type: 'refresh_token' }), 400, 'invalid_request')
      await expectOAuthError(await tokenRequest(op, WEB, { grant_type: 'refresh_token', refresh_token: [first.refresh_token!, first.refresh_token!] }), 400, 'invalid_request')
      const unknown = await refresh(WEB, 'not-a-refresh-token')
      await expectOAuthError(unknown, 400, 'invalid_grant')
      expect(unknown.headers.get('cache-control')).toBe('no-store')
      // An access token is not a refresh token.
      await expectOAuthError(await refresh(WEB, first.access_token), 400, 'invalid_grant')
    })
    expect((await refresh(WEB, first.refresh_token!)).status).toBe(200)
  })

  test('a wider scope is invalid_scope', async () => {
    const first = await offline(WEB, 'openid offline_access')
    await expectNothingStored(op, async () => {
      await expectOAuthError(await refresh(WEB, first.refresh_token!, { scope: 'openid email' }), 400, 'invalid_scope')
    })
    expect((await refresh(WEB, first.refresh_token!)).status).toBe(200)
  })

  test('the refresh token is bound to its client', async () => {
    const first = await offline()
    await expectNothingStored(op, async () => {
      await expectOAuthError(await refresh(POST_CLIENT, first.refresh_token!), 400, 'invalid_grant')
    })
    expect((await refresh(WEB, first.refresh_token!)).status).toBe(200)
  })

  test('wrong client secret: invalid_client 401 with a Basic challenge', async () => {
    const first = await offline()
    await expectNothingStored(op, async () => {
      const response = await refresh({ ...WEB, client_secret: 'wrong' }, first.refresh_token!)
      await expectOAuthError(response, 401, 'invalid_client')
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic /)
    })
    expect((await refresh(WEB, first.refresh_token!)).status).toBe(200)
  })

  test('a client without the refresh_token grant: unauthorized_client', async () => {
    const first = await offline()
    op.addClient({ ...WEB, client_id: 'code-only', grant_types: ['authorization_code'] })
    await expectNothingStored(op, async () => {
      await expectOAuthError(await refresh({ ...WEB, client_id: 'code-only' }, first.refresh_token!), 400, 'unauthorized_client')
    })
  })

  test('an expired refresh token', async () => {
    const first = await offline()
    op.clock.advance(14 * 24 * 3600 + 1)
    await expectNothingStored(op, async () => {
      await expectOAuthError(await refresh(WEB, first.refresh_token!), 400, 'invalid_grant')
    })
  })

  test('a revoked refresh token (RFC 7009)', async () => {
    const first = await offline()
    const revoked = await postForm(endpointUrl(op, 'token_revocation'), { token: first.refresh_token! }, { authorization: `Basic ${btoa('web:s3cret')}` })
    expect(revoked.status).toBe(200)
    await expectOAuthError(await refresh(WEB, first.refresh_token!), 400, 'invalid_grant')
  })

  test('a refresh token of a removed user', async () => {
    op.putUser({ sub: 'temp', name: 'Temporary' })
    const first = await codeFlow(op, WEB, { scope: 'openid offline_access', login_hint: 'temp' })
    op.removeUser('temp')
    await expectOAuthError(await refresh(WEB, first.refresh_token!), 400, 'invalid_grant')
  })
})
