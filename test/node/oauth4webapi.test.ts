/**
 * Full flows driven by oauth4webapi (panva), an independent client: it checks iss (RFC 9207),
 * state, nonce, the ID token claims and, on request, every JWS signature against the JWKS.
 */
import { importJWK } from 'jose'
import * as oauth from 'oauth4webapi'
import { beforeAll, describe, expect, test } from 'vitest'
import type { SigningAlg } from '../../src/index.js'
import { CLIENT_KEYS, OP_KEYS } from './_keys.js'
import { claimsOf, createOp, hiddenInputs, ISSUER, opJwks, POST_CLIENT, POST_LOGOUT_URI, publicJwk, REDIRECT_URI, SERVICE, SPA, useMsw, WEB } from './_helpers.js'

const SECRET_JWT = 'client-secret-jwt-shared-secret-0123456789abcdef'
const op = createOp({
  jwks: opJwks(...(Object.keys(OP_KEYS) as SigningAlg[])) as never,
  clients: [
    WEB,
    POST_CLIENT,
    SPA,
    SERVICE,
    { client_id: 'jwt-client', client_secret: SECRET_JWT, redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code', 'client_credentials'], token_endpoint_auth_method: 'client_secret_jwt' },
    { client_id: 'pk-client', redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code', 'client_credentials'], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ ...publicJwk(CLIENT_KEYS.ES256), kid: 'pk-1' }] } },
  ],
})
/** An OP that requires DPoP nonces (RFC 9449 §8). */
const dpopOp = createOp({ issuer: 'https://dpop.example.test', dpop: { nonce: 'required' } })
useMsw(op, dpopOp)

const issuer = new URL(ISSUER)
let as: oauth.AuthorizationServer
beforeAll(async () => {
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer))
})

interface Login {
  params: URLSearchParams
  verifier: string
  nonce: string
}

/** The authorization request an RP builds, sent with fetch; the response validated by oauth4webapi. */
async function login(client: oauth.Client, extra: Record<string, string> = {}, redirectUri = REDIRECT_URI): Promise<Login> {
  const verifier = oauth.generateRandomCodeVerifier()
  const state = oauth.generateRandomState()
  const nonce = oauth.generateRandomNonce()
  const url = new URL(as.authorization_endpoint!)
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile email offline_access',
    state,
    nonce,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  }).toString()
  const response = await fetch(url, { redirect: 'manual' })
  let returned: URL | URLSearchParams
  if (extra.response_mode === 'form_post') returned = hiddenInputs(await response.text())
  else if (extra.response_mode === 'fragment') returned = new URLSearchParams(new URL(response.headers.get('location')!).hash.slice(1))
  else returned = new URL(response.headers.get('location')!)
  return { params: oauth.validateAuthResponse(as, client, returned, state), verifier, nonce }
}

async function codeGrant(client: oauth.Client, auth: oauth.ClientAuth, extra: Record<string, string> = {}, options: oauth.ProcessAuthorizationCodeResponseOptions = {}) {
  const { params, verifier, nonce } = await login(client, extra)
  const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier)
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce, requireIdToken: true, ...options })
  return { tokens, response }
}

describe('discovery', () => {
  test('the metadata passes oauth4webapi and says iss is sent', () => {
    expect(as.issuer).toBe(ISSUER)
    expect(as.authorization_response_iss_parameter_supported).toBe(true)
    expect(as.code_challenge_methods_supported).toContain('S256')
  })
})

