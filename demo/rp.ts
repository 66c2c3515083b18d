/**
 * The relying party: oidc-client-ts's UserManager against the OP in the service worker, and the
 * view of what it holds (decoded tokens, checked with jose; the last UserInfo answer).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { base64url } from 'jose'
import { UserManager, type User } from 'oidc-client-ts'
import { shallow } from 'zustand/vanilla/shallow'
import { byId, clockTime, expiry, fill, h, json, short, type Child } from './dom.js'
import { rp as settings } from './oidc.config.js'
import { setRp, store, watch, type RpState } from './store.js'
import { inspectJwt, type DecodedToken } from './tokens.js'

export const manager = new UserManager(settings)

/** Shows a user oidc-client-ts holds: decodes and verifies its tokens. */
export async function showUser(user: User | null): Promise<void> {
  if (!user) {
    setRp({ user: null, idToken: undefined, accessToken: undefined, refreshTokenKey: undefined })
    return
  }
  // One after the other: the first fetches the discovery document, the second reads it from the cache.
  const issuer = await manager.metadataService.getIssuer()
  const jwksUri = await manager.metadataService.getKeysEndpoint(false)
  const [idToken, accessToken] = await Promise.all([
    user.id_token ? inspectJwt(user.id_token, { jwksUri, issuer, audience: settings.client_id }) : undefined,
    inspectJwt(user.access_token, { jwksUri, issuer, typ: 'at+jwt' }),
  ])
  // The key the OP stores the refresh token under in `state.tokens`: base64url(SHA-256(token)).
  const refreshTokenKey = user.refresh_token ? base64url.encode(sha256(new TextEncoder().encode(user.refresh_token))) : undefined
  setRp({ user, idToken, accessToken, refreshTokenKey })
}

/** Runs one RP action: its name shows while it runs, and what it throws shows as the error. */
async function act(name: string, action: () => Promise<void>): Promise<void> {
  setRp({ busy: name, error: undefined })
  try {
    await action()
  } catch (error) {
    setRp({ error: describe(error) })
  } finally {
    setRp({ busy: undefined })
  }
}

function describe(error: unknown): string {
  const e = error as { error?: string; error_description?: string; message?: string }
  if (e?.error) return `${e.error}${e.error_description ? `: ${e.error_description}` : ''}`
  return e?.message ?? String(error)
}

/** Completes a redirect login on the callback page, then shows the app's own URL again. */
export async function completeRedirectLogin(): Promise<void> {
  await act('Completing the login', async () => {
    try {
      await showLogin(await manager.signinRedirectCallback())
    } finally {
      history.replaceState(null, '', '/')
    }
  })
}

/** A new login: its tokens, and no answer of an earlier login's UserInfo call. */
async function showLogin(user: User): Promise<void> {
  setRp({ userinfo: undefined })
  await showUser(user)
}

/**
 * The OP no longer honours this login (it was reset, the grant revoked, the user removed): the app
 * forgets its tokens and says why, with the OP's own words.
 */
async function loginEnded(why: string): Promise<void> {
  await manager.removeUser()
  await showUser(null)
  setRp({ error: `The OP ended this login, so the app logged out. ${why}` })
}

/** Whether the OP refused a refresh token for good (not a network or a configuration problem). */
const refused = (error: unknown): boolean => ['invalid_grant', 'unauthorized_client', 'invalid_client'].includes(String((error as { error?: unknown })?.error))

/** Refreshes with the refresh token; when the OP refuses it, the login is over. */
async function refresh(before = ''): Promise<void> {
  try {
    await showUser(await manager.signinSilent())
  } catch (error) {
    if (!refused(error)) throw error
    await loginEnded(`${before}The token endpoint refused the refresh token: ${describe(error)}.`)
  }
}

/**
 * Calls UserInfo with the access token, and keeps the answer as it came (a refusal included). A
 * refused access token may just be revoked or expired: the app tries its refresh token, as an app
 * does, and learns from that answer whether the login still stands.
 */
async function callUserInfo(): Promise<void> {
  const user = store.getState().rp.user
  if (!user) return
  const response = await fetch(await manager.metadataService.getUserInfoEndpoint(), {
    headers: { authorization: `Bearer ${user.access_token}` },
  })
  const text = await response.text()
  let body = text
  try {
    body = json(JSON.parse(text))
  } catch {
    // Not JSON: shown as it came.
  }
  const challenge = response.headers.get('www-authenticate')
  setRp({ userinfo: { status: response.status, body, ...(challenge ? { challenge } : {}) } })
  if (response.status !== 401) return
  const why = `UserInfo refused the access token (HTTP 401${challenge ? `, ${challenge}` : ''}). `
  if (user.refresh_token) await refresh(why)
  else await loginEnded(why)
}

const actions = {
  login: () => act('Redirecting to the OP', () => manager.signinRedirect()),
  popup: () => act('Logging in in a popup', async () => showLogin(await manager.signinPopup())),
  userinfo: () => act('Calling UserInfo', callUserInfo),
  // With a refresh token, signinSilent uses it (grant_type=refresh_token)…
  refresh: () => act('Refreshing', () => refresh()),
  // …and forceIframeAuth asks the OP again with prompt=none in a hidden iframe. Its login_required
  // means the OP's login session ended, not the app's tokens: the app stays logged in.
  renew: () => act('Renewing silently', async () => showUser(await manager.signinSilent({ forceIframeAuth: true }))),
  logout: () => act('Logging out', () => manager.signoutRedirect()),
}

