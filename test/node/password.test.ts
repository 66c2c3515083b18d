/**
 * The password grant (RFC 6749 §4.3), a legacy grant: on with `passwordGrant`, for clients that
 * list it and users with a `password`.
 */
import * as client from 'openid-client'
import { describe, expect, test } from 'vitest'
import { ALICE, BOB, claimsOf, createOp, expectOAuthError, ISSUER, tokenRequest, useMsw, userinfo, WEB, type TestClient, type Tokens } from './_helpers.js'

const LEGACY: TestClient = { client_id: 'legacy', client_secret: 'l-secret', grant_types: ['password', 'refresh_token'], token_endpoint_auth_method: 'client_secret_post' }
const op = createOp({ clients: [WEB, LEGACY], users: [{ ...ALICE, password: 'wonderland' }, BOB], passwordGrant: true })
useMsw(op)

function password(body: Record<string, string>, as = LEGACY): Promise<Response> {
  return tokenRequest(op, as, { grant_type: 'password', ...body })
}

describe('password', () => {
  test("through openid-client's genericGrantRequest: tokens for alice; the password is never a claim", async () => {
    const config = await client.discovery(new URL(ISSUER), LEGACY.client_id, LEGACY.client_secret)
    expect(config.serverMetadata().grant_types_supported).toContain('password')
    const tokens = await client.genericGrantRequest(config, 'password', { username: 'alice', password: 'wonderland', scope: 'openid profile offline_access' })
    expect(claimsOf(tokens.id_token!)).toMatchObject({ sub: 'alice', amr: ['pwd'] })
    expect(tokens.refresh_token).toBeTypeOf('string')
    const claims = (await (await userinfo(op, tokens.access_token)).json()) as Record<string, unknown>
    expect(claims).toMatchObject({ sub: 'alice', name: 'Alice Example' })
    expect(claims).not.toHaveProperty('password')
  })

  test('the username may be the email', async () => {
    const response = await password({ username: 'alice@example.com', password: 'wonderland' })
    expect(((await response.json()) as Tokens).access_token).toBeTypeOf('string')
  })

  test('wrong password, unknown user, user without a password: the same invalid_grant', async () => {
    for (const body of [{ username: 'alice', password: 'nope' }, { username: 'mallory', password: 'wonderland' }, { username: 'bob', password: '' + 'x' }]) {
      const { error_description } = await expectOAuthError(await password(body), 400, 'invalid_grant')
      expect(error_description).toBe('the username or password is wrong')
    }
  })

  test('missing parameters: invalid_request; a scope beyond the OP: invalid_scope; a client that does not list it: unauthorized_client', async () => {
    await expectOAuthError(await password({ username: 'alice' }), 400, 'invalid_request')
    await expectOAuthError(await password({ username: 'alice', password: 'wonderland', scope: 'admin' }), 400, 'invalid_scope')
    await expectOAuthError(await password({ username: 'alice', password: 'wonderland' }, WEB), 400, 'unauthorized_client')
  })

  test('a user password must be a string', () => {
    expect(() => createOp({ users: [{ sub: 'x', password: 42 }] })).toThrow(/users\[0\]\.password/)
  })
})