describe('authorization code flow, client_secret_basic', () => {
  test('tokens, signature checks, UserInfo, RFC 9068 access token, refresh, introspection, revocation, logout', async () => {
    const client: oauth.Client = { client_id: 'web' }
    const auth = oauth.ClientSecretBasic('s3cret')
    const { tokens, response } = await codeGrant(client, auth)
    await oauth.validateApplicationLevelSignature(as, response)
    const claims = oauth.getValidatedIdTokenClaims(tokens)!
    expect(claims).toMatchObject({ iss: ISSUER, sub: 'alice', aud: 'web' })
    expect(tokens.token_type).toBe('bearer')
    expect(tokens.refresh_token).toBeTypeOf('string')

    // The resource server's view (RFC 9068).
    const atClaims = await oauth.validateJwtAccessToken(as, new Request('https://api.example.test/', { headers: { authorization: `Bearer ${tokens.access_token}` } }), ISSUER)
    expect(atClaims).toMatchObject({ sub: 'alice', client_id: 'web', iss: ISSUER })

    const info = await oauth.processUserInfoResponse(as, client, claims.sub, await oauth.userInfoRequest(as, client, tokens.access_token))
    expect(info).toMatchObject({ sub: 'alice', name: 'Alice Example', email: 'alice@example.com' })

    const refreshResponse = await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!)
    const refreshed = await oauth.processRefreshTokenResponse(as, client, refreshResponse)
    await oauth.validateApplicationLevelSignature(as, refreshResponse)
    expect(oauth.getValidatedIdTokenClaims(refreshed)!.sub).toBe('alice')
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token)

    const active = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.access_token))
    expect(active).toMatchObject({ active: true, client_id: 'web', sub: 'alice' })

    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, refreshed.refresh_token!))
    const inactive = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, auth, refreshed.access_token))
    expect(inactive).toEqual({ active: false })

    const logout = new URL(as.end_session_endpoint!)
    logout.search = new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI, state: 'bye' }).toString()
    const answer = await fetch(logout, { redirect: 'manual' })
    expect(answer.status).toBe(302)
    expect(answer.headers.get('location')).toBe(`${POST_LOGOUT_URI}?state=bye`)
  })

  test('max_age: oauth4webapi checks auth_time', async () => {
    const { tokens } = await codeGrant({ client_id: 'web' }, oauth.ClientSecretBasic('s3cret'), { max_age: '300' }, { maxAge: 300 })
    expect(oauth.getValidatedIdTokenClaims(tokens)!.auth_time).toBeTypeOf('number')
  })

  test('response_mode fragment and form_post', async () => {
    for (const mode of ['fragment', 'form_post']) {
      const { params } = await login({ client_id: 'web' }, { response_mode: mode })
      expect(params.get('code'), mode).toBeTypeOf('string')
    }
  })
})

describe('other client authentication methods', () => {
  test('client_secret_post', async () => {
    const client: oauth.Client = { client_id: 'poster' }
    const { params, verifier, nonce } = await login(client, {}, `https://rp.example.test/post-cb`)
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretPost('p0st-secret'), params, 'https://rp.example.test/post-cb', verifier)
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce })
    expect(tokens.id_token).toBeTypeOf('string')
  })

  test('none (a public client with PKCE), refresh included', async () => {
    const client: oauth.Client = { client_id: 'spa', token_endpoint_auth_method: 'none' }
    const { params, verifier, nonce } = await login(client, {}, 'https://rp.example.test/spa-cb')
    const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, 'https://rp.example.test/spa-cb', verifier)
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: nonce })
    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!))
    expect(refreshed.access_token).toBeTypeOf('string')
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, oauth.None(), refreshed.refresh_token!))
  })

  test('client_secret_jwt (aud = issuer), at the token and introspection endpoints', async () => {
    const client: oauth.Client = { client_id: 'jwt-client' }
    const { tokens } = await codeGrant(client, oauth.ClientSecretJwt(SECRET_JWT))
    const introspected = await oauth.processIntrospectionResponse(as, client, await oauth.introspectionRequest(as, client, oauth.ClientSecretJwt(SECRET_JWT), tokens.access_token))
    expect(introspected.active).toBe(true)
  })

  test('private_key_jwt, code flow and client_credentials', async () => {
    const client: oauth.Client = { client_id: 'pk-client' }
    const key = { key: (await importJWK(CLIENT_KEYS.ES256, 'ES256')) as CryptoKey, kid: 'pk-1' }
    const { tokens } = await codeGrant(client, oauth.PrivateKeyJwt(key))
    expect(tokens.id_token).toBeTypeOf('string')
    const cc = await oauth.processClientCredentialsResponse(as, client, await oauth.clientCredentialsGrantRequest(as, client, oauth.PrivateKeyJwt(key), new URLSearchParams()))
    expect(cc.access_token).toBeTypeOf('string')
  })

  test('client_credentials with client_secret_post', async () => {
    const client: oauth.Client = { client_id: 'service' }
    const response = await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretPost('svc-secret'), new URLSearchParams({ scope: 'api:read' }))
    const tokens = await oauth.processClientCredentialsResponse(as, client, response)
    expect(tokens.scope).toBe('api:read')
    const claims = await oauth.validateJwtAccessToken(as, new Request('https://api.example.test/', { headers: { authorization: `Bearer ${tokens.access_token}` } }), ISSUER)
    expect(claims.sub).toBe('service')
  })
})

