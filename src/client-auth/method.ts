/** The shape of one client authentication method (after idpyoidc's `client_authn.py`). */
import type { EndpointContext } from '../context/endpoint-context.js'
import type { ClientAuthMethod } from '../consts.js'
import type { Params } from '../http/params.js'
import type { ClientRecord } from '../store/state.js'

/** What a method reads from a request. */
export interface ClientAuthInput {
  request: Request
  params: Params
  /** The URL of the endpoint being called: a valid `aud` for client assertions. */
  endpointUrl: string
  context: EndpointContext
}

/**
 * One client authentication method: whether a request uses it, and how to verify it.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2 token_endpoint_auth_method
 */
export interface ClientAuthenticator {
  readonly method: ClientAuthMethod
  /** Whether the request carries this method's credentials. */
  present(input: ClientAuthInput): boolean
  /** The client the credentials claim to be (before they are checked). */
  claimedClientId(input: ClientAuthInput): string | undefined
  /** Checks the credentials against the registered client; throws `invalid_client`. */
  verify(input: ClientAuthInput, client: ClientRecord): Promise<void>
}
