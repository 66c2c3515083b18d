/**
 * The worker's end of the page's calls: a {@link CallMessage} arrives with a `MessagePort`, the
 * worker answers on it with one {@link Reply}.
 */
import type { Answering } from '../protocol/admin-methods.js'
import { CALL, serializeError, type CallMessage, type Reply, type WorkerMethod, type WorkerMethods } from '../protocol/messages.js'
import type { ExtendableMessageEvent, ServiceWorkerScope } from './service-worker-types.js'
import type { StartedClients } from './started-clients.js'

/** The worker's answer to each call a page can make. */
export type CallAnswers = Answering<WorkerMethods>

/** When calls are answered. */
export interface CallHooks {
  /** Awaited before each call (the worker restoring its OP). */
  before(): Promise<void>
  /** Awaited after each call, before the reply goes out (saving what it changed). */
  after(): Promise<void>
}

/** Answers the pages' calls with `answers`, those of the pages that `started` admits. */
export function answerCalls(sw: ServiceWorkerScope, answers: CallAnswers, hooks: CallHooks, started: StartedClients): void {
  sw.addEventListener('message', (event: ExtendableMessageEvent) => {
    const message = event.data as Partial<CallMessage> | null
    if (message?.type !== CALL) return
    const port = event.ports[0]
    const answered = answerCall(answers, hooks, message, started, event.source?.id).then(
      (value) => port?.postMessage({ ok: true, value } satisfies Reply),
      (error: unknown) => port?.postMessage({ ok: false, error: serializeError(error) } satisfies Reply),
    )
    event.waitUntil(answered)
  })
}

async function answerCall(answers: CallAnswers, hooks: CallHooks, message: Partial<CallMessage>, started: StartedClients, clientId: string | undefined): Promise<unknown> {
  await hooks.before()
  const { method } = message
  if (!isCall(answers, method)) throw new TypeError(`unknown call '${String(method)}'`)
  started.check(method, clientId)
  // Any answer takes the arguments of the call it answers; those of a message are as the page sent them.
  const answer: (...args: never[]) => unknown = answers[method]
  const value = await answer(...((Array.isArray(message.args) ? message.args : []) as never[]))
  await hooks.after()
  started.succeeded(method, clientId)
  return value
}

function isCall(answers: CallAnswers, method: unknown): method is WorkerMethod {
  return typeof method === 'string' && Object.hasOwn(answers, method)
}
