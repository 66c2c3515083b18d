/**
 * JWT responses for token introspection (RFC 9701): a caller that sends
 * `Accept: application/token-introspection+jwt` gets the introspection response signed by the OP,
 * as `{ iss, aud, iat, token_introspection }` with `typ: token-introspection+jwt`, in the
 * algorithm its client registered (`introspection_signed_response_alg`, §6; default RS256).
 * Discovery lists the algorithms (`introspection_signing_alg_values_supported`, §7).
 * @see https://www.rfc-editor.org/rfc/rfc9701
 */
import { encryptIntrospectionResponse, encryptionDiscovery } from '../encryption/index.js'
import type { SigningAlg } from '../../consts.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import type { AddOn, HookInput } from '../add-on.js'

/** The media type of the request's `Accept` and of the response (RFC 9701 §4, §5). */
export const TOKEN_INTROSPECTION_JWT = 'application/token-introspection+jwt'

/** Whether the request asks for a JWT response. */
function wantsJwt(request: Request): boolean {
  const accept = request.headers.get('accept') ?? ''
  return accept.split(',').some((range) => range.split(';')[0]!.trim().toLowerCase() === TOKEN_INTROSPECTION_JWT)
}

/** §6: the client's registered algorithm, else RS256 when the OP signs with it, else its first. */
function algFor(context: EndpointContext, clientId: string | undefined): SigningAlg {
  const registered = clientId !== undefined ? context.clients.get(clientId)?.introspection_signed_response_alg : undefined
  const { signingAlgs } = context.config
  return registered ?? (signingAlgs.includes('RS256') ? 'RS256' : signingAlgs[0]!)
}

async function signedResponse({ context, req }: HookInput, response: Response): Promise<Response> {
  if (!wantsJwt(req.request)) return response
  const body = (await response.clone().json()) as Record<string, unknown>
  const clientId = req.trace.client_id
  // §5: the OP's issuer, the requesting resource server as audience, and the response itself.
  const claims = { iss: context.issuer, ...(clientId !== undefined ? { aud: clientId } : {}), iat: context.clock.now(), token_introspection: body }
  const signed = await context.keyjar.sign(claims, algFor(context, clientId), 'token-introspection+jwt')
  // §5: signed, then encrypted when the client registered introspection_encrypted_response_alg.
  const client = clientId !== undefined ? context.clients.get(clientId) : undefined
  const alg = client?.introspection_encrypted_response_alg
  const jwt = client && alg !== undefined ? await encryptIntrospectionResponse(context, client, signed, alg, client.introspection_encrypted_response_enc) : signed
  const headers = new Headers(response.headers)
  headers.set('content-type', TOKEN_INTROSPECTION_JWT)
  headers.delete('content-length')
  return new Response(jwt, { status: response.status, headers })
}

/** The `jwt-introspection` add-on. */
export const jwtIntrospectionAddOn: AddOn = {
  name: 'jwt-introspection',
  endpoints: {
    introspection: {
      afterRespond: signedResponse,
      metadata: (context) => ({ introspection_signing_alg_values_supported: [...context.config.signingAlgs], ...encryptionDiscovery('introspection') }),
    },
  },
}
