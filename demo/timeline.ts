/**
 * The flow timeline: every request the OP answered, in order, grouped by flow (see flows.ts).
 * Live requests come from the worker's 'request' broadcasts; the ones answered while no demo page
 * was open (a redirect login unloads the page: the authorize navigation, the login page) from the
 * worker's log of requests, `op.events()`.
 */
import type { OidcWorker } from 'msw-oidc-provider/browser'
import { byId, clockTime, fill, h } from './dom.js'
import { entryOf, groupFlows, keyParams, shortUrl, type Flow, type TimelineEntry } from './flows.js'
import { redirects } from './oidc.config.js'
import { addTimeline, clearTimeline, watch } from './store.js'

/** Reads the worker's log of requests into the store. */
export async function pullTimeline(op: OidcWorker): Promise<void> {
  addTimeline((await op.events()).map(entryOf))
}

export function mountTimeline(op: OidcWorker): void {
  byId<HTMLButtonElement>('clear-timeline').onclick = async () => {
    await op.clearEvents()
    clearTimeline()
  }
  watch(
    (state) => state.timeline,
    (timeline) => render(timeline, op.issuer),
  )
}

function render(timeline: TimelineEntry[], issuer: string): void {
  const flows = groupFlows(timeline, { popup: redirects.popup, silent: redirects.silent })
  byId('timeline-count').textContent = `${timeline.length} request${timeline.length === 1 ? '' : 's'} in ${flows.length} flow${flows.length === 1 ? '' : 's'}`
  fill(
    byId('flows'),
    flows.length ? flows.map((flow, i) => renderFlow(flow, i, issuer)) : h('li', { class: 'muted' }, 'No request yet: log in.'),
  )
}

function renderFlow(flow: Flow, index: number, issuer: string): HTMLElement {
  const id = `flow-${index}`
  const who = [flow.sub && `user ${flow.sub}`, flow.client_id && `client ${flow.client_id}`].filter(Boolean).join(' · ')
  const start = flow.entries[0]?.event.started ?? 0
  return h(
    'li',
    null,
    h(
      'article',
      { class: `flow ${flow.ok ? '' : 'failed'}`, 'aria-labelledby': id },
      h(
        'header',
        null,
        h('h3', { id }, flow.title),
        h('span', { class: 'muted' }, [who, `${flow.entries.length} request${flow.entries.length === 1 ? '' : 's'}`, clockTime(start)].filter(Boolean).join(' · ')),
        flow.ok ? '' : h('span', { class: 'badge bad' }, 'failed'),
      ),
      h('ol', { class: 'requests' }, flow.entries.map((entry) => renderRequest(entry, start, issuer))),
    ),
  )
}

function renderRequest({ event }: TimelineEntry, start: number, issuer: string): HTMLElement {
  const statusClass = event.status >= 400 ? 'bad' : event.status >= 300 ? 'redirect' : 'good'
  const params = keyParams(event, issuer)
  return h(
    'li',
    { class: 'request' },
    h(
      'div',
      { class: 'request-line' },
      h('span', { class: 'method' }, event.method),
      h('span', { class: 'endpoint' }, event.endpoint),
      h('code', { class: 'path' }, shortUrl(event.url.split('?')[0] ?? event.url, issuer)),
      h('span', { class: `status ${statusClass}` }, String(event.status)),
      h('span', { class: 'elapsed muted' }, `+${Math.max(0, Math.round(event.started - start))} ms`),
    ),
    params.length ? h('ul', { class: 'params' }, params.map(([name, value]) => h('li', null, h('span', { class: 'muted' }, `${name} `), value))) : '',
  )
}
