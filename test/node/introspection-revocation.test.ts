/**
 * Token introspection (RFC 7662) and revocation (RFC 7009).
 */
import { beforeEach, describe, expect, test } from 'vitest'
import {
  basic,
  claimsOf,
  clientPost,
  codeFlow,
  createOp,
  endpointUrl,
  expectNothingStored,
  expectOAuthError,
  getCode,
  introspect,
  ISSUER,
  POST_CLIENT,
  postForm,
  SERVICE,
  SPA,
  tokenRequest,
  useMsw,
  userinfo,
  WEB,
  type Tokens,
} from './_helpers.js'

const op = createOp()
useMsw(op)
beforeEach(() => {
  op.reset()
  op.clock.reset()
})

const INTROSPECTION = endpointUrl(op, 'introspection')
const REVOCATION = endpointUrl(op, 'token_revocation')

function revoke(token: string, client = WEB, extra: Record<string, string> = {}): Promise<Response> {
  return clientPost(op, 'token_revocation', client, { token, ...extra })
}

async function offline(): Promise<Tokens> {
  return codeFlow(op, WEB, { scope: 'openid email offline_access' })
}

describe('introspection (RFC 7662 §2.2)', () => {
  test('an active access token: active, scope, client_id, username, token_type, exp, iat, sub, aud, iss, jti', async () => {
    const tokens = await offline()
    const response = await clientPost(op, 'introspection', WEB, { token: tokens.access_token })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = await response.json()
    expect(body).toMatchObject({
      active: true,
      scope: 'openid email offline_access',
      client_id: 'web',
      username: 'alice',
      token_type: 'Bearer',
      sub: 'alice',
      aud: ISSUER,
      iss: ISSUER,
    })
    for (const claim of ['exp', 'iat', 'jti']) expect(body[claim], claim).toBeTypeOf(claim === 'jti' ? 'string' : 'number')
  })

  test('an active refresh token, with or without token_type_hint, and with a wrong hint (§2.1)', async () => {
    const tokens = await offline()
    for (const hint of [undefined, 'refresh_token', 'access_token', 'unknown_hint']) {
      const response = await clientPost(op, 'introspection', WEB, { token: tokens.refresh_token!, ...(hint ? { token_type_hint: hint } : {}) })
      expect(await response.json(), String(hint)).toMatchObject({ active: true, client_id: 'web', sub: 'alice' })
    }
    expect((await introspect(op, tokens.access_token)).active).toBe(true)
  })

  test('{"active": false} and nothing else for unknown, expired, revoked tokens, codes and ID tokens', async () => {
    const tokens = await offline()
    const { code } = await getCode(op, WEB)
    await expectNothingStored(op, async () => {
      for (const token of ['unknown', 'a.b.c', code, tokens.id_token!]) expect(await introspect(op, token), token).toEqual({ active: false })
    })
    expect((await revoke(tokens.access_token)).status).toBe(200)
    expect(await introspect(op, tokens.access_token)).toEqual({ active: false })
    const fresh = await codeFlow(op, WEB)
    op.clock.advance(3601)
    expect(await introspect(op, fresh.access_token)).toEqual({ active: false })
  })

  test('any confidential client may introspect (a resource server), with any method it registered', async () => {
    const tokens = await codeFlow(op, WEB)
    expect((await introspect(op, tokens.access_token, POST_CLIENT)).active).toBe(true)
    expect((await introspect(op, tokens.access_token, SERVICE)).active).toBe(true)
  })

  test('unknown parameters are ignored, even repeated (RFC 6749 §3.2); token_type_hint may not repeat', async () => {
    const tokens = await codeFlow(op, WEB)
    const ignored = await clientPost(op, 'introspection', WEB, { token: tokens.access_token, extension: ['a', 'b'] })
    expect(await ignored.json()).toMatchObject({ active: true })
    const hints = await clientPost(op, 'introspection', WEB, { token: tokens.access_token, token_type_hint: ['access_token', 'refresh_token'] })
    await expectOAuthError(hints, 400, 'invalid_request')
    expect((await revoke(tokens.access_token, WEB, { extension: 'x' })).status).toBe(200)
  })

  test('errors: client authentication required (public clients refused), token required, once; nothing stored', async () => {
    const tokens = await codeFlow(op, WEB)
    await expectNothingStored(op, async () => {
      await expectOAuthError(await postForm(INTROSPECTION, { token: tokens.access_token }), 401, 'invalid_client')
      await expectOAuthError(await clientPost(op, 'introspection', SPA, { token: tokens.access_token }), 401, 'invalid_client')
      const wrong = await postForm(INTROSPECTION, { token: tokens.access_token }, basic('web', 'wrong'))
      await expectOAuthError(wrong, 401, 'invalid_client')
      expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /)
      await expectOAuthError(await clientPost(op, 'introspection', WEB, {}), 400, 'invalid_request')
      await expectOAuthError(await clientPost(op, 'introspection', WEB, { token: [tokens.access_token, 'x'] }), 400, 'invalid_request')
      await expectOAuthError(await fetch(INTROSPECTION, { method: 'POST', headers: basic('web', 's3cret'), body: JSON.stringify({ token: 'x' }) }), 400, 'invalid_request')
      await expectOAuthError(await fetch(INTROSPECTION), 405, 'invalid_request')
    })
  })
})

