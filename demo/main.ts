/**
 * The demo page. Routes, all served by Vite's index.html:
 * - `/`: the app: the RP, the inspector, the timeline.
 * - `/callback`: the same, completing a redirect login first.
 * - `/popup`, `/silent`: oidc-client-ts's callbacks for a popup and for a silent renew (no app).
 * - `/rp2/silent`, `/rp2/popup`, `/rp2/frontchannel-logout`: the second RP's callbacks and front-channel logout URI (no app).
 * - `/fapi-callback`: the FAPI 2.0 panel's popup callback (no app).
 */
import { startWorker, type BroadcastMessage, type OidcWorker } from 'msw-oidc-provider/browser'
import { mountDevice } from './device.js'
import { completeFapiPopup, mountFapi } from './fapi.js'
import { byId, fill, h, tickExpiries } from './dom.js'
import { entryOf } from './flows.js'
import { mountInspector, pullState } from './inspector.js'
import { op as opConfig, redirects } from './oidc.config.js'
import { completeRedirectLogin, manager, mountRp, showUser } from './rp.js'
import { mountStatus } from './status.js'
import { frontchannelLogout, mountSecondRp, secondManager, secondRpRoutes } from './second-rp.js'
import { addTimeline, setOpState, setWorker, store } from './store.js'
import { mountTimeline, pullTimeline } from './timeline.js'

declare global {
  interface Window {
    /** For the e2e tests and the curious: the handles behind the page. */
    demo?: { op: OidcWorker; manager: typeof manager; store: typeof store }
  }
}

const path = (url: string) => new URL(url).pathname

async function main(): Promise<void> {
  const route = location.pathname
  if (route === path(redirects.popup) || route === path(redirects.silent)) {
    fill(document.body, h('p', { class: 'callback' }, 'Completing the login…'))
    if (route === path(redirects.popup)) await manager.signinPopupCallback()
    else await manager.signinSilentCallback()
    return
  }
  if (route === secondRpRoutes.silent) return secondManager.signinSilentCallback()
  if (route === secondRpRoutes.popup) return secondManager.signinPopupCallback()
  if (route === secondRpRoutes.frontchannelLogout) return frontchannelLogout()
  if (route === path(redirects.fapi) && completeFapiPopup()) return

  const status = byId('op-status')
  mountRp()
  let op: OidcWorker
  try {
    op = await startWorker(opConfig)
  } catch (error) {
    status.textContent = 'The OP did not start'
    byId('op-error').textContent = error instanceof Error ? error.message : String(error)
    return
  }
  window.demo = { op, manager, store }
  setWorker(op.started)
  mountStatus(op)

  op.subscribe((message: BroadcastMessage) => {
    if (message.type === 'request') addTimeline([entryOf(message)])
    else if (message.type === 'state') setOpState(message.state)
    else if (message.type === 'started') {
      // The browser started the worker again (it stops idle ones): it restored its state.
      void op.info().then(setWorker)
      void pullState(op)
      void pullTimeline(op)
    }
  })
  mountTimeline(op)
  mountInspector(op)
  mountDevice(op)
  mountSecondRp(op)
  mountFapi(op)
  tickExpiries()
  await Promise.all([pullState(op), pullTimeline(op)])

  if (route === path(redirects.callback)) await completeRedirectLogin()
  else await showUser(await manager.getUser())
  document.body.dataset.ready = 'true'
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error)
  const alert = document.getElementById('op-error')
  if (alert) alert.textContent = message
  else document.body.append(h('p', { role: 'alert' }, message))
})
