/**
 * The faults armed on one OP, per endpoint, each with how many more requests it fails and which
 * requests it matches. They are no part of the OP's state (a fault never changes state, and
 * `dump()` does not show them): they live beside its endpoint context, and a new OP has none.
 * They are plain data: the service worker, which the browser stops when idle, saves them beside
 * the state whenever {@link watchFaults} tells it they changed, and arms them again on restart.
 */
import type { EndpointContext } from '../../context/endpoint-context.js'
import type { Fault } from './fault.js'

/** One armed fault. */
export interface ArmedFault {
  endpoint: string
  fault: Fault
  /** Requests it still fails (Infinity: until cleared). */
  left: number
  where: Record<string, string>
}

/** What a request offers to match `where` against: its parameters, and its client. */
export interface RequestFacts {
  params: Readonly<Record<string, string | undefined>>
  client_id?: string | undefined
}

const armedByOP = new WeakMap<EndpointContext, ArmedFault[]>()
const watchers = new WeakMap<EndpointContext, () => void>()

/**
 * Calls `changed` whenever a fault of the OP of `context` is armed, counted down, disarmed or
 * cleared (one watcher per OP: the worker's saver). Returns the function that stops it.
 */
export function watchFaults(context: EndpointContext, changed: () => void): () => void {
  watchers.set(context, changed)
  return () => watchers.delete(context)
}

/** Tells the watcher of `context`, if any, that its faults changed. */
export function faultsChanged(context: EndpointContext): void {
  watchers.get(context)?.()
}

/** The faults armed on the OP of `context`, in the order they were armed. */
export function armedFaults(context: EndpointContext): ArmedFault[] {
  let armed = armedByOP.get(context)
  if (!armed) armedByOP.set(context, (armed = []))
  return armed
}

/** Whether a request with `facts` matches `where`: every named parameter equal (`client_id` from the client too). */
export function matches(where: Readonly<Record<string, string>>, facts: RequestFacts): boolean {
  return Object.entries(where).every(([name, value]) => (name === 'client_id' && facts.client_id === value) || facts.params[name] === value)
}

/** Whether a fault that `accepts` is armed on `endpoint`: the hooks look at a request (or its answer) only then. */
export function isArmed(context: EndpointContext, endpoint: string, accepts: (fault: Fault) => boolean): boolean {
  return armedFaults(context).some((each) => each.endpoint === endpoint && accepts(each.fault))
}

/**
 * Takes the first fault armed on `endpoint` that `accepts` and that matches the request's facts: it
 * counts one request, and is disarmed when it has none left. `factsOf` runs only when such a fault
 * is armed, so a request pays nothing for faults while none is.
 */
export function takeFault<F extends Fault>(context: EndpointContext, endpoint: string, factsOf: () => RequestFacts, accepts: (fault: Fault) => fault is F): F | undefined {
  if (!isArmed(context, endpoint, accepts)) return undefined
  const facts = factsOf()
  const armed = armedFaults(context)
  const index = armed.findIndex((each) => each.endpoint === endpoint && accepts(each.fault) && matches(each.where, facts))
  if (index < 0) return undefined
  const found = armed[index]!
  if (found.left === Infinity) return found.fault as F
  if (--found.left <= 0) armed.splice(index, 1)
  faultsChanged(context)
  return found.fault as F
}
