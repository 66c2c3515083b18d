/**
 * Full flows driven by oidc-client-ts (its OidcClient runs in Node with an in-memory state store),
 * the library most browser RPs use.
 */
import { calculateJwkThumbprint, exportJWK, SignJWT } from 'jose'
import { DPoPState, ErrorResponse, InMemoryWebStorage, OidcClient, WebStorageStateStore, type OidcClientSettings, type RefreshState } from 'oidc-client-ts'
import { describe, expect, test, vi } from 'vitest'
import { claimsOf, createOp, introspect, ISSUER, POST_CLIENT, POST_LOGOUT_URI, randomState, REDIRECT_URI, RP, SPA, useMsw, WEB } from './_helpers.js'

const SECRET_JWT = 'oidc-client-ts-shared-secret-0123456789abcdefgh'
const op = createOp({
  clients: [
    WEB,
    POST_CLIENT,
    SPA,
    { client_id: 'jwt-client', client_secret: SECRET_JWT, redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'client_secret_jwt' },
  ],
})
/** An OP that requires DPoP nonces (RFC 9449 §8). */
const dpopOp = createOp({ issuer: 'https://dpop.example.test', dpop: { nonce: 'required' } })
useMsw(op, dpopOp)

function oidcClient(settings: Partial<OidcClientSettings> & Pick<OidcClientSettings, 'client_id' | 'redirect_uri'>): OidcClient {
  return new OidcClient({
    authority: ISSUER,
    scope: 'openid profile email offline_access',
    loadUserInfo: true,
    stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    ...settings,
  })
}

/** What a UserManager keeps of a signed-in user to refresh it (RefreshState is only a type at run time). */
function refreshState(user: Omit<RefreshState, 'session_state'>): RefreshState {
  return { session_state: null, ...user }
}

/** The store `dpop: { store }` needs in Node: the default one keeps the key pair in IndexedDB. */
function memoryDPoPStore() {
  const states = new Map<string, DPoPState>()
  return {
    states,
    set: async (key: string, value: DPoPState) => void states.set(key, value),
    get: async (key: string) => states.get(key)!,
    remove: async (key: string) => {
      const state = states.get(key)!
      states.delete(key)
      return state
    },
    getAllKeys: async () => [...states.keys()],
  }
}

/** Follows the authorization URL once, as the browser would, and returns where it lands. */
async function land(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' })
  expect(response.status).toBe(302)
  return response.headers.get('location')!
}

