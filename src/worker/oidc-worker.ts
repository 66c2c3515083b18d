/**
 * The OP inside a service worker: every request under the issuer (navigations, iframes, popups,
 * form posts, fetches) is answered in the worker by msw's `getResponse` over the OP's handlers;
 * every other request passes through untouched (or, for `fetch()` calls, to the app's own
 * handlers, when it gave some).
 *
 * The worker acts as one user agent: its login session is OP state (browsers drop `Set-Cookie`
 * on responses a worker builds). State and configuration are saved to IndexedDB before each
 * answer that changed them, so a worker the browser stops and starts again serves at once with
 * nothing lost. The parts: `worker-op.ts` (the OP, installed and replaced), `fetch-router.ts`,
 * `rpc.ts`, `event-log.ts` and `persistence.ts`.
 */
import type { RequestHandler } from 'msw'
import { adminCalls } from '../protocol/admin-methods.js'
import { ISSUER_PARAM } from '../protocol/messages.js'
import { issuerOnOrigin } from '../protocol/origins.js'
import { routeFetches } from './fetch-router.js'
import { IndexedDbStorage, type OPStorage } from './persistence.js'
import { answerCalls, type CallAnswers } from './rpc.js'
import type { ServiceWorkerScope } from './service-worker-types.js'
import { StartedClients } from './started-clients.js'
import { WorkerOp } from './worker-op.js'

/** What `setupOidcWorker` takes. */
export interface OidcWorkerOptions {
  /**
   * Your own MSW request handlers (for your APIs). They are tried first, for requests under the
   * issuer too (so one can stand in for an OP endpoint), and for the requests `shouldHandle` picks.
   */
  handlers?: RequestHandler[]
  /**
   * Which requests outside the issuer go to `handlers`; the rest pass through untouched.
   * Default: `fetch()` and XHR calls (`request.destination === ''`), not navigations, scripts,
   * styles or images.
   */
  shouldHandle?: (request: Request) => boolean
  /** Where the OP is saved. Default: IndexedDB. */
  storage?: OPStorage
  /**
   * How many of the latest requests the worker keeps in its log (`events()` in the page), so that
   * a timeline also shows what the OP answered while no page listened (during a redirect login).
   * Default 500; 0 keeps none.
   */
  eventLog?: number
}

/** Starts the OP worker. Call it once, at the top level of the worker script. */
export function setupOidcWorker(options: OidcWorkerOptions = {}): void {
  const sw = globalThis as unknown as ServiceWorkerScope
  const { handlers = [], storage = new IndexedDbStorage(), eventLog = 500 } = options
  const shouldHandle = options.shouldHandle ?? ((request: Request) => request.mode !== 'navigate' && request.destination === '')
  const host = new WorkerOp({ issuer: issuerOf(sw.location.href), origin: sw.location.origin, storage, appHandlers: handlers, eventLog })

  sw.addEventListener('install', (event) => event.waitUntil(sw.skipWaiting()))
  sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()))
  routeFetches(sw, host, { handlers, shouldHandle })
  const started = new StartedClients()
  /** Forgets the pages that are gone, before a handshake admits one more. */
  const prune = async () => {
    const existing = await sw.clients.matchAll?.({ includeUncontrolled: true })
    if (existing) started.keepOnly(new Set(existing.map((client) => client.id)))
  }
  const answers = {
    hello: () => host.info(),
    claim: () => sw.clients.claim(),
    configure: async (configuration) => {
      await prune()
      return host.configure(configuration)
    },
    attach: async (configuration) => {
      await prune()
      return host.attach(configuration)
    },
    events: () => host.log.events,
    clearEvents: () => {
      host.log.clear()
      host.saver.markDirty(false)
    },
    ...adminCalls(() => host.op()),
  } satisfies CallAnswers
  answerCalls(sw, answers, { before: () => host.booted, after: () => host.saver.save() }, started)
}

/** The issuer the worker serves: `?issuer=` of its script URL, else `{origin}/oidc`. */
function issuerOf(scriptUrl: string): string {
  const url = new URL(scriptUrl)
  const issuer = url.searchParams.get(ISSUER_PARAM) ?? `${url.origin}/oidc`
  const resolved = issuerOnOrigin(issuer, url.origin)
  if (!resolved) {
    throw new Error(`[msw-oidc-provider] the issuer ${issuer} is not on the worker's origin ${url.origin}: a service worker only sees its own origin`)
  }
  return resolved
}
