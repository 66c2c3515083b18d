/**
 * Which of the page's requests the worker answers, and how: the OP's URLs by msw's `getResponse`
 * over the app's handlers then the OP's; the app's `fetch()` calls by the app's handlers; the
 * rest is not touched (the browser fetches it as if there were no worker).
 */
import { getResponse, type RequestHandler } from 'msw'
import { oauthError } from '../errors/oauth-error.js'
import { jsonError } from '../http/responses.js'
import { messagePage } from '../pages/error-page.js'
import { issuerScope } from '../server/issuer-scope.js'
import type { ServiceWorkerScope, FetchEvent } from './service-worker-types.js'
import { crossSiteLoginRefused, isLoginStep, startedOnThisOrigin, type SameOriginClient } from './login-origin.js'
import type { WorkerOp } from './worker-op.js'
import { answerApp, isPassthrough } from './app-fetch.js'

/** What the app gave for its own requests. */
export interface AppRequests {
  /** The app's MSW handlers. */
  handlers: RequestHandler[]
  /** Which requests outside the issuer go to `handlers`. */
  shouldHandle: (request: Request) => boolean
}

/** Answers the worker's `fetch` events: the OP's URLs by `host`, the app's picked requests by its handlers. */
export function routeFetches(sw: ServiceWorkerScope, host: WorkerOp, app: AppRequests): void {
  const scope = issuerScope(host.issuer)
  /** The OP's URLs: once it exists, what it serves; before (restoring, or not configured), the issuer's scope. */
  const isOpUrl = (url: URL): boolean => host.slot.occupant?.op.serves(url) ?? scope.contains(url)
  sw.addEventListener('fetch', (event: FetchEvent) => {
    const { request } = event
    // DevTools' cache probes: fetching them again would fail.
    if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return
    const url = new URL(request.url)
    if (isOpUrl(url)) event.respondWith(answerOp(host, request, event, (id) => sw.clients.get?.(id) ?? Promise.resolve(undefined)))
    else if (app.handlers.length && url.origin === host.origin && app.shouldHandle(request)) event.respondWith(answerApp(app.handlers, request))
  })
}

/** The OP's answer, saved before it goes out when it changed the state. */
async function answerOp(host: WorkerOp, request: Request, event: FetchEvent, findClient: SameOriginClient): Promise<Response> {
  await host.booted
  return host.slot.answer(async (current) => {
    if (!(current?.allowed ?? host.allowed)) {
      host.refuse()
      return fetch(request)
    }
    if (!current) return notConfigured(request)
    if (current.configuration.requireSameOriginLogin && isLoginStep(current.op, new URL(request.url)) && !(await startedOnThisOrigin(event.clientId, findClient))) {
      return crossSiteLoginRefused()
    }
    const revision = current.op.store.getState().revision
    // The MSW handlers, run here in the worker (DESIGN.md): the OP's answer everything under the
    // issuer, so there is always a response.
    const response = (await getResponse(current.handlers, request)) ?? (await current.op.handle(request))
    if (isPassthrough(response)) return fetch(request)
    // What the answer promises (a code, a token, a session, a fault counted) is on disk before it goes out; a
    // request that changed nothing but the request log is saved right after.
    if (current.op.store.getState().revision !== revision || host.saver.unsaved) await host.saver.save()
    else event.waitUntil(host.saver.save())
    return response
  })
}

function notConfigured(request: Request): Response {
  const message = 'This mock OpenID Provider has no configuration yet: the page must call startWorker() (msw-oidc-provider/browser) first.'
  if (request.mode === 'navigate') return messagePage('OP not configured', message, 503)
  return jsonError(oauthError('temporarily_unavailable', message))
}
