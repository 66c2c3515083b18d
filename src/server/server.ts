/**
 * The OP: a `Server` with an endpoint context and a set of endpoints, reached through `serverGet`
 * (after idpyoidc), and the controls tests use to read and change its state: dump and load,
 * users, clients, revocation, logout, keys.
 */
import type { ClientMetadata } from '../client/metadata.js'
import { validateClient, validateUser } from '../config/validate.js'
import { supportedGrantTypes } from '../endpoints/token.js'
import { decideBackchannel, decideDevice } from '../endpoints/polled-flows/decide.js'
import { initialState, type ClientRecord, type OPState, type User } from '../store/state.js'
import { restore, snapshot } from '../store/store.js'
import { armFault, clearFaults, type FailNextOptions, type Fault } from '../add-ons/faults/controls.js'
import type { EndpointName } from '../endpoints/registry.js'
import { BACKCHANNEL_LOGOUT_EVENT_NAME, type BackchannelLogoutEventName } from '../add-ons/backchannel-logout/index.js'
import { issueToken, type IssueTokenOptions } from './issue-token.js'
import { ServerCore, type OPEvent, type ServerGetOf } from './server-core.js'
import { waitForRequest, type WaitForRequestOptions } from './wait-for-request.js'

export type { OPEvent, ServerGetOf } from './server-core.js'
export type { FailNextOptions, Fault, IssueTokenOptions, WaitForRequestOptions }

/**
 * `serverGet`: how every part of the OP reaches every other part (after idpyoidc's `server_get`),
 * typed so that `serverGet('endpoint', 'token')` is a `TokenEndpoint`.
 */
export type ServerGet<S extends ServerCore = Server> = ServerGetOf<S>

/**
 * The OP without a host binding: `op.handle(request)` answers any request with Web APIs only.
 * The package's main entry adds `op.handlers` (msw); `msw-oidc-provider/core` exports this one.
 *
 * ```ts
 * const op = new Server({ issuer: 'https://op.example.test', clients: [...], users: [...] })
 * const response = await op.handle(new Request('https://op.example.test/.well-known/openid-configuration'))
 * ```
 */
export class Server extends ServerCore {
  // State -----------------------------------------------------------------------------------------

  /** A deep copy of all state (keys included) as JSON. */
  dump(): OPState {
    return snapshot(this.store)
  }

  /** Restores a snapshot made by `dump()`: a restored OP validates the tokens it issued before. */
  load(state: OPState): void {
    restore(this.store, state)
    this.context.keyjar.reload()
  }

  /** Back to the configured clients and users, with no session, grant or token. Keys are kept. */
  reset(): void {
    const keys = this.store.getState().keys
    restore(this.store, { ...initialState(), keys })
    this.context.remoteKeySets.clear()
    this.seed()
  }

  /** Adds a user, or replaces the claims of the user with that `sub`. */
  putUser(user: User): User {
    return this.context.users.put(validateUser(user, 'user'))
  }

  /** Removes a user: their sessions end and their grants are revoked. */
  removeUser(sub: string): boolean {
    return this.context.actions.removeUser(sub)
  }

  /** Adds (or replaces) a client, with RFC 7591 metadata. Throws a `ConfigurationError` when invalid. */
  addClient(metadata: ClientMetadata): ClientRecord {
    // The grant types supported now, custom grants of the token endpoint included.
    return this.context.clients.put(validateClient(metadata, 'client', { grantTypes: supportedGrantTypes(this.serverGet), profile: this.context.config.profile }))
  }

  /** Removes a client: its tokens stop working. */
  removeClient(clientId: string): boolean {
    return this.context.actions.removeClient(clientId)
  }

  /** Revokes one issued token by its key in `state.tokens` (a refresh token takes its grant along). */
  revokeToken(key: string): boolean {
    if (!this.context.tokens.get(key)) return false
    this.context.actions.revokeToken(key)
    return true
  }

  /** Revokes a grant: every code and token minted from it stops working. */
  revokeGrant(id: string): boolean {
    if (!this.context.grants.get(id)) return false
    this.context.grants.revoke(id)
    return true
  }

  /** Ends a login session, as a logout would (grants without offline_access end with it). */
  endSession(sid: string): boolean {
    if (!this.context.sessions.get(sid)) return false
    this.context.actions.logout(sid)
    return true
  }

  /** Adds new signing keys; the old ones stay in the JWKS so earlier tokens still verify. */
  rotateKeys(): Promise<void> {
    return this.context.keyjar.rotate()
  }

  // Error paths ------------------------------------------------------------------------------------

  /**
   * Makes the next request to `endpoint` (the next `times`, those matching `where`) fail as `fault`
   * says: an OAuth error in the endpoint's style, a raw answer, a delay, a network error, or a
   * defective ID token (docs/faults.md). The fault changes no state. Throws a `ConfigurationError`
   * naming the field when it is wrong.
   */
  failNext(endpoint: EndpointName, fault: Fault, options?: FailNextOptions): void {
    armFault(this.context, this.serverGet('endpoints').keys(), endpoint, fault, options)
  }

  /** Disarms every fault `failNext` armed. */
  clearFaults(): void {
    clearFaults(this.context)
  }

  /**
   * The next request `endpoint` answers (matching `where`), as its event; rejects after `timeout`
   * ms (5000) listing what arrived. Requests answered before the call do not count.
   * `'backchannel_logout'` waits for the OP's next logout token delivery (docs/logout.md).
   */
  waitForRequest(endpoint: EndpointName | BackchannelLogoutEventName, options?: WaitForRequestOptions): Promise<OPEvent> {
    return waitForRequest({ subscribe: (listener) => this.subscribe(listener), endpointNames: () => [...this.serverGet('endpoints').keys(), BACKCHANNEL_LOGOUT_EVENT_NAME] }, endpoint, options)
  }

  /** A token without a flow, recorded under a grant of its own: the OP's endpoints accept it as any other. */
  issueToken(options: IssueTokenOptions): Promise<string> {
    return issueToken(this.context, options)
  }
  /** RFC 8628: the user approves the device of `user_code` (as `sub`, default the first user). False when unknown or decided. */
  approveDevice(user_code: string, sub?: string): boolean {
    return decideDevice(this.context, user_code, true, sub)
  }

  /** RFC 8628: the user denies the device of `user_code`; its next poll gets `access_denied`. */
  denyDevice(user_code: string): boolean {
    return decideDevice(this.context, user_code, false)
  }

  /** CIBA: the user approves `auth_req_id` (as `sub`, default the hinted user); a ping client is notified. */
  approveBackchannel(auth_req_id: string, sub?: string): boolean {
    return decideBackchannel(this.context, auth_req_id, true, sub)
  }

  /** CIBA: the user denies `auth_req_id`; the client's next poll gets `access_denied`. */
  denyBackchannel(auth_req_id: string): boolean {
    return decideBackchannel(this.context, auth_req_id, false)
  }

}
