/**
 * Token exchange (RFC 8693): subject tokens of the OP and of trusted issuers, delegation with
 * `act`, requested token types, audience/resource, scope narrowing, and the errors of §2.2.2.
 */
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import * as client from 'openid-client'
import { describe, expect, test } from 'vitest'
import { claimsOf, clientPost, codeFlow, createOp, expectOAuthError, introspect, ISSUER, tokenRequest, useMsw, userinfo, WEB, type TestClient, type Tokens } from './_helpers.js'

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange'
const TYPE = {
  access: 'urn:ietf:params:oauth:token-type:access_token',
  refresh: 'urn:ietf:params:oauth:token-type:refresh_token',
  id: 'urn:ietf:params:oauth:token-type:id_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
}
const PARTNER = 'https://partner.example.test'
const partnerKeys = await generateKeyPair('ES256')

const EXCHANGER: TestClient = {
  client_id: 'exchanger',
  client_secret: 'x-secret',
  redirect_uris: ['https://rp.example.test/x-cb'],
  grant_types: ['authorization_code', 'refresh_token', GRANT],
  token_endpoint_auth_method: 'client_secret_post',
}
const OTHER: TestClient = { client_id: 'other', client_secret: 'o-secret', grant_types: [GRANT], token_endpoint_auth_method: 'client_secret_post' }

const op = createOp({
  clients: [WEB, EXCHANGER, OTHER],
  tokenExchange: { trustedIssuers: [{ issuer: PARTNER, jwks: { keys: [{ ...(await exportJWK(partnerKeys.publicKey)), alg: 'ES256' }] } }] },
})
const open = createOp({ issuer: 'https://open.example.test', clients: [EXCHANGER, OTHER], tokenExchange: { policy: ({ client_id }) => client_id === 'other' } })
useMsw(op, open)

function exchange(body: Record<string, string>, client = EXCHANGER): Promise<Response> {
  return tokenRequest(op, client, { grant_type: GRANT, ...body })
}

async function subject(scope = 'openid profile offline_access'): Promise<Tokens> {
  return codeFlow(op, EXCHANGER, { scope })
}

function partnerJwt(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT({ sub: 'alice', aud: ISSUER, scope: 'api:read', ...claims })
    .setProtectedHeader({ alg: 'ES256' }).setIssuer(PARTNER).setIssuedAt().setExpirationTime('5m').sign(partnerKeys.privateKey)
}

describe('token exchange', () => {
  test('is on by default and advertised; tokenExchange: false turns it off', async () => {
    expect(createOp({ issuer: 'https://plain.example.test' }).serverGet('endpoint', 'token')!.grants.has(GRANT)).toBe(true)
    const off = createOp({ issuer: 'https://off.example.test', tokenExchange: false })
    expect(off.serverGet('endpoint', 'token')!.grants.has(GRANT)).toBe(false)
    const offMd = (await (await off.handle(new Request('https://off.example.test/.well-known/openid-configuration'))).json()) as { grant_types_supported: string[] }
    expect(offMd.grant_types_supported).not.toContain(GRANT)
    const md = (await (await op.handle(new Request(`${ISSUER}/.well-known/openid-configuration`))).json()) as { grant_types_supported: string[] }
    expect(md.grant_types_supported).toContain(GRANT)
  })

  test("impersonation through openid-client's genericGrantRequest: the subject's token, issued_token_type, narrowed scope, audience", async () => {
    const tokens = await subject()
    const config = await client.discovery(new URL(ISSUER), EXCHANGER.client_id, EXCHANGER.client_secret)
    const result = await client.genericGrantRequest(config, GRANT, {
      subject_token: tokens.access_token, subject_token_type: TYPE.access, scope: 'profile', audience: 'https://api.example.test',
    })
    expect(result).toMatchObject({ token_type: 'bearer', issued_token_type: TYPE.access, scope: 'profile' })
    const claims = claimsOf(result.access_token)
    expect(claims).toMatchObject({ sub: 'alice', aud: 'https://api.example.test', scope: 'profile', client_id: 'exchanger' })
    expect(claims).not.toHaveProperty('act')
    expect(await introspect(op, result.access_token)).toMatchObject({ active: true, sub: 'alice', aud: 'https://api.example.test' })
  })

  test('delegation: actor_token → act, nesting the act of a delegated subject token (§4.1)', async () => {
    const tokens = await subject()
    const actor = await partnerJwt({ sub: 'service-a' })
    const first = (await (await exchange({ subject_token: tokens.access_token, subject_token_type: TYPE.access, actor_token: actor, actor_token_type: TYPE.jwt })).json()) as Tokens
    expect(claimsOf(first.access_token).act).toEqual({ sub: 'service-a', iss: PARTNER })
    const actor2 = await partnerJwt({ sub: 'service-b' })
    const second = (await (await exchange({ subject_token: first.access_token, subject_token_type: TYPE.access, actor_token: actor2, actor_token_type: TYPE.jwt })).json()) as Tokens
    expect(claimsOf(second.access_token).act).toEqual({ sub: 'service-b', iss: PARTNER, act: { sub: 'service-a', iss: PARTNER } })
    expect(await introspect(op, second.access_token)).toMatchObject({ act: { sub: 'service-b' } })
  })

  test('may_act (§4.4): an actor it does not name is refused', async () => {
    const subjectToken = await partnerJwt({ may_act: { sub: 'service-a' } })
    const actor = await partnerJwt({ sub: 'service-z' })
    await expectOAuthError(await exchange({ subject_token: subjectToken, subject_token_type: TYPE.jwt, actor_token: actor, actor_token_type: TYPE.jwt }), 400, 'invalid_request')
    const ok = await exchange({ subject_token: subjectToken, subject_token_type: TYPE.jwt, actor_token: await partnerJwt({ sub: 'service-a' }), actor_token_type: TYPE.jwt })
    expect(ok.status).toBe(200)
  })

  test('requested_token_type: refresh token, ID token and jwt, each with issued_token_type', async () => {
    const tokens = await subject()
    const refresh = (await (await exchange({ subject_token: tokens.refresh_token!, subject_token_type: TYPE.refresh, requested_token_type: TYPE.refresh })).json()) as Tokens & { issued_token_type: string }
    expect(refresh).toMatchObject({ issued_token_type: TYPE.refresh, token_type: 'N_A' })
    const refreshed = await tokenRequest(op, EXCHANGER, { grant_type: 'refresh_token', refresh_token: refresh.access_token })
    expect(refreshed.status).toBe(200)
    const id = (await (await exchange({ subject_token: tokens.id_token!, subject_token_type: TYPE.id, requested_token_type: TYPE.id })).json()) as Tokens & { issued_token_type: string }
    expect(id.issued_token_type).toBe(TYPE.id)
    expect(claimsOf(id.access_token)).toMatchObject({ iss: ISSUER, sub: 'alice', aud: 'exchanger' })
    const jwt = (await (await exchange({ subject_token: tokens.access_token, subject_token_type: TYPE.access, requested_token_type: TYPE.jwt })).json()) as Tokens & { issued_token_type: string }
    expect(jwt).toMatchObject({ issued_token_type: TYPE.jwt, token_type: 'Bearer' })
  })

  test('a trusted issuer JWT for a known user: UserInfo answers for it', async () => {
    const result = (await (await exchange({ subject_token: await partnerJwt({ scope: 'openid profile' }), subject_token_type: TYPE.jwt, scope: 'openid profile' })).json()) as Tokens
    const response = await userinfo(op, result.access_token)
    expect(await response.json()).toMatchObject({ sub: 'alice', name: 'Alice Example' })
  })

  test('revoking the exchanged token works like any other', async () => {
    const tokens = await subject()
    const result = (await (await exchange({ subject_token: tokens.access_token, subject_token_type: TYPE.access })).json()) as Tokens
    expect((await clientPost(op, 'token_revocation', EXCHANGER, { token: result.access_token })).status).toBe(200)
    expect((await introspect(op, result.access_token)).active).toBe(false)
  })
})

