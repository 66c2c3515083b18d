/**
 * The status line under the title: what a visitor wants to know about the OP at a glance: where it
 * answers (its issuer), whether its service worker controls this page, where its state came from,
 * and how many clients and users it holds.
 */
import type { OidcWorker } from 'msw-oidc-provider/browser'
import { byId, fill, h } from './dom.js'
import { store, watch, type DemoState } from './store.js'

/** "1 client", "2 users". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

/** Whether this page's requests go through the OP's worker (a hard reload bypasses it). */
function controlling(op: OidcWorker): boolean {
  const controller = navigator.serviceWorker.controller
  return !!controller && controller.scriptURL === op.registration.active?.scriptURL
}

/** Where the OP's state came from, in the visitor's words. */
function origin({ worker }: DemoState, op: OidcWorker): string {
  if (worker?.restored) return 'state restored from IndexedDB'
  switch (op.started.outcome) {
    case 'created':
      return 'a new OP (its state is saved in IndexedDB)'
    case 'updated':
      return 'configuration updated, state kept'
    default:
      return 'state kept in IndexedDB'
  }
}

/** Renders #op-status from the store, and again when the controlling worker changes. */
export function mountStatus(op: OidcWorker): void {
  const render = (state: DemoState): void => {
    const clients = state.op ? Object.keys(state.op.clients).length : undefined
    const users = state.op?.users.length
    fill(
      byId('op-status'),
      h('strong', null, 'The OP runs'),
      ' at ',
      h('code', { 'aria-label': 'issuer' }, op.issuer),
      ' · ',
      controlling(op) ? 'its service worker controls this page' : h('span', { class: 'warn' }, 'its service worker does not control this page: reload'),
      ' · ',
      origin(state, op),
      clients !== undefined && users !== undefined ? [' · ', count(clients, 'client'), ', ', count(users, 'user')] : '',
    )
  }
  watch((state) => state, (state) => render(state), (a, b) => a.worker === b.worker && a.op === b.op)
  navigator.serviceWorker.addEventListener('controllerchange', () => render(store.getState()))
}