describe('oidc-client-ts OidcClient', () => {
  test('a public client: PKCE sign-in with UserInfo, refresh, revocation, and a logout round trip', async () => {
    const rp = oidcClient({ client_id: 'spa', redirect_uri: `${RP}/spa-cb`, post_logout_redirect_uri: `${RP}/spa-logged-out` })
    const request = await rp.createSigninRequest({ state: { returnTo: '/account' }, nonce: 'n-oidc' })
    const url = new URL(request.url)
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')

    const signin = await rp.processSigninResponse(await land(request.url))
    expect(signin.userState).toEqual({ returnTo: '/account' })
    expect(signin.profile).toMatchObject({ sub: 'alice', name: 'Alice Example', email: 'alice@example.com', iss: ISSUER, aud: 'spa' })
    expect(claimsOf(signin.id_token!).nonce).toBe('n-oidc')
    expect(signin.token_type).toBe('Bearer')
    expect(signin.refresh_token).toBeTypeOf('string')
    expect(signin.scope).toBe('openid profile email offline_access')

    const refreshed = await rp.useRefreshToken({
      state: refreshState({ refresh_token: signin.refresh_token!, id_token: signin.id_token!, scope: signin.scope!, profile: signin.profile }),
    })
    expect(refreshed.access_token).not.toBe(signin.access_token)
    expect(refreshed.refresh_token).not.toBe(signin.refresh_token)
    expect(refreshed.profile.sub).toBe('alice')

    await rp.revokeToken(refreshed.refresh_token!, 'refresh_token')
    expect(await introspect(op, refreshed.access_token)).toEqual({ active: false })
    await expect(
      rp.useRefreshToken({ state: refreshState({ refresh_token: refreshed.refresh_token!, profile: refreshed.profile }) }),
    ).rejects.toMatchObject({ error: 'invalid_grant' })

    const signout = await rp.createSignoutRequest({ id_token_hint: signin.id_token!, state: { bye: true } })
    const landed = await land(signout.url)
    expect(landed.startsWith(`${RP}/spa-logged-out?state=`)).toBe(true)
    const done = await rp.processSignoutResponse(landed)
    expect(done.userState).toEqual({ bye: true })
  })

  test('response_mode fragment', async () => {
    const rp = oidcClient({ client_id: 'spa', redirect_uri: `${RP}/spa-cb`, response_mode: 'fragment' })
    const request = await rp.createSigninRequest({ state: {} })
    const landed = await land(request.url)
    expect(new URL(landed).hash).toMatch(/code=/)
    expect((await rp.processSigninResponse(landed)).profile.sub).toBe('alice')
  })

  test('client_secret_post (its default), refresh and revocation', async () => {
    const rp = oidcClient({ client_id: 'poster', client_secret: 'p0st-secret', redirect_uri: `${RP}/post-cb` })
    const signin = await rp.processSigninResponse(await land((await rp.createSigninRequest({ state: {} })).url))
    expect(signin.profile.aud).toBe('poster')
    await rp.revokeToken(signin.access_token, 'access_token')
    expect(await introspect(op, signin.access_token)).toEqual({ active: false })
  })

  test('client_secret_basic', async () => {
    const rp = oidcClient({ client_id: 'web', client_secret: 's3cret', client_authentication: 'client_secret_basic', redirect_uri: REDIRECT_URI, post_logout_redirect_uri: POST_LOGOUT_URI })
    const signin = await rp.processSigninResponse(await land((await rp.createSigninRequest({ state: {} })).url))
    const refreshed = await rp.useRefreshToken({ state: refreshState({ refresh_token: signin.refresh_token!, scope: signin.scope!, profile: signin.profile }) })
    expect(refreshed.access_token).toBeTypeOf('string')
  })

  test('client_secret_jwt (its assertion has the token endpoint as aud)', async () => {
    // It signs with window.crypto.
    vi.stubGlobal('window', { crypto: globalThis.crypto })
    try {
      const rp = oidcClient({ client_id: 'jwt-client', client_secret: SECRET_JWT, client_authentication: 'client_secret_jwt', redirect_uri: REDIRECT_URI })
      const signin = await rp.processSigninResponse(await land((await rp.createSigninRequest({ state: {} })).url))
      expect(signin.profile.aud).toBe('jwt-client')
    } finally {
      vi.unstubAllGlobals()
    }
  })

  test('dpop: the code bound with dpop_jkt, its retry on use_dpop_nonce, DPoP-bound tokens and refresh; UserInfo takes a proof of the same key', async () => {
    // It makes its keys and proofs with window.crypto.
    vi.stubGlobal('window', { crypto: globalThis.crypto })
    const statuses: string[] = []
    const unsubscribe = dpopOp.subscribe((event) => statuses.push(`${event.endpoint} ${event.status}`))
    try {
      // What UserManager does with bind_authorization_code: a key pair in the store, its thumbprint as dpop_jkt.
      const store = memoryDPoPStore()
      const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])
      await store.set('spa', new DPoPState(keys))
      const jkt = await calculateJwkThumbprint(await exportJWK(keys.publicKey))
      const rp = oidcClient({ authority: dpopOp.issuer, client_id: 'spa', redirect_uri: `${RP}/spa-cb`, loadUserInfo: false, dpop: { store } })
      const request = await rp.createSigninRequest({ state: {}, dpopJkt: jkt })
      expect(new URL(request.url).searchParams.get('dpop_jkt')).toBe(jkt)
      const signin = await rp.processSigninResponse(await land(request.url))
      expect(signin.token_type).toBe('DPoP')
      expect(claimsOf(signin.access_token).cnf).toEqual({ jkt })
      const refreshed = await rp.useRefreshToken({ state: refreshState({ refresh_token: signin.refresh_token!, scope: signin.scope!, profile: signin.profile }) })
      expect(refreshed.token_type).toBe('DPoP')
      // The first token request met the nonce challenge and was retried; the refresh used the nonce it kept.
      expect(statuses.filter((s) => s.startsWith('token'))).toEqual(['token 400', 'token 200', 'token 200'])

      // UserInfo as an app calls it with oidc-client-ts's DPoP key (UserManager.dpopProof() in a browser).
      const { nonce } = store.states.get('spa')!
      const userinfoUrl = `${dpopOp.issuer}/userinfo`
      const ath = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(refreshed.access_token))).toString('base64url')
      const dpop = await new SignJWT({ jti: randomState(), htm: 'GET', htu: userinfoUrl, iat: Math.floor(Date.now() / 1000), ath, nonce })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(keys.publicKey) })
        .sign(keys.privateKey)
      const info = await fetch(userinfoUrl, { headers: { authorization: `DPoP ${refreshed.access_token}`, dpop } })
      expect(await info.json()).toMatchObject({ sub: 'alice' })

      // loadUserInfo: oidc-client-ts 3.5 sends the token with the Bearer scheme, which a DPoP-bound token may not use (RFC 9449 §7.2).
      const loading = oidcClient({ authority: dpopOp.issuer, client_id: 'spa', redirect_uri: `${RP}/spa-cb`, loadUserInfo: true, dpop: { store } })
      const failure = await loading.processSigninResponse(await land((await loading.createSigninRequest({ state: {} })).url)).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(ErrorResponse)
      expect(failure).toMatchObject({ error: 'invalid_token' })
    } finally {
      unsubscribe()
      vi.unstubAllGlobals()
    }
  })

  test('an error response reaches the RP as an ErrorResponse with its state', async () => {
    const rp = oidcClient({ client_id: 'spa', redirect_uri: `${RP}/spa-cb` })
    const request = await rp.createSigninRequest({ state: { from: 'silent' }, prompt: 'none', max_age: 0 })
    const failure = await rp.processSigninResponse(await land(request.url)).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ErrorResponse)
    expect(failure).toMatchObject({ error: 'login_required', state: { from: 'silent' } })
  })
})
