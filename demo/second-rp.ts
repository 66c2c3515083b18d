/**
 * The second relying party (client `demo-rp2`, registered on first use): it logs in by single
 * sign-on on the OP's session (the first time in a popup, where the user consents), and is logged out with the first one. The OP's logout page loads
 * its `frontchannel_logout_uri` (`/rp2/frontchannel-logout`, this page in an iframe), which
 * forgets its login; its `backchannel_logout_uri` (a route of the demo's Vite server) receives the
 * logout token, which the timeline shows as part of the logout.
 * @see https://openid.net/specs/openid-connect-frontchannel-1_0.html
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html
 */
import type { OidcWorker } from 'msw-oidc-provider/browser'
import { UserManager, WebStorageStateStore } from 'oidc-client-ts'
import { byId, fill, h } from './dom.js'
import { secondClient, secondRp } from './oidc.config.js'
import { store } from './store.js'

/** Where the second RP keeps its login and the news of its logout. */
const storage = new WebStorageStateStore({ store: localStorage, prefix: 'demo-rp2.' })
const LOGGED_OUT_KEY = 'demo-rp2.logged-out'

export const secondManager = new UserManager({ ...secondRp, userStore: storage })

/** The routes of the second RP, which run without the app: its silent callback and its front-channel logout URI. */
export const secondRpRoutes = {
  silent: new URL(secondClient.redirect_uris[0]!).pathname,
  popup: new URL(secondClient.redirect_uris[1]!).pathname,
  frontchannelLogout: new URL(secondClient.frontchannel_logout_uri).pathname,
}

/** The front-channel logout URI, in the OP's iframe: forget the login whose `sid` the OP names (Front-Channel §2). */
export async function frontchannelLogout(): Promise<void> {
  const params = new URL(location.href).searchParams
  const user = await secondManager.getUser()
  if (user && params.get('iss') === secondRp.authority && params.get('sid') === user.profile.sid) {
    await secondManager.removeUser()
    localStorage.setItem(LOGGED_OUT_KEY, `by the OP's logout page (front channel, sid ${params.get('sid')})`)
  }
  fill(document.body, h('p', null, 'Second RP: logged out.'))
}

/** Renders the panel into #second-rp. */
export function mountSecondRp(op: OidcWorker): void {
  const login = h('button', { type: 'button', onclick: () => void logIn(op) }, 'Log in by single sign-on')
  fill(byId('second-rp-actions'), login)
  void show()
}

async function logIn(op: OidcWorker): Promise<void> {
  byId('second-rp-error').textContent = ''
  try {
    if (!store.getState().op?.clients[secondClient.client_id]) await op.addClient(secondClient)
    localStorage.removeItem(LOGGED_OUT_KEY)
    // The OP's session logs it in without a page, once the user has consented to this app (a popup asks).
    await secondManager.signinSilent().catch((error: { error?: string }) => {
      if (error.error !== 'consent_required') throw error
      return secondManager.signinPopup()
    })
  } catch (error) {
    const e = error as { error?: string; message?: string }
    byId('second-rp-error').textContent = `${e.error ?? e.message ?? String(error)}${e.error === 'login_required' ? ': log in with the first app first' : ''}`
  }
  await show()
}

async function show(): Promise<void> {
  const user = await secondManager.getUser()
  const loggedOut = localStorage.getItem(LOGGED_OUT_KEY)
  const status = byId('second-rp-status')
  status.textContent = user ? `Logged in as ${String(user.profile.name ?? user.profile.sub)} (sid ${String(user.profile.sid)})` : loggedOut ? `Logged out ${loggedOut}` : 'Logged out'
  status.classList.toggle('logged-in', !!user)
}