describe('token exchange errors (§2.2.2)', () => {
  test('missing subject_token or subject_token_type, unsupported types: invalid_request', async () => {
    const tokens = await subject()
    await expectOAuthError(await exchange({ subject_token_type: TYPE.access }), 400, 'invalid_request')
    await expectOAuthError(await exchange({ subject_token: tokens.access_token }), 400, 'invalid_request')
    await expectOAuthError(await exchange({ subject_token: tokens.access_token, subject_token_type: 'urn:x:saml' }), 400, 'invalid_request')
    await expectOAuthError(await exchange({ subject_token: tokens.access_token, subject_token_type: TYPE.access, requested_token_type: 'urn:x' }), 400, 'invalid_request')
    await expectOAuthError(await exchange({ subject_token: tokens.access_token, subject_token_type: TYPE.access, actor_token: 'x' }), 400, 'invalid_request')
  })

  test('an unknown, revoked or untrusted subject token: invalid_request', async () => {
    await expectOAuthError(await exchange({ subject_token: 'no-such-token', subject_token_type: TYPE.access }), 400, 'invalid_request')
    const stranger = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'ES256' }).setIssuer('https://evil.example.test').setExpirationTime('5m').sign(partnerKeys.privateKey)
    const { error_description } = await expectOAuthError(await exchange({ subject_token: stranger, subject_token_type: TYPE.jwt }), 400, 'invalid_request')
    expect(error_description).toMatch(/not trusted/)
    const tampered = (await partnerJwt({})).slice(0, -4) + 'AAAA'
    await expectOAuthError(await exchange({ subject_token: tampered, subject_token_type: TYPE.jwt }), 400, 'invalid_request')
  })

  test('scope widening: invalid_scope', async () => {
    const tokens = await subject('openid profile')
    await expectOAuthError(await exchange({ subject_token: tokens.access_token, subject_token_type: TYPE.access, scope: 'openid email' }), 400, 'invalid_scope')
  })

  test('a resource that is not an absolute URI, or has a fragment: invalid_target', async () => {
    const tokens = await subject()
    await expectOAuthError(await exchange({ subject_token: tokens.access_token, subject_token_type: TYPE.access, resource: 'api' }), 400, 'invalid_target')
    await expectOAuthError(await exchange({ subject_token: tokens.access_token, subject_token_type: TYPE.access, resource: 'https://api.example.test/#x' }), 400, 'invalid_target')
  })

  test("another client's token, by default: invalid_request; a client without the grant: unauthorized_client", async () => {
    const tokens = await subject()
    await expectOAuthError(await exchange({ subject_token: tokens.access_token, subject_token_type: TYPE.access }, OTHER), 400, 'invalid_request')
    await expectOAuthError(await exchange({ subject_token: tokens.access_token, subject_token_type: TYPE.access }, WEB), 400, 'unauthorized_client')
  })

  test('a policy decides who may exchange what', async () => {
    const tokens = await codeFlow(open, EXCHANGER, { scope: 'openid' })
    const body = { grant_type: GRANT, subject_token: tokens.access_token, subject_token_type: TYPE.access }
    expect((await tokenRequest(open, OTHER, body)).status).toBe(200)
    await expectOAuthError(await tokenRequest(open, EXCHANGER, body), 400, 'invalid_request')
  })
})