/** Renders the RP panel into #rp, from the store. */
export function mountRp(): void {
  const buttons = {
    login: h('button', { type: 'button', onclick: actions.login }, 'Log in'),
    popup: h('button', { type: 'button', onclick: actions.popup }, 'Log in with a popup'),
    userinfo: h('button', { type: 'button', onclick: actions.userinfo }, 'Call UserInfo'),
    refresh: h('button', { type: 'button', onclick: actions.refresh }, 'Refresh tokens'),
    renew: h('button', { type: 'button', onclick: actions.renew }, 'Silent renew'),
    logout: h('button', { type: 'button', onclick: actions.logout }, 'Log out'),
  }
  fill(byId('rp-actions'), Object.values(buttons))

  watch(
    (state) => state.rp,
    (rp) => {
      const user = rp.user
      buttons.userinfo.disabled = !user
      buttons.refresh.disabled = !user?.refresh_token
      buttons.logout.disabled = !user
      // The highlighted button is the next thing to do: log in, then use the login.
      buttons.login.classList.toggle('primary', !user)
      buttons.userinfo.classList.toggle('primary', !!user)
      for (const button of Object.values(buttons)) button.toggleAttribute('aria-busy', !!rp.busy)
      byId('rp-status').textContent = rp.busy
        ? `${rp.busy}…`
        : user
          ? `Logged in as ${String(user.profile.name ?? user.profile.sub)} (${user.profile.sub})`
          : 'Logged out'
      byId('rp-error').textContent = rp.error ?? ''
    },
  )
  // The tokens only when they changed (not for every busy flag): an open <details> stays open.
  watch(
    ({ rp }) => [rp.user, rp.idToken, rp.accessToken, rp.refreshTokenKey, rp.userinfo],
    (_, { rp }) => fill(byId('rp-tokens'), renderHeld(rp)),
    shallow,
  )
}

function renderHeld(rp: RpState): Child[] {
  const user = rp.user
  if (!user) {
    // The last UserInfo answer stays: it may be why the app logged out.
    return [h('p', { class: 'muted' }, 'Log in to see the tokens the OP issued, decoded and verified.'), rp.userinfo ? renderUserInfo(rp) : '']
  }
  const scopes = user.scope ?? ''
  return [
    h(
      'p',
      { class: 'muted' },
      `Scope ${scopes}. `,
      user.expires_at ? ['The access token expires ', expiry(user.expires_at * 1000), '.'] : '',
    ),
    rp.idToken ? renderJwt('ID token', 'id-token', rp.idToken) : h('p', null, 'No ID token.'),
    rp.accessToken
      ? renderJwt('Access token', 'access-token', rp.accessToken)
      : h('section', { 'aria-labelledby': 'access-token-title', class: 'token' }, h('h3', { id: 'access-token-title' }, 'Access token'), h('p', null, 'Opaque.')),
    h(
      'section',
      { 'aria-labelledby': 'refresh-token-title', class: 'token' },
      h('h3', { id: 'refresh-token-title' }, 'Refresh token'),
      user.refresh_token
        ? h('p', null, `Opaque (${user.refresh_token.length} characters). The OP stores its SHA-256, `, h('code', null, short(rp.refreshTokenKey ?? '')), '.')
        : h('p', null, 'None: ask for the offline_access scope.'),
    ),
    renderUserInfo(rp),
  ]
}

function renderJwt(title: string, id: string, token: DecodedToken): HTMLElement {
  const v = token.verification
  const verdict =
    v.state === 'verified'
      ? h(
          'p',
          { class: 'verdict good' },
          h('strong', null, 'Signature verified'),
          ` with the OP's key ${v.kid ? short(v.kid, 12) : ''} (${v.alg}, from the JWKS, by jose).`,
          v.claimsProblem ? h('span', { class: 'warn' }, ` But: ${v.claimsProblem}.`) : '',
        )
      : h('p', { class: 'verdict bad' }, h('strong', null, 'Signature not verified'), `: ${v.reason}`)
  const times = (['iat', 'auth_time', 'exp'] as const)
    .filter((claim) => typeof token.claims[claim] === 'number')
    .map((claim) => `${claim} ${clockTime((token.claims[claim] as number) * 1000)}`)
    .join(' · ')
  return h(
    'section',
    { 'aria-labelledby': `${id}-title`, class: 'token' },
    h('h3', { id: `${id}-title` }, title),
    verdict,
    times ? h('p', { class: 'muted' }, times) : '',
    h(
      'div',
      { class: 'jwt' },
      h('div', null, h('h4', null, 'Header'), h('pre', { 'aria-label': `${title} header` }, json(token.header))),
      h('div', null, h('h4', null, 'Claims'), h('pre', { 'aria-label': `${title} claims` }, json(token.claims))),
    ),
    h('details', null, h('summary', null, 'Encoded'), h('pre', { class: 'raw' }, token.raw)),
  )
}

function renderUserInfo(rp: RpState): HTMLElement {
  const answer = rp.userinfo
  return h(
    'section',
    { 'aria-labelledby': 'userinfo-title', class: 'token' },
    h('h3', { id: 'userinfo-title' }, 'UserInfo response'),
    answer
      ? [
          h('p', { class: answer.status < 400 ? 'verdict good' : 'verdict bad' }, h('strong', null, `HTTP ${answer.status}`), answer.challenge ? ` · WWW-Authenticate: ${answer.challenge}` : ''),
          h('pre', { 'aria-label': 'UserInfo body' }, answer.body),
        ]
      : h('p', { class: 'muted' }, 'oidc-client-ts called UserInfo at login and merged the claims into its profile. Press "Call UserInfo" to call it with the access token now.'),
  )
}
