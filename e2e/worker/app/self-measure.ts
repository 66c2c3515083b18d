/**
 * The test page's measurement mode, for a browser that no harness drives (e2e/worker/_direct-chromium.ts):
 * opened as `/?measure=<report URL>`, the page times itself with the definitions of measure.spec.ts,
 * POSTs each figure to the report URL, and goes on by itself: first visit, reload, a first login and
 * three later ones (it clicks "Log in" itself once the page is settled), then `done`.
 *
 * Nothing here runs without the query flag (or the session it starts): the app's own code path is
 * the same; this only reads `window.app` after `main()` and clicks the button a user would.
 */
import type { AppState } from './main.js'

/** What the page reports, one POST each (JSON). */
export type MeasureReport =
  | { kind: 'firstVisit' | 'reload'; total: number; startWorker: number }
  | { kind: 'firstLogin' | 'laterLogin'; total: number; status: string }
  | { kind: 'done' }
  | { kind: 'error'; message: string }

interface Session {
  to: string
  visits: number
  logins: number
}

const KEY = 'self-measure'
/** Later logins per fresh profile, as in measure.spec.ts. */
const LATER_LOGINS = 3
/** A pause before the page clicks, like the spec's poll interval: the click is not part of the load. */
const CLICK_AFTER_MS = 20

function session(): Session | undefined {
  const to = new URLSearchParams(location.search).get('measure')
  // The reload keeps the query: a session under way goes on.
  if (to && !sessionStorage.getItem(KEY)) sessionStorage.setItem(KEY, JSON.stringify({ to, visits: 0, logins: 0 }))
  const saved = sessionStorage.getItem(KEY)
  return saved ? (JSON.parse(saved) as Session) : undefined
}

/** Sends one figure and waits until it left (the page navigates next). */
async function report(to: string, figure: MeasureReport): Promise<void> {
  await fetch(to, { method: 'POST', mode: 'no-cors', keepalive: true, body: JSON.stringify(figure) })
}

function clickLogin(): void {
  setTimeout(() => document.getElementById('login')!.click(), CLICK_AFTER_MS)
}

/** After the app's `main()`: the next step of a measurement, if the page is in one. */
export async function selfMeasure(app: AppState): Promise<void> {
  const state = session()
  if (!state) return
  const save = () => sessionStorage.setItem(KEY, JSON.stringify(state))
  if (app.error) return report(state.to, { kind: 'error', message: app.error.message })
  if (location.pathname === '/callback') {
    const status = document.getElementById('status')!.textContent ?? ''
    const kind = state.logins++ === 0 ? 'firstLogin' : 'laterLogin'
    save()
    await report(state.to, { kind, total: app.renderedAt! - app.clickedAt!, status })
    if (state.logins > LATER_LOGINS) return report(state.to, { kind: 'done' })
    location.assign('/')
    return
  }
  const visit = state.visits++
  save()
  if (visit < 2) {
    // performance.now() counts from the navigation's start, as the spec's figures do.
    await report(state.to, { kind: visit === 0 ? 'firstVisit' : 'reload', total: app.controlledAt!, startWorker: app.controlledAt! - app.scriptAt })
  }
  if (visit === 0) location.reload()
  else clickLogin()
}