describe('ID token signing algorithms', () => {
  test.each(['PS256', 'ES256', 'ES512', 'EdDSA'] as const)('%s, verified by oauth4webapi against the JWKS', async (alg) => {
    op.addClient({ ...WEB, client_id: `o4w-${alg}`, id_token_signed_response_alg: alg })
    const client: oauth.Client = { client_id: `o4w-${alg}`, id_token_signed_response_alg: alg }
    const { response, tokens } = await codeGrant(client, oauth.ClientSecretBasic('s3cret'))
    await oauth.validateApplicationLevelSignature(as, response)
    expect(oauth.getValidatedIdTokenClaims(tokens)!.aud).toBe(`o4w-${alg}`)
  })
})

describe('errors, as oauth4webapi reports them', () => {
  test('an authorization error carries iss and state, and is raised as such', async () => {
    const state = oauth.generateRandomState()
    const url = new URL(as.authorization_endpoint!)
    url.search = new URLSearchParams({ client_id: 'web', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', prompt: 'none', state, max_age: '0' }).toString()
    const location = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
    const error = (() => {
      try {
        oauth.validateAuthResponse(as, { client_id: 'web' }, location, state)
      } catch (thrown) {
        return thrown
      }
    })()
    expect(error).toBeInstanceOf(oauth.AuthorizationResponseError)
    expect((error as oauth.AuthorizationResponseError).error).toBe('login_required')
  })

  test('a reused code is a ResponseBodyError invalid_grant', async () => {
    const client: oauth.Client = { client_id: 'web' }
    const auth = oauth.ClientSecretBasic('s3cret')
    const { params, verifier, nonce } = await login(client)
    await oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier), { expectedNonce: nonce })
    const again = oauth.processAuthorizationCodeResponse(as, client, await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, verifier), { expectedNonce: nonce })
    await expect(again).rejects.toMatchObject({ name: 'ResponseBodyError', error: 'invalid_grant', status: 400 })
  })

  test('a wrong secret is invalid_client 401; UserInfo with a bad token is a WWW-Authenticate challenge', async () => {
    const client: oauth.Client = { client_id: 'service' }
    const bad = oauth.processClientCredentialsResponse(as, client, await oauth.clientCredentialsGrantRequest(as, client, oauth.ClientSecretPost('wrong'), new URLSearchParams()))
    await expect(bad).rejects.toMatchObject({ error: 'invalid_client', status: 401 })
    const userinfo = oauth.processUserInfoResponse(as, { client_id: 'web' }, oauth.skipSubjectCheck, await oauth.userInfoRequest(as, { client_id: 'web' }, 'not-a-token'))
    await expect(userinfo).rejects.toBeInstanceOf(oauth.WWWAuthenticateChallengeError)
  })
})

