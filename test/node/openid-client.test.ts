/**
 * Full flows driven by openid-client 6 (panva), an independent Relying Party library.
 */
import { importJWK } from 'jose'
import * as client from 'openid-client'
import { describe, expect, test } from 'vitest'
import { CLIENT_KEYS } from './_keys.js'
import { claimsOf, createOp, ISSUER, POST_CLIENT, POST_LOGOUT_URI, publicJwk, REDIRECT_URI, SERVICE, SPA, useMsw, WEB } from './_helpers.js'

const SECRET_JWT = 'openid-client-shared-secret-0123456789abcdefgh'
const op = createOp({
  clients: [
    WEB,
    POST_CLIENT,
    SPA,
    SERVICE,
    { client_id: 'jwt-client', client_secret: SECRET_JWT, redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'client_secret_jwt' },
    { client_id: 'pk-client', redirect_uris: [REDIRECT_URI], grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ ...publicJwk(CLIENT_KEYS.RS256), kid: 'pk-rs' }] } },
  ],
})
/** An OP that requires DPoP nonces (RFC 9449 §8). */
const dpopOp = createOp({ issuer: 'https://dpop.example.test', dpop: { nonce: 'required' } })
useMsw(op, dpopOp)

const server = new URL(ISSUER)

/** The redirect an RP gets back: the authorization URL followed once, as a browser would. */
async function callback(url: URL): Promise<URL> {
  const response = await fetch(url, { redirect: 'manual' })
  expect(response.status).toBe(302)
  return new URL(response.headers.get('location')!)
}

async function signIn(config: client.Configuration, redirectUri = REDIRECT_URI, extra: Record<string, string> = {}) {
  const pkceCodeVerifier = client.randomPKCECodeVerifier()
  const expectedNonce = client.randomNonce()
  const expectedState = client.randomState()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email offline_access',
    code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: 'S256',
    nonce: expectedNonce,
    state: expectedState,
    ...extra,
  })
  return client.authorizationCodeGrant(config, await callback(url), { pkceCodeVerifier, expectedNonce, expectedState, idTokenExpected: true })
}

