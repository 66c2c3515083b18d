/** The shape of one grant type handled by the token endpoint (after node-oidc-provider's grants). */
import type { EndpointContext } from '../../context/endpoint-context.js'
import type { DPoPProof } from '../../dpop/proof.js'
import type { Params } from '../../http/params.js'
import type { ClientRecord } from '../../store/state.js'
import type { RequestTrace } from '../endpoint.js'

export interface GrantHandlerInput {
  context: EndpointContext
  client: ClientRecord
  params: Params
  trace: RequestTrace
  /**
   * The request's valid DPoP proof (RFC 9449 §5). A handler checks the bindings it must honour,
   * spends the proof right before it changes anything, and binds what it issues to the proof's key.
   */
  dpop?: DPoPProof
}

export interface GrantHandler {
  readonly grantType: string
  /** The parameters this grant reads, beyond grant_type and client authentication. */
  readonly parameters: ReadonlySet<string>
  handle(input: GrantHandlerInput): Promise<object>
}
