/**
 * The cap on clients that open registration (RFC 7591) may add: the configured clients, and those
 * added with `op.addClient`, are the OP's own and count only against what is left.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 */
import type { EndpointContext } from '../context/endpoint-context.js'
import { countRecords, ensureRoom } from '../store/caps.js'

/** Throws a 429 `invalid_request` when `limits.registeredClients` clients were registered already. */
export function ensureRegistrationRoom(context: EndpointContext): void {
  const state = context.store.getState()
  const registered = countRecords(state.clients, state.revision) - context.config.clients.length
  ensureRoom(registered, context.config.limits.registeredClients, 'registered clients', 'registeredClients')
}
