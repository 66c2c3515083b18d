/**
 * The inspector's "Faults and clock" section: makes the OP fail on purpose (a refused token
 * request, an outage, slow answers) and moves its clock, so a visitor sees how the app handles
 * errors and expiry. Each button is one call on the worker handle (`failNext`, `clearFaults`,
 * `clock.advance`, `clock.reset`); the failed requests show in the timeline like any other.
 * @see ../docs/faults.md
 */
import type { OidcWorker } from 'msw-oidc-provider/browser'
import { byId, fill, h } from './dom.js'
import { watch } from './store.js'

/** The endpoints an outage or a slow OP covers: every one the demo's app and pages call. */
const ENDPOINTS = ['provider_config', 'jwks', 'authorization', 'interaction', 'token', 'userinfo', 'session', 'token_revocation', 'device_authorization', 'device_verification'] as const

/** What the OP does now, as the section says it. */
let active: string[] = []
let outageTimer: ReturnType<typeof setTimeout> | undefined

/** Mounts the section into #faults; `act` runs a call and shows its error in the inspector. */
export function mountFaults(act: (action: (op: OidcWorker) => Promise<unknown>) => Promise<boolean>): void {
  const seconds = h('input', { type: 'number', min: '1', max: '600', value: '30', 'aria-label': 'Outage seconds', class: 'seconds' })
  const add = (label: string, action: (op: OidcWorker) => Promise<unknown>) => async () => {
    if (await act(action)) show([...active, label])
  }
  const clear = async () => {
    clearTimeout(outageTimer)
    if (await act((op) => op.clearFaults())) show([])
  }
  fill(
    byId('faults'),
    h('p', { class: 'muted' }, 'Make the OP fail on purpose, then use the app: its error handling shows, and the timeline marks the failed requests.'),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: add('the next token request fails with invalid_grant (once)', (op) => op.failNext('token', { error: 'invalid_grant', error_description: 'a fault injected in the demo' })) }, 'Fail the next token request'),
      h(
        'span',
        { class: 'inline' },
        h(
          'button',
          {
            type: 'button',
            onclick: async () => {
              const ms = Math.max(1, Number(seconds.value) || 30) * 1000
              const down = (op: OidcWorker) => Promise.all(ENDPOINTS.map((endpoint) => op.failNext(endpoint, { networkError: true }, { times: Infinity })))
              if (!(await act(down))) return
              show([...active, `the OP is down (network errors) for ${ms / 1000} s`])
              clearTimeout(outageTimer)
              outageTimer = setTimeout(() => void clear(), ms)
            },
          },
          'Take the OP down',
        ),
        ' for ',
        seconds,
        ' s',
      ),
      h('button', { type: 'button', onclick: add('every answer is 2 s late', (op) => Promise.all(ENDPOINTS.map((endpoint) => op.failNext(endpoint, { delay: 2000 }, { times: Infinity })))) }, 'Make the OP slow'),
      h('button', { type: 'button', onclick: () => void clear() }, 'Clear faults'),
    ),
    h('p', { id: 'faults-active', role: 'status', 'aria-label': 'Faults', class: 'muted' }),
    h('p', { class: 'muted' }, "The OP's clock: tokens, codes and sessions expire by it (the app's own clock does not move)."),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => void act((op) => op.clock.advance(3600)) }, '+1 hour'),
      h('button', { type: 'button', onclick: () => void act((op) => op.clock.reset()) }, 'Reset the clock'),
    ),
    h('p', { id: 'clock-offset', role: 'status', 'aria-label': 'OP clock', class: 'muted' }, 'The OP runs on real time.'),
  )
  show([])
  // The offset is part of the OP's state: it shows what the worker has, after a reload too.
  watch(
    (state) => state.op?.clock_offset_ms ?? 0,
    (ms) => {
      byId('clock-offset').textContent = ms === 0 ? 'The OP runs on real time.' : `The OP's clock is ${Math.round(ms / 60_000) / 60} h ahead.`
    },
  )
}

function show(faults: string[]): void {
  active = faults
  byId('faults-active').textContent = faults.length ? `Active: ${faults.join('; ')}.` : 'No fault: the OP answers normally.'
}
