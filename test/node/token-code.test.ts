/**
 * The token endpoint, authorization_code grant: RFC 6749 §4.1.3–4.1.4 and §5, RFC 7636 §4.5–4.6,
 * OpenID Connect Core §3.1.3, RFC 9068 (JWT access tokens).
 */
import { beforeEach, describe, expect, test } from 'vitest'
import type { SigningAlg } from '../../src/index.js'
import { OP_KEYS } from './_keys.js'
import {
  claimsOf,
  codeFlow,
  createOp,
  endpointUrl,
  expectNothingStored,
  expectOAuthError,
  getCode,
  headerOf,
  introspect,
  ISSUER,
  opJwks,
  POST_CLIENT,
  postForm,
  redeem,
  SERVICE,
  SPA,
  tokenRequest,
  useMsw,
  userinfo,
  verifyWithJwks,
  WEB,
  type TestClient,
  type Tokens,
} from './_helpers.js'

const ALL_ALGS = Object.keys(OP_KEYS) as SigningAlg[]
const op = createOp({
  jwks: opJwks(...ALL_ALGS) as never,
  extraTokenClaims: ({ token, user }) => (user ? { [`${token}_extra`]: 'x', iss: 'https://evil.example', groups: user.groups } : undefined),
})
const opaque = createOp({ issuer: 'https://opaque.example.test', accessToken: { format: 'opaque' } })
const audience = createOp({ issuer: 'https://aud.example.test', accessToken: { audience: ['https://api.example.test', 'https://other-api.example.test'] } })
useMsw(op, opaque, audience)

/** OpenID Connect Core §3.1.3.6: base64url of the left half of the hash of the access token. */
async function atHash(accessToken: string, alg: string): Promise<string> {
  const hash = alg === 'EdDSA' ? 'SHA-512' : `SHA-${alg.slice(-3)}`
  const digest = new Uint8Array(await crypto.subtle.digest(hash, new TextEncoder().encode(accessToken)))
  return Buffer.from(digest.slice(0, digest.length / 2)).toString('base64url')
}

async function expectTokenError(response: Response, status: number, error: string): Promise<void> {
  await expectOAuthError(response, status, error)
  expect(response.headers.get('cache-control')).toBe('no-store')
}

describe('the token response', () => {
  test('200, no-store, Bearer, expires_in, scope, an ID token; no refresh token without offline_access', async () => {
    const got = await getCode(op, WEB, { scope: 'openid profile' })
    const response = await redeem(op, WEB, got)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('pragma')).toBe('no-cache')
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const tokens = (await response.json()) as Tokens
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'openid profile' })
    expect(tokens.id_token).toBeTypeOf('string')
    expect(tokens).not.toHaveProperty('refresh_token')
  })

  test('offline_access earns a refresh token; a client without the refresh_token grant never gets one', async () => {
    const tokens = await codeFlow(op, WEB, { scope: 'openid offline_access' })
    expect(tokens.refresh_token).toBeTypeOf('string')
    expect(tokens.scope.split(' ')).toContain('offline_access')
    op.addClient({ ...WEB, client_id: 'no-refresh', grant_types: ['authorization_code'] })
    const without = await codeFlow(op, { ...WEB, client_id: 'no-refresh' }, { scope: 'openid offline_access' })
    expect(without).not.toHaveProperty('refresh_token')
    expect(without.scope.split(' ')).not.toContain('offline_access')
  })

  test('a plain OAuth request (no openid) gets no ID token', async () => {
    const tokens = await codeFlow(op, WEB, { scope: 'api:read' })
    expect(tokens).not.toHaveProperty('id_token')
    expect(tokens.scope).toBe('api:read')
  })

  test('the access token is an RFC 9068 JWT: typ at+jwt, iss, exp, aud, sub, client_id, iat, jti, scope', async () => {
    const tokens = await codeFlow(op, WEB, { scope: 'openid email' })
    const { payload, header } = await verifyWithJwks(op, tokens.access_token, { typ: 'at+jwt', audience: ISSUER })
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' })
    expect(payload).toMatchObject({ iss: ISSUER, aud: ISSUER, sub: 'alice', client_id: 'web', scope: 'openid email' })
    for (const claim of ['exp', 'iat', 'jti', 'auth_time']) expect(payload, claim).toHaveProperty(claim)
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600)
  })

  test('accessToken.audience sets the aud of access tokens', async () => {
    const tokens = await codeFlow(audience, WEB)
    const { payload } = await verifyWithJwks(audience, tokens.access_token, { audience: 'https://api.example.test' })
    expect(payload.aud).toEqual(['https://api.example.test', 'https://other-api.example.test'])
  })

  test('opaque access tokens by configuration still work at UserInfo and introspection', async () => {
    const tokens = await codeFlow(opaque, WEB)
    expect(tokens.access_token.split('.')).toHaveLength(1)
    expect((await userinfo(opaque, tokens.access_token)).status).toBe(200)
    expect(await introspect(opaque, tokens.access_token)).toMatchObject({ active: true, sub: 'alice', client_id: 'web' })
  })

  test('the ID token: iss, sub, aud, exp, iat, auth_time, sid, at_hash; nonce only when sent', async () => {
    const withNonce = await codeFlow(op, WEB, { nonce: 'n-42' })
    const { payload } = await verifyWithJwks(op, withNonce.id_token!, { audience: 'web' })
    expect(payload).toMatchObject({ iss: ISSUER, sub: 'alice', aud: 'web', nonce: 'n-42' })
    for (const claim of ['exp', 'iat', 'auth_time', 'sid']) expect(payload, claim).toHaveProperty(claim)
    expect(payload.at_hash).toBe(await atHash(withNonce.access_token, 'RS256'))
    expect(claimsOf((await codeFlow(op, WEB)).id_token!)).not.toHaveProperty('nonce')
  })

  test('extraTokenClaims adds claims to both tokens but never overrides the protocol ones', async () => {
    const tokens = await codeFlow(op, WEB)
    const at = claimsOf(tokens.access_token)
    const id = claimsOf(tokens.id_token!)
    expect(at).toMatchObject({ access_token_extra: 'x', iss: ISSUER, groups: ['admins'] })
    expect(id).toMatchObject({ id_token_extra: 'x', iss: ISSUER })
  })

  test.each(ALL_ALGS)('id_token_signed_response_alg %s: signed with it, verifies against the JWKS, at_hash with its hash', async (alg) => {
    const client: TestClient = { ...WEB, client_id: `alg-${alg}`, id_token_signed_response_alg: alg }
    op.addClient(client)
    const tokens = await codeFlow(op, client, { nonce: 'n' })
    expect(headerOf(tokens.id_token!).alg).toBe(alg)
    const { payload } = await verifyWithJwks(op, tokens.id_token!, { audience: client.client_id, algorithms: [alg] })
    expect(payload.at_hash).toBe(await atHash(tokens.access_token, alg))
  })
})