describe('revocation (RFC 7009)', () => {
  test('an access token: 200, then inactive at introspection and UserInfo; the grant lives on', async () => {
    const tokens = await offline()
    const response = await revoke(tokens.access_token)
    expect(response.status).toBe(200)
    expect(await introspect(op, tokens.access_token)).toEqual({ active: false })
    expect((await userinfo(op, tokens.access_token)).status).toBe(401)
    expect((await tokenRequest(op, WEB, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })).status).toBe(200)
  })

  test("a refresh token revokes its grant: the grant's access tokens die too (§2.1)", async () => {
    const tokens = await offline()
    const refreshed = (await (await tokenRequest(op, WEB, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })).json()) as Tokens
    expect((await revoke(refreshed.refresh_token!, WEB, { token_type_hint: 'refresh_token' })).status).toBe(200)
    for (const token of [refreshed.refresh_token!, refreshed.access_token, tokens.access_token]) expect(await introspect(op, token)).toEqual({ active: false })
    await expectOAuthError(await tokenRequest(op, WEB, { grant_type: 'refresh_token', refresh_token: refreshed.refresh_token! }), 400, 'invalid_grant')
  })

  test('a wrong token_type_hint still finds the token', async () => {
    const tokens = await offline()
    expect((await revoke(tokens.access_token, WEB, { token_type_hint: 'refresh_token' })).status).toBe(200)
    expect(await introspect(op, tokens.access_token)).toEqual({ active: false })
  })

  test('an unknown, malformed or already revoked token: 200, nothing stored (§2.2)', async () => {
    const tokens = await codeFlow(op, WEB)
    await revoke(tokens.access_token)
    await expectNothingStored(op, async () => {
      expect((await revoke('never-issued')).status).toBe(200)
      expect((await revoke('eyJhbGciOiJub25lIn0.eyJqdGkiOiJ4In0.')).status).toBe(200)
      expect((await revoke(tokens.access_token)).status).toBe(200)
    })
  })

  test('a public client revokes its own tokens with its client_id', async () => {
    const tokens = await codeFlow(op, SPA, { scope: 'openid offline_access' })
    expect((await revoke(tokens.refresh_token!, SPA)).status).toBe(200)
    expect(await introspect(op, tokens.access_token)).toEqual({ active: false })
  })

  test("another client's token is refused and stays active (§2.1)", async () => {
    const tokens = await offline()
    await expectNothingStored(op, async () => {
      await expectOAuthError(await revoke(tokens.access_token, POST_CLIENT), 400, 'invalid_request')
      await expectOAuthError(await revoke(tokens.refresh_token!, POST_CLIENT), 400, 'invalid_request')
    })
    expect((await introspect(op, tokens.access_token)).active).toBe(true)
  })

  test('errors: no client, a wrong secret, no token, a repeated token; nothing stored', async () => {
    const tokens = await codeFlow(op, WEB)
    await expectNothingStored(op, async () => {
      await expectOAuthError(await postForm(REVOCATION, { token: tokens.access_token }), 401, 'invalid_client')
      const wrong = await postForm(REVOCATION, { token: tokens.access_token }, basic('web', 'nope'))
      await expectOAuthError(wrong, 401, 'invalid_client')
      expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /)
      await expectOAuthError(await clientPost(op, 'token_revocation', WEB, {}), 400, 'invalid_request')
      await expectOAuthError(await clientPost(op, 'token_revocation', WEB, { token: [tokens.access_token, tokens.access_token] }), 400, 'invalid_request')
      await expectOAuthError(await fetch(REVOCATION), 405, 'invalid_request')
    })
    expect((await introspect(op, tokens.access_token)).active).toBe(true)
  })

  test('op.revokeToken and op.revokeGrant do the same from the host', async () => {
    const tokens = await offline()
    const key = Object.entries(op.dump().tokens).find(([, record]) => record.kind === 'refresh_token')![0]
    expect(op.revokeToken(key)).toBe(true)
    expect(await introspect(op, tokens.access_token)).toEqual({ active: false })
    const other = await codeFlow(op, WEB)
    const grantId = op.dump().tokens[claimsOf(other.access_token).jti!]!.grant_id!
    expect(op.revokeGrant(grantId)).toBe(true)
    expect(await introspect(op, other.access_token)).toEqual({ active: false })
    expect(op.revokeToken('no-such-key')).toBe(false)
    expect(op.revokeGrant('no-such-grant')).toBe(false)
  })
})
