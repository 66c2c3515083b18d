/**
 * The FAPI 2.0 panel: a confidential RP built to the FAPI 2.0 Security Profile logs in with
 * oauth4webapi, the way a banking app's backend would: a pushed authorization request (PAR) with
 * PKCE S256, authenticated by `private_key_jwt` (ES256, a key made here in the browser), a DPoP
 * proof binding the code and the tokens to another key, the login in a popup (only `client_id` and
 * `request_uri` travel through the browser), `iss` checked in the response, a PS256 ID token, then
 * UserInfo with the DPoP-bound access token. Each step appears in the timeline.
 * @see https://openid.net/specs/fapi-security-profile-2_0.html
 * @see ../docs/fapi2.md
 */
import * as oauth from 'oauth4webapi'
import type { OidcWorker } from 'msw-oidc-provider/browser'
import { byId, fill, h, json } from './dom.js'
import { fapiClient, issuer, redirects } from './oidc.config.js'
import { store } from './store.js'

/** What the callback page posts to its opener. */
interface FapiCallback {
  type: 'fapi-callback'
  url: string
}

/** oauth4webapi refuses plain HTTP unless told: the demo runs on http://localhost. */
const http = { [oauth.allowInsecureRequests]: location.protocol === 'http:' }

/** The client's key pair for `private_key_jwt`, made once per page. */
let clientKey: Promise<{ privateKey: CryptoKey; kid: string; jwk: JsonWebKey & { kid: string } }> | undefined

/** Renders the panel into #fapi. */
export function mountFapi(op: OidcWorker): void {
  fill(byId('fapi-actions'), h('button', { type: 'button', onclick: () => void login(op) }, 'Log in as a FAPI 2.0 client'))
  say('Not started.')
}

/**
 * The callback page (`/fapi-callback`, in the popup): hands the response URL to the panel that
 * opened it and closes. Returns false when the page was not opened by the panel.
 */
export function completeFapiPopup(): boolean {
  if (!window.opener) return false
  const message: FapiCallback = { type: 'fapi-callback', url: location.href }
  ;(window.opener as Window).postMessage(message, location.origin)
  window.close()
  return true
}

function say(status: string, error = ''): void {
  byId('fapi-status').textContent = status
  byId('fapi-error').textContent = error
}

async function login(op: OidcWorker): Promise<void> {
  fill(byId('fapi-result'))
  try {
    say('Registering the client with a key made in this page…')
    const { privateKey, kid } = await registered(op)
    const as = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer), http))
    const client: oauth.Client = { client_id: fapiClient.client_id }
    const auth = oauth.PrivateKeyJwt({ key: privateKey, kid })
    const dpop = oauth.DPoP(client, await oauth.generateKeyPair('ES256'))

    say('Pushing the authorization request (PAR, PKCE S256, DPoP)…')
    const verifier = oauth.generateRandomCodeVerifier()
    const state = oauth.generateRandomState()
    const params = new URLSearchParams({
      redirect_uri: redirects.fapi,
      response_type: 'code',
      scope: 'openid profile email',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    })
    const pushed = await oauth.processPushedAuthorizationResponse(as, client, await oauth.pushedAuthorizationRequest(as, client, auth, params, { ...http, DPoP: dpop }))

    say('Waiting for the login in the popup…')
    const authorize = new URL(as.authorization_endpoint!)
    authorize.search = new URLSearchParams({ client_id: client.client_id, request_uri: pushed.request_uri }).toString()
    const callback = oauth.validateAuthResponse(as, client, new URL(await popupLogin(authorize)), state)

    say('Redeeming the code with the assertion and a DPoP proof…')
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      client,
      await oauth.authorizationCodeGrantRequest(as, client, auth, callback, redirects.fapi, verifier, { ...http, DPoP: dpop }),
      { requireIdToken: true },
    )
    const userinfo = await oauth.processUserInfoResponse(as, client, oauth.skipSubjectCheck, await oauth.userInfoRequest(as, client, tokens.access_token, { ...http, DPoP: dpop }))
    const idTokenAlg = (JSON.parse(atob(tokens.id_token!.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))) as { alg: string }).alg
    say(`Logged in as ${String(userinfo.sub)}: token_type ${tokens.token_type}, ID token signed with ${idTokenAlg}.`)
    fill(byId('fapi-result'), h('pre', { 'aria-label': 'FAPI UserInfo' }, json(userinfo)))
  } catch (error) {
    say('The FAPI login failed.', error instanceof Error ? error.message : String(error))
  }
}

/**
 * The client's signing key, made once per page, and the client registered with its public half
 * (again after a reset of the OP, which keeps only configured clients).
 */
async function registered(op: OidcWorker): Promise<{ privateKey: CryptoKey; kid: string }> {
  clientKey ??= (async () => {
    const { privateKey, publicKey } = await oauth.generateKeyPair('ES256')
    const kid = `demo-fapi-${crypto.randomUUID()}`
    return { privateKey, kid, jwk: { ...(await crypto.subtle.exportKey('jwk', publicKey)), kid, alg: 'ES256', use: 'sig' } }
  })()
  const key = await clientKey
  const known = store.getState().op?.clients[fapiClient.client_id]?.jwks?.keys.some((jwk) => jwk.kid === key.kid)
  if (!known) {
    // A client of an earlier page load holds another key: replace it.
    await op.removeClient(fapiClient.client_id).catch(() => undefined)
    await op.addClient({ ...fapiClient, jwks: { keys: [key.jwk] } })
  }
  return key
}

/** Opens the authorization URL in a popup and resolves with the URL the OP sent it back to. */
function popupLogin(authorize: URL): Promise<string> {
  const popup = window.open(authorize, 'fapi-login', 'width=480,height=640')
  if (!popup) return Promise.reject(new Error('the browser blocked the login popup'))
  return new Promise((resolve, reject) => {
    const closed = setInterval(() => {
      if (!popup.closed) return
      clearInterval(closed)
      removeEventListener('message', onMessage)
      reject(new Error('the login popup was closed'))
    }, 500)
    function onMessage(event: MessageEvent<FapiCallback>): void {
      if (event.origin !== location.origin || event.source !== popup || event.data?.type !== 'fapi-callback') return
      clearInterval(closed)
      removeEventListener('message', onMessage)
      resolve(event.data.url)
    }
    addEventListener('message', onMessage)
  })
}