describe('DPoP (RFC 9449) through a DPoP handle, at an OP that requires nonces', () => {
  const dpopIssuer = new URL(dpopOp.issuer)
  const redirectUri = 'https://rp.example.test/spa-cb'

  /** Sends a request; on use_dpop_nonce (the handle keeps the nonce it was given) sends it once more. */
  async function withNonceRetry<T>(send: () => Promise<Response>, processResponse: (response: Response) => Promise<T>): Promise<{ result: T; retried: boolean }> {
    try {
      return { result: await processResponse(await send()), retried: false }
    } catch (error) {
      if (!oauth.isDPoPNonceError(error)) throw error
      return { result: await processResponse(await send()), retried: true }
    }
  }

  test('a public client: the code bound with dpop_jkt, the nonce retry, DPoP tokens, UserInfo with the DPoP scheme, a refresh with the same key', async () => {
    const das = await oauth.processDiscoveryResponse(dpopIssuer, await oauth.discoveryRequest(dpopIssuer))
    expect(das.dpop_signing_alg_values_supported).toContain('ES256')
    const client: oauth.Client = { client_id: 'spa', token_endpoint_auth_method: 'none' }
    const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('ES256'))
    const jkt = await DPoP.calculateThumbprint()

    const verifier = oauth.generateRandomCodeVerifier()
    const state = oauth.generateRandomState()
    const url = new URL(das.authorization_endpoint!)
    url.search = new URLSearchParams({
      client_id: 'spa', redirect_uri: redirectUri, response_type: 'code', scope: 'openid email offline_access', state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', dpop_jkt: jkt,
    }).toString()
    const params = oauth.validateAuthResponse(das, client, new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!), state)

    const { result: tokens, retried } = await withNonceRetry(
      () => oauth.authorizationCodeGrantRequest(das, client, oauth.None(), params, redirectUri, verifier, { DPoP }),
      (response) => oauth.processAuthorizationCodeResponse(das, client, response),
    )
    expect(retried).toBe(true)
    expect(tokens.token_type).toBe('dpop')
    expect(claimsOf(tokens.access_token).cnf).toEqual({ jkt })

    // Same origin: the handle already holds the OP's nonce.
    const info = await withNonceRetry(
      () => oauth.userInfoRequest(das, client, tokens.access_token, { DPoP }),
      (response) => oauth.processUserInfoResponse(das, client, oauth.skipSubjectCheck, response),
    )
    expect(info).toEqual({ result: { sub: 'alice', email: 'alice@example.com', email_verified: true }, retried: false })

    const refreshed = await withNonceRetry(
      () => oauth.refreshTokenGrantRequest(das, client, oauth.None(), tokens.refresh_token!, { DPoP }),
      (response) => oauth.processRefreshTokenResponse(das, client, response),
    )
    expect(refreshed.result.token_type).toBe('dpop')

    // The refresh token is bound to the key: another key's proof is refused.
    const thief = oauth.DPoP(client, await oauth.generateKeyPair('ES256'))
    const stolen = withNonceRetry(
      () => oauth.refreshTokenGrantRequest(das, client, oauth.None(), refreshed.result.refresh_token!, { DPoP: thief }),
      (response) => oauth.processRefreshTokenResponse(das, client, response),
    )
    await expect(stolen).rejects.toMatchObject({ error: 'invalid_grant', status: 400 })

    const introspected = await oauth.processIntrospectionResponse(das, { client_id: 'web' }, await oauth.introspectionRequest(das, { client_id: 'web' }, oauth.ClientSecretBasic('s3cret'), refreshed.result.access_token))
    expect(introspected).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt } })
  })

  test('a DPoP-bound token sent without the handle is a Bearer token, which UserInfo refuses with its challenges', async () => {
    const client: oauth.Client = { client_id: 'service' }
    const das = await oauth.processDiscoveryResponse(dpopIssuer, await oauth.discoveryRequest(dpopIssuer))
    const DPoP = oauth.DPoP(client, await oauth.generateKeyPair('EdDSA'))
    const { result: tokens } = await withNonceRetry(
      () => oauth.clientCredentialsGrantRequest(das, client, oauth.ClientSecretPost('svc-secret'), new URLSearchParams({ scope: 'api:read' }), { DPoP }),
      (response) => oauth.processClientCredentialsResponse(das, client, response),
    )
    expect(tokens.token_type).toBe('dpop')
    const failure = await oauth.processUserInfoResponse(das, client, oauth.skipSubjectCheck, await oauth.userInfoRequest(das, client, tokens.access_token)).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(oauth.WWWAuthenticateChallengeError)
    const challenges = (failure as oauth.WWWAuthenticateChallengeError).cause
    expect(challenges.map((c) => c.scheme)).toEqual(['bearer', 'dpop'])
    expect(challenges[0]!.parameters.error).toBe('invalid_token')
    expect(challenges[1]!.parameters.algs).toContain('EdDSA')
  })
})
