/**
 * A small relying party for the worker's browser tests: oidc-client-ts `UserManager` against the OP
 * that `startWorker` runs in the service worker. Routes: `/` the app, `/callback` the redirect
 * callback, `/silent` the silent-renew iframe, `/popup` the popup callback.
 *
 * The spec configures it through `window.e2e` (set by an init script) and drives it by role; it
 * reads `window.app` for what the page cannot show.
 */
import { createRemoteJWKSet, jwtVerify } from 'jose'
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts'
import { startWorker, type BroadcastMessage, type OidcWorker, type StartWorkerOptions } from '../../../src/browser/index.js'
import { selfMeasure } from './self-measure.js'

export interface E2eSettings {
  /** Merged over the page's startWorker options. */
  worker?: Partial<StartWorkerOptions>
  scope?: string
  /** On /callback, wait for the "Complete login" button instead of completing at once. */
  manualCallback?: boolean
  /** oidc-client-ts's `monitorSession` (the check_session_iframe), polling every second. */
  monitorSession?: boolean
}

export interface AppState {
  op?: OidcWorker
  manager?: UserManager
  /** Whether a service worker controlled the page when its script started. */
  controlledAtStart: boolean
  /** performance.now() when the page's script started, and when startWorker resolved. */
  scriptAt: number
  controlledAt?: number
  messages: BroadcastMessage[]
  user?: User | null
  /** Date.now() when the callback was rendered, and when the login was clicked (kept across the redirect). */
  renderedAt?: number
  clickedAt?: number
  error?: { code?: string; message: string; error?: string }
}

declare global {
  interface Window {
    e2e?: E2eSettings
    app: AppState
  }
}

const settings: E2eSettings = window.e2e ?? {}
const app: AppState = (window.app = { scriptAt: performance.now(), controlledAtStart: !!navigator.serviceWorker?.controller, messages: [] })
const origin = location.origin
const $ = (id: string) => document.getElementById(id)!

function managerFor(issuer: string): UserManager {
  return new UserManager({
    authority: issuer,
    client_id: 'spa',
    redirect_uri: `${origin}/callback`,
    silent_redirect_uri: `${origin}/silent`,
    popup_redirect_uri: `${origin}/popup`,
    post_logout_redirect_uri: `${origin}/`,
    scope: settings.scope ?? 'openid profile email',
    automaticSilentRenew: false,
    loadUserInfo: true,
    userStore: new WebStorageStateStore({ store: localStorage }),
    ...(settings.monitorSession ? { monitorSession: true, checkSessionIntervalInSeconds: 1 } : {}),
  })
}

function fail(error: unknown): void {
  const e = error as { code?: string; message?: string; error?: string }
  app.error = { message: String(e?.message ?? error), ...(e?.code ? { code: e.code } : {}), ...(e?.error ? { error: e.error } : {}) }
  $('error').textContent = `${e?.code ?? e?.error ?? 'error'}: ${e?.message ?? String(error)}`
}

async function show(user: User | null): Promise<void> {
  app.user = user
  if (!user) {
    $('status').textContent = 'Logged out'
    return
  }
  // oidc-client-ts does not check the ID token's signature: check it against the OP's JWKS.
  const jwks = createRemoteJWKSet(new URL(`${app.op!.issuer}/jwks`))
  await jwtVerify(user.id_token!, jwks, { issuer: app.op!.issuer, audience: 'spa' })
  $('status').textContent = `Logged in as ${String(user.profile.name ?? user.profile.sub)} (${user.profile.sub})`
}

async function main(): Promise<void> {
  const route = location.pathname
  if (route === '/silent') return managerFor(`${origin}/oidc`).signinSilentCallback()
  if (route === '/popup') return managerFor(`${origin}/oidc`).signinPopupCallback()

  const options: StartWorkerOptions = {
    clients: [
      {
        client_id: 'spa',
        client_name: 'Test SPA',
        redirect_uris: [`${origin}/callback`, `${origin}/silent`, `${origin}/popup`],
        post_logout_redirect_uris: [`${origin}/`],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
      },
    ],
    users: [
      { sub: 'alice', name: 'Alice Example', email: 'alice@example.com' },
      { sub: 'bob', name: 'Bob Builder', email: 'bob@example.com' },
    ],
    quiet: true,
    ...settings.worker,
  }
  try {
    app.op = await startWorker(options)
  } catch (error) {
    $('status').textContent = 'The OP did not start'
    fail(error)
    return
  }
  app.controlledAt = performance.now()
  app.op.subscribe((message) => app.messages.push(message))
  const manager = (app.manager = managerFor(app.op.issuer))

  $('login').onclick = () => {
    sessionStorage.setItem('clickedAt', String(Date.now()))
    manager.signinRedirect().catch(fail)
  }
  $('login-popup').onclick = () => manager.signinPopup().then(show, fail)
  $('renew').onclick = () => manager.signinSilent().then(show, fail)
  $('logout').onclick = () => manager.signoutRedirect().catch(fail)
  $('actions').hidden = false

  if (route === '/callback') {
    const complete = async () => {
      try {
        await show(await manager.signinRedirectCallback())
        app.renderedAt = Date.now()
        app.clickedAt = Number(sessionStorage.getItem('clickedAt')) || undefined
      } catch (error) {
        $('status').textContent = 'Login failed'
        fail(error)
      }
    }
    if (settings.manualCallback) {
      $('complete').hidden = false
      $('complete').onclick = () => void complete()
      $('status').textContent = 'Callback received'
    } else {
      await complete()
    }
    return
  }
  await show(await manager.getUser())
}

// selfMeasure does nothing unless the page was opened with ?measure= (e2e/worker/_direct-chromium.ts).
void main().then(() => selfMeasure(app))