describe('bad requests: the right error, no-store, and nothing stored (the code still works after)', () => {
  beforeEach(() => op.clock.reset())

  test('missing, repeated and unknown parameters', async () => {
    const got = await getCode(op, WEB)
    await expectNothingStored(op, async () => {
      await expectTokenError(await tokenRequest(op, WEB, { code: got.code, redirect_uri: got.redirect_uri }), 400, 'invalid_request')
      await expectTokenError(await tokenRequest(op, WEB, { grant_type: 'authorization_code', redirect_uri: got.redirect_uri }), 400, 'invalid_request')
      await expectTokenError(await tokenRequest(op, WEB, { grant_type: 'authorization_code', code: [got.code, got.code], redirect_uri: got.redirect_uri }), 400, 'invalid_request')
      await expectTokenError(
        await tokenRequest(op, WEB, { grant_type: ['authorization_code', 'authorization_code'], code: got.code, redirect_uri: got.redirect_uri }),
        400,
        'invalid_request',
      )
      await expectTokenError(await tokenRequest(op, WEB, { grant_type: 'urn:example:unknown-grant' }), 400, 'unsupported_grant_type')
      // The password grant is supported, but only for the clients that list it.
      await expectTokenError(await tokenRequest(op, WEB, { grant_type: 'password', username: 'alice', password: 'x' }), 400, 'unauthorized_client')
      await expectTokenError(await tokenRequest(op, WEB, { grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: got.redirect_uri }), 400, 'invalid_grant')
    })
    expect((await redeem(op, WEB, got)).status).toBe(200)
  })

  test('unknown parameters are ignored, even repeated (RFC 6749 §3.2)', async () => {
    const got = await getCode(op, WEB)
    expect((await redeem(op, WEB, got, { resource_hint: ['a', 'b'], scope: 'ignored' })).status).toBe(200)
  })

  test('the code is bound to its client (another authenticated client gets invalid_grant)', async () => {
    const got = await getCode(op, WEB)
    await expectNothingStored(op, async () => {
      await expectTokenError(await tokenRequest(op, POST_CLIENT, { grant_type: 'authorization_code', code: got.code, redirect_uri: got.redirect_uri }), 400, 'invalid_grant')
    })
    expect((await redeem(op, WEB, got)).status).toBe(200)
  })

  test('a client not allowed the authorization_code grant: unauthorized_client', async () => {
    const got = await getCode(op, WEB)
    await expectNothingStored(op, async () => {
      await expectTokenError(await tokenRequest(op, SERVICE, { grant_type: 'authorization_code', code: got.code, redirect_uri: got.redirect_uri }), 400, 'unauthorized_client')
    })
  })

  test('the code is bound to its redirect_uri (RFC 6749 §4.1.3)', async () => {
    const got = await getCode(op, WEB)
    await expectNothingStored(op, async () => {
      await expectTokenError(await redeem(op, WEB, got, { redirect_uri: `${got.redirect_uri}/other` }), 400, 'invalid_grant')
      await expectTokenError(await redeem(op, WEB, got, { redirect_uri: undefined }), 400, 'invalid_grant')
    })
    expect((await redeem(op, WEB, got)).status).toBe(200)
  })

  test('the code is bound to the PKCE challenge (RFC 7636 §4.6)', async () => {
    const got = await getCode(op, SPA)
    await expectNothingStored(op, async () => {
      await expectTokenError(await redeem(op, SPA, { ...got, verifier: undefined }), 400, 'invalid_grant')
      await expectTokenError(await redeem(op, SPA, { ...got, verifier: 'A'.repeat(43) }), 400, 'invalid_grant')
      await expectTokenError(await redeem(op, SPA, { ...got, verifier: 'too-short' }), 400, 'invalid_grant')
      await expectTokenError(await redeem(op, SPA, { ...got, verifier: `${got.verifier}!` }), 400, 'invalid_grant')
    })
    expect((await redeem(op, SPA, got)).status).toBe(200)
  })

  test('a code_verifier for a code issued without PKCE is refused (PKCE downgrade, RFC 9700 §2.1.1)', async () => {
    const got = await getCode(op, WEB)
    await expectNothingStored(op, async () => {
      await expectTokenError(await redeem(op, WEB, got, { code_verifier: 'B'.repeat(43) }), 400, 'invalid_grant')
    })
  })

  test('an expired code: invalid_grant', async () => {
    const got = await getCode(op, WEB)
    op.clock.advance(61)
    await expectNothingStored(op, async () => {
      await expectTokenError(await redeem(op, WEB, got), 400, 'invalid_grant')
    })
  })

  test('a body that is not a form, a GET: errors with no-store', async () => {
    const url = endpointUrl(op, 'token')
    await expectTokenError(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${btoa('web:s3cret')}` }, body: '{}' }), 400, 'invalid_request')
    await expectTokenError(await fetch(url), 405, 'invalid_request')
  })

  test('a public client may not use the code of a confidential one by naming it', async () => {
    const got = await getCode(op, WEB)
    await expectNothingStored(op, async () => {
      await expectTokenError(await postForm(endpointUrl(op, 'token'), { grant_type: 'authorization_code', code: got.code, redirect_uri: got.redirect_uri, client_id: 'web' }), 401, 'invalid_client')
    })
  })
})

describe('single use (RFC 6749 §4.1.2)', () => {
  test('a reused code is invalid_grant and revokes the tokens it issued', async () => {
    const got = await getCode(op, WEB, { scope: 'openid offline_access' })
    const first = (await (await redeem(op, WEB, got)).json()) as Tokens
    expect((await userinfo(op, first.access_token)).status).toBe(200)

    await expectTokenError(await redeem(op, WEB, got), 400, 'invalid_grant')
    expect((await userinfo(op, first.access_token)).status).toBe(401)
    expect(await introspect(op, first.access_token)).toEqual({ active: false })
    await expectTokenError(await tokenRequest(op, WEB, { grant_type: 'refresh_token', refresh_token: first.refresh_token! }), 400, 'invalid_grant')
  })

  test('once redeemed, the code record keeps only what recognising it again takes; its reuse still revokes the grant', async () => {
    const earlier = new Set(Object.keys(op.dump().codes))
    const got = await getCode(op, SPA, { nonce: 'n-0S6_WzA2Mj' })
    const key = Object.keys(op.dump().codes).find((k) => !earlier.has(k))!
    const before = op.dump().codes[key]
    expect(before).toMatchObject({ nonce: 'n-0S6_WzA2Mj', code_challenge_method: 'S256' })
    const first = (await (await redeem(op, SPA, got)).json()) as Tokens
    expect(claimsOf(first.id_token!).nonce).toBe('n-0S6_WzA2Mj')

    expect(op.dump().codes[key]).toEqual({
      grant_id: before!.grant_id,
      client_id: SPA.client_id,
      redirect_uri: before!.redirect_uri,
      redirect_uri_sent: true,
      expires_at: before!.expires_at,
      redeemed_at: expect.any(Number),
    })
    await expectTokenError(await redeem(op, SPA, got), 400, 'invalid_grant')
    expect((await userinfo(op, first.access_token)).status).toBe(401)
  })

  test('a replayed code revokes what it issued even when the replay fails other checks (a stolen code without its verifier)', async () => {
    const got = await getCode(op, SPA)
    const first = (await (await redeem(op, SPA, got)).json()) as Tokens
    await expectTokenError(await redeem(op, SPA, { ...got, verifier: 'x'.repeat(43) }), 400, 'invalid_grant')
    expect((await userinfo(op, first.access_token)).status).toBe(401)
  })

  test('two concurrent redemptions of one code: exactly one gets tokens', async () => {
    const got = await getCode(op, SPA)
    const responses = await Promise.all([redeem(op, SPA, got), redeem(op, SPA, got), redeem(op, SPA, got)])
    expect(responses.map((r) => r.status).sort()).toEqual([200, 400, 400])
    // The code was used more than once: what it issued is revoked too.
    const winner = (await responses.find((r) => r.status === 200)!.json()) as Tokens
    expect((await userinfo(op, winner.access_token)).status).toBe(401)
  })
})
