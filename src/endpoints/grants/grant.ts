/** The shape of one grant type handled by the token endpoint (after node-oidc-provider's grants). */
import type { EndpointContext } from '../../context/endpoint-context.js'
import type { DPoPProof } from '../../add-ons/dpop/proof.js'
import type { Params } from '../../http/params.js'
import type { ClientRecord } from '../../store/state.js'
import type { RequestTrace } from '../endpoint.js'

/** What the token endpoint hands a grant handler once the client is authenticated. */
export interface GrantHandlerInput {
  context: EndpointContext
  client: ClientRecord
  params: Params
  trace: RequestTrace
  /**
   * The request's valid DPoP proof (RFC 9449 §5). A handler checks the bindings it must honour
   * and binds what it issues to the proof's key.
   */
  dpop?: DPoPProof
  /**
   * The endpoint's commit step: call it right before the grant changes anything, after its last
   * `await`; the add-ons spend what is single-use there (the DPoP proof, RFC 9449 §11.1) and
   * throw when another request spent it first.
   */
  commit: () => void
}

/**
 * One grant type: its parameters and its handler.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export interface GrantHandler {
  readonly grantType: string
  /** The parameters this grant reads, beyond grant_type and client authentication. */
  readonly parameters: ReadonlySet<string>
  /** The endpoint that starts this grant's flow, if any: the grant is off while it is disabled. */
  readonly startedBy?: string
  handle(input: GrantHandlerInput): Promise<object>
}
