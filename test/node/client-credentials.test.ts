/**
 * The client_credentials grant: RFC 6749 §4.4, RFC 9068 §2.2 (sub is the client).
 */
import { describe, expect, test } from 'vitest'
import {
  createOp,
  expectNothingStored,
  expectOAuthError,
  introspect,
  ISSUER,
  SERVICE,
  tokenRequest,
  useMsw,
  userinfo,
  verifyWithJwks,
  WEB,
  type Tokens,
} from './_helpers.js'

const op = createOp()
useMsw(op)

function clientCredentials(extra: Record<string, string> = {}, client = SERVICE): Promise<Response> {
  return tokenRequest(op, client, { grant_type: 'client_credentials', ...extra })
}

describe('client_credentials', () => {
  test('an access token for the client itself: no refresh token, no ID token, no-store', async () => {
    const response = await clientCredentials({ scope: 'api:read' })
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const tokens = (await response.json()) as Tokens
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'api:read' })
    expect(tokens).not.toHaveProperty('refresh_token')
    expect(tokens).not.toHaveProperty('id_token')
    const { payload, header } = await verifyWithJwks(op, tokens.access_token, { typ: 'at+jwt', audience: ISSUER })
    expect(header.typ).toBe('at+jwt')
    expect(payload).toMatchObject({ sub: 'service', client_id: 'service', scope: 'api:read' })
    expect(payload).not.toHaveProperty('auth_time')
  })

  test('without scope: a token with no scope', async () => {
    const tokens = (await (await clientCredentials()).json()) as Tokens
    expect(tokens).not.toHaveProperty('scope')
  })

  test('the token introspects as active for the client; UserInfo refuses it (no openid: 403 insufficient_scope)', async () => {
    const tokens = (await (await clientCredentials({ scope: 'api:read api:write' })).json()) as Tokens
    expect(await introspect(op, tokens.access_token)).toMatchObject({ active: true, sub: 'service', client_id: 'service', scope: 'api:read api:write' })
    const response = await userinfo(op, tokens.access_token)
    expect(response.status).toBe(403)
    expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope"/)
  })

  test('bad requests: nothing stored', async () => {
    await expectNothingStored(op, async () => {
      // User scopes make no sense for a client acting for itself.
      await expectOAuthError(await clientCredentials({ scope: 'openid' }), 400, 'invalid_scope')
      await expectOAuthError(await clientCredentials({ scope: 'offline_access' }), 400, 'invalid_scope')
      // Outside the client's registered scope.
      await expectOAuthError(await clientCredentials({ scope: 'api:read api:admin' }), 400, 'invalid_scope')
      // Repeated parameters.
      await expectOAuthError(await tokenRequest(op, SERVICE, { grant_type: 'client_credentials', scope: ['api:read', 'api:write'] }), 400, 'invalid_request')
      // A client not registered for the grant.
      await expectOAuthError(await clientCredentials({}, WEB), 400, 'unauthorized_client')
      // Wrong secret, unknown client.
      await expectOAuthError(await clientCredentials({}, { ...SERVICE, client_secret: 'wrong' }), 401, 'invalid_client')
      await expectOAuthError(await clientCredentials({}, { ...SERVICE, client_id: 'ghost' }), 401, 'invalid_client')
    })
  })

  test('the token dies with its client', async () => {
    op.addClient({ ...SERVICE, client_id: 'short-lived' })
    const tokens = (await (await clientCredentials({}, { ...SERVICE, client_id: 'short-lived' })).json()) as Tokens
    expect((await introspect(op, tokens.access_token)).active).toBe(true)
    op.removeClient('short-lived')
    expect(await introspect(op, tokens.access_token)).toEqual({ active: false })
  })

  test('the token expires by the OP clock', async () => {
    const tokens = (await (await clientCredentials()).json()) as Tokens
    op.clock.advance(3601)
    try {
      expect(await introspect(op, tokens.access_token)).toEqual({ active: false })
    } finally {
      op.clock.reset()
    }
  })
})