describe('openid-client', () => {
  test('client_secret_basic: sign-in, signed ID token, UserInfo, refresh, introspection, revocation, logout URL', async () => {
    const config = await client.discovery(server, 'web', undefined, client.ClientSecretBasic('s3cret'))
    client.enableNonRepudiationChecks(config)
    expect(config.serverMetadata().issuer).toBe(ISSUER)

    const tokens = await signIn(config)
    const claims = tokens.claims()!
    expect(claims).toMatchObject({ iss: ISSUER, sub: 'alice', aud: 'web' })
    expect(tokens.expiresIn()).toBeGreaterThan(3590)

    const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub)
    expect(info).toMatchObject({ sub: 'alice', email: 'alice@example.com', name: 'Alice Example' })

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!)
    expect(refreshed.claims()!.sub).toBe('alice')
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)
    await expect(client.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' })

    const fresh = await signIn(config)
    expect(await client.tokenIntrospection(config, fresh.access_token)).toMatchObject({ active: true, sub: 'alice', client_id: 'web' })
    await client.tokenRevocation(config, fresh.refresh_token!)
    expect(await client.tokenIntrospection(config, fresh.access_token)).toEqual({ active: false })

    const logout = client.buildEndSessionUrl(config, { id_token_hint: fresh.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI, state: 'bye' })
    expect(logout.searchParams.get('client_id')).toBe('web')
    const answer = await fetch(logout, { redirect: 'manual' })
    expect(answer.headers.get('location')).toBe(`${POST_LOGOUT_URI}?state=bye`)
    // Logged out: a silent sign-in now fails with login_required.
    const silent = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', prompt: 'none', state: 's' })
    await expect(client.authorizationCodeGrant(config, await callback(silent), { expectedState: 's' })).rejects.toMatchObject({ error: 'login_required' })
  })

  test('client_secret_post, and the secret-string shorthand (which is post)', async () => {
    const config = await client.discovery(server, 'poster', 'p0st-secret')
    const tokens = await signIn(config, 'https://rp.example.test/post-cb')
    expect(tokens.claims()!.aud).toBe('poster')
  })

  test('a public client (none): PKCE sign-in and refresh', async () => {
    const config = await client.discovery(server, 'spa', undefined, client.None())
    const tokens = await signIn(config, 'https://rp.example.test/spa-cb')
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!)
    expect(refreshed.access_token).toBeTypeOf('string')
  })

  test('client_secret_jwt', async () => {
    const config = await client.discovery(server, 'jwt-client', undefined, client.ClientSecretJwt(SECRET_JWT))
    const tokens = await signIn(config)
    expect((await client.refreshTokenGrant(config, tokens.refresh_token!)).access_token).toBeTypeOf('string')
  })

  test('private_key_jwt with client_credentials', async () => {
    const key = (await importJWK(CLIENT_KEYS.RS256, 'RS256')) as CryptoKey
    const config = await client.discovery(server, 'pk-client', undefined, client.PrivateKeyJwt({ key, kid: 'pk-rs' }))
    const tokens = await client.clientCredentialsGrant(config)
    expect(tokens.access_token).toBeTypeOf('string')
  })

  test('client_credentials with a scope', async () => {
    const config = await client.discovery(server, 'service', 'svc-secret')
    const tokens = await client.clientCredentialsGrant(config, { scope: 'api:read api:write' })
    expect(tokens.scope).toBe('api:read api:write')
  })

  test('dynamic client registration, then a sign-in with the new client', async () => {
    const config = await client.dynamicClientRegistration(server, { redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'client_secret_basic' }, client.ClientSecretBasic())
    const metadata = config.clientMetadata()
    expect(metadata.client_id).toBeTypeOf('string')
    expect(metadata.client_secret).toBeTypeOf('string')
    const tokens = await signIn(config)
    expect(tokens.claims()!.aud).toBe(metadata.client_id)
  })

  test('DPoP with getDPoPHandle at an OP that requires nonces: it retries once on use_dpop_nonce; bound tokens, UserInfo, refresh', async () => {
    const statuses: string[] = []
    const unsubscribe = dpopOp.subscribe((event) => statuses.push(`${event.endpoint} ${event.status}`))
    try {
      const config = await client.discovery(new URL(dpopOp.issuer), 'spa', undefined, client.None())
      const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'))
      const pkceCodeVerifier = client.randomPKCECodeVerifier()
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: 'https://rp.example.test/spa-cb',
        scope: 'openid email offline_access',
        code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
        code_challenge_method: 'S256',
        state: 'st',
      })
      const tokens = await client.authorizationCodeGrant(config, await callback(url), { pkceCodeVerifier, expectedState: 'st' }, undefined, { DPoP })
      expect(tokens.token_type).toBe('dpop')
      expect(claimsOf(tokens.access_token).cnf).toEqual({ jkt: expect.stringMatching(/^[\w-]{43}$/) })
      expect(await client.fetchUserInfo(config, tokens.access_token, 'alice', { DPoP })).toMatchObject({ sub: 'alice', email: 'alice@example.com' })
      const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!, undefined, { DPoP })
      expect(refreshed.token_type).toBe('dpop')
      // One retry, at the first token request; the nonces that came with the answers were used after.
      expect(statuses.filter((s) => !s.startsWith('provider_config') && !s.startsWith('authorization'))).toEqual(['token 400', 'token 200', 'userinfo 200', 'token 200'])
      // Another key cannot use the refresh token.
      const other = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'))
      await expect(client.refreshTokenGrant(config, refreshed.refresh_token!, undefined, { DPoP: other })).rejects.toMatchObject({ error: 'invalid_grant' })
    } finally {
      unsubscribe()
    }
  })

  test('errors surface with their OAuth code: a bad secret (with its Basic challenge), a bad authorization request', async () => {
    const wrong = await client.discovery(server, 'web', undefined, client.ClientSecretBasic('wrong'))
    const failure = await signIn(wrong).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(client.WWWAuthenticateChallengeError)
    expect(failure).toMatchObject({ status: 401, cause: [{ scheme: 'basic' }] })
    expect(await (failure as client.WWWAuthenticateChallengeError).response.json()).toMatchObject({ error: 'invalid_client' })
    const config = await client.discovery(server, 'web', undefined, client.ClientSecretBasic('s3cret'))
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', response_type: 'code', state: 'st', claims: '{broken' })
    await expect(client.authorizationCodeGrant(config, await callback(url), { expectedState: 'st' })).rejects.toMatchObject({ error: 'invalid_request' })
  })
})
