/**
 * The JWT bearer grant (RFC 7523 §2.1): assertions signed by the client or a trusted issuer, and
 * the invalid_grant cases of §3.1 (tampered, wrong aud, expired, too far ahead, replayed, unknown sub).
 */
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWTPayload } from 'jose'
import * as client from 'openid-client'
import { describe, expect, test } from 'vitest'
import { CLIENT_KEYS } from './_keys.js'
import { claimsOf, createOp, expectOAuthError, introspect, ISSUER, publicJwk, SERVICE, tokenRequest, useMsw, type TestClient, type Tokens } from './_helpers.js'

const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer'
const IDP = 'https://idp.example.test'
const idpKeys = await generateKeyPair('ES256')
const clientKey = await importJWK(CLIENT_KEYS.ES256, 'ES256')

const BEARER: TestClient = {
  client_id: 'bearer',
  client_secret: 'b-secret',
  grant_types: [GRANT, 'refresh_token'],
  token_endpoint_auth_method: 'client_secret_post',
  jwks: { keys: [{ ...publicJwk(CLIENT_KEYS.ES256), kid: 'c1' }] },
}
const op = createOp({
  clients: [BEARER, SERVICE],
  jwtBearer: { trustedIssuers: [{ issuer: IDP, jwks: { keys: [{ ...(await exportJWK(idpKeys.publicKey)), alg: 'ES256' }] } }] },
})
useMsw(op)

let counter = 0
function assertion(claims: JWTPayload = {}, by: 'client' | 'idp' = 'client'): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ iss: by === 'client' ? 'bearer' : IDP, sub: 'alice', aud: ISSUER, iat: now, exp: now + 120, jti: `j${++counter}`, ...claims })
    .setProtectedHeader({ alg: 'ES256', ...(by === 'client' ? { kid: 'c1' } : {}) })
    .sign(by === 'client' ? clientKey : idpKeys.privateKey)
}

function bearer(body: Record<string, string>): Promise<Response> {
  return tokenRequest(op, BEARER, { grant_type: GRANT, ...body })
}

describe('jwt-bearer', () => {
  test("through openid-client's genericGrantRequest: the client's own assertion for alice", async () => {
    const config = await client.discovery(new URL(ISSUER), BEARER.client_id, BEARER.client_secret)
    expect(config.serverMetadata().grant_types_supported).toContain(GRANT)
    const tokens = await client.genericGrantRequest(config, GRANT, { assertion: await assertion(), scope: 'openid profile' })
    expect(claimsOf(tokens.id_token!)).toMatchObject({ sub: 'alice', aud: 'bearer' })
    expect(await introspect(op, tokens.access_token, BEARER)).toMatchObject({ active: true, sub: 'alice' })
  })

  test('a trusted issuer’s assertion, aud the token endpoint; a refresh token with offline_access', async () => {
    const response = await bearer({ assertion: await assertion({ aud: `${ISSUER}/token` }, 'idp'), scope: 'openid offline_access' })
    const tokens = (await response.json()) as Tokens
    expect(response.status).toBe(200)
    expect(tokens.refresh_token).toBeTypeOf('string')
  })

  test('is on by default, and off with jwtBearer: false', () => {
    expect(createOp({ issuer: 'https://plain.example.test' }).serverGet('endpoint', 'token')!.grants.has(GRANT)).toBe(true)
    expect(createOp({ issuer: 'https://off.example.test', jwtBearer: false }).serverGet('endpoint', 'token')!.grants.has(GRANT)).toBe(false)
  })
})

describe('jwt-bearer errors (§3.1): invalid_grant', () => {
  const cases: [string, () => Promise<string>][] = [
    ['tampered', async () => (await assertion()).slice(0, -4) + 'AAAA'],
    ['wrong aud', () => assertion({ aud: 'https://elsewhere.example.test' })],
    ['expired', () => assertion({ exp: Math.floor(Date.now() / 1000) - 60 })],
    ['exp too far ahead', () => assertion({ exp: Math.floor(Date.now() / 1000) + 7200 })],
    ['no exp', () => assertion({ exp: undefined })],
    ['unknown sub', () => assertion({ sub: 'mallory' })],
    ['untrusted issuer', () => assertion({ iss: 'https://evil.example.test' })],
    ['signed by another key', async () => new SignJWT({ sub: 'alice', aud: ISSUER }).setIssuer('bearer').setExpirationTime('1m').setProtectedHeader({ alg: 'ES256' }).sign(idpKeys.privateKey)],
    ['alg none', async () => `${btoa(JSON.stringify({ alg: 'none' })).replace(/=+$/, '')}.${btoa(JSON.stringify({ iss: 'bearer', sub: 'alice', aud: ISSUER, exp: Math.floor(Date.now() / 1000) + 60 })).replace(/=+$/, '')}.`],
  ]
  test.each(cases)('%s', async (_name, make) => {
    await expectOAuthError(await bearer({ assertion: await make() }), 400, 'invalid_grant')
  })

  test('a replayed jti', async () => {
    const once = await assertion()
    expect((await bearer({ assertion: once })).status).toBe(200)
    const { error_description } = await expectOAuthError(await bearer({ assertion: once }), 400, 'invalid_grant')
    expect(error_description).toMatch(/replay/)
  })

  test('missing assertion: invalid_request; a client without the grant: unauthorized_client', async () => {
    await expectOAuthError(await bearer({}), 400, 'invalid_request')
    await expectOAuthError(await tokenRequest(op, SERVICE, { grant_type: GRANT, assertion: await assertion() }), 400, 'unauthorized_client')
  })
})
