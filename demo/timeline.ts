/**
 * The flow timeline, drawn as a sequence diagram: lanes for the browser, the app and the OP; for
 * each request the OP answered, an arrow to the OP labelled with the method and the endpoint, and
 * an arrow back with the status; requests grouped by flow (see flows.ts, sequence.ts). A click on
 * a request shows its parameters and what the step means.
 *
 * Live requests come from the worker's 'request' broadcasts; the ones answered while no demo page
 * was open (a redirect login unloads the page: the authorize navigation, the login page) from the
 * worker's log of requests, `op.events()`.
 */
import type { OidcWorker } from 'msw-oidc-provider/browser'
import { byId, clockTime, fill, h, short } from './dom.js'
import { entryOf, failed, groupFlows, keyParams, shortUrl, type Flow } from './flows.js'
import { redirects } from './oidc.config.js'
import { FLOW_NOTES, LANES, stepsOf, type Lane, type Step } from './sequence.js'
import { count } from './status.js'
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
  fill(
    byId('lanes'),
    LANES.map(({ lane, title, detail }) => h('li', { class: `lane lane-${lane}` }, h('strong', null, title), h('span', { class: 'muted' }, detail))),
  )
  watch(
    (state) => state.timeline,
    (timeline) => {
      const flows = groupFlows(timeline, { popup: redirects.popup, silent: redirects.silent })
      byId('timeline-count').textContent = `${count(timeline.length, 'request')} in ${count(flows.length, 'flow')}.`
      fill(byId('flows'), flows.length ? flows.map((flow, i) => renderFlow(flow, i, op.issuer)) : h('li', { class: 'muted empty' }, 'No request yet: log in.'))
    },
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
      { class: `flow flow-${flow.kind} ${flow.ok ? '' : 'failed'}`, 'aria-labelledby': id },
      h(
        'header',
        null,
        h('h3', { id }, flow.title),
        h('span', { class: 'muted' }, [who, flow.grant_id && `grant ${short(flow.grant_id)}`, clockTime(start)].filter(Boolean).join(' · ')),
        flow.ok ? '' : h('span', { class: 'badge bad' }, 'failed'),
      ),
      FLOW_NOTES[flow.kind] ? h('p', { class: 'flow-note muted' }, FLOW_NOTES[flow.kind]) : '',
      h('ol', { class: 'requests', 'aria-label': `Requests of ${flow.title}` }, stepsOf(flow).map((step) => renderStep(step, start, issuer))),
    ),
  )
}

const COLUMN: Record<Lane, number> = { browser: 0, app: 1, op: 2 }

/** An arrow between two lanes, as CSS custom properties: where it starts and how far it goes. */
function arrowStyle(from: Lane, to: Lane): string {
  const [a, b] = [COLUMN[from], COLUMN[to]]
  return `--from: ${Math.min(a, b)}; --span: ${Math.abs(a - b)}`
}

function renderStep({ entry: { event }, from, to, answer, note }: Step, start: number, issuer: string): HTMLElement {
  const statusClass = failed(event) ? 'bad' : event.status >= 300 ? 'redirect' : 'good'
  const path = shortUrl(event.url.split('?')[0] ?? event.url, issuer)
  const params = keyParams(event, issuer)
  const summary = `${event.method} ${event.endpoint} → ${event.status}${answer ? ` ${answer}` : ''}`
  return h(
    'li',
    { class: `request from-${from} to-${to} ${statusClass}` },
    h(
      'details',
      null,
      h(
        'summary',
        { title: `${note}\n${path}`, 'aria-label': summary },
        h(
          'div',
          { class: 'arrow call', style: arrowStyle(from, 'op') },
          h('span', { class: 'label' }, h('span', { class: 'method' }, event.method), ' ', h('span', { class: 'endpoint' }, event.endpoint)),
        ),
        h(
          'div',
          { class: `arrow answer ${COLUMN[to] < COLUMN.op ? 'leftward' : ''}`, style: arrowStyle(to, 'op') },
          h('span', { class: 'label' }, h('span', { class: `status ${statusClass}` }, event.status === 0 ? 'no answer' : String(event.status)), answer ? ` ${answer}` : ''),
        ),
      ),
      h(
        'div',
        { class: 'step-detail' },
        h('p', null, note),
        h('p', { class: 'muted' }, h('code', { class: 'path' }, `${event.method} ${path}`), ` · +${Math.max(0, Math.round(event.started - start))} ms · took ${Math.round(event.duration)} ms`),
        params.length ? h('ul', { class: 'params' }, params.map(([name, value]) => h('li', null, h('span', { class: 'muted' }, `${name} `), value))) : '',
      ),
    ),
  )
}
