/**
 * The faults add-on: `op.failNext(endpoint, fault)` makes the next matching requests to an endpoint
 * fail as the fault says, in every host. It installs into every endpoint:
 *
 * - after parse: a raw answer (with the OP's CORS headers, added as for any answer), a network
 *   error (`Response.error()`: each host makes the caller's fetch reject), or a delay (then the
 *   normal answer);
 * - before process (the client authenticated): an OAuth error thrown, which the endpoint renders
 *   in its own style;
 * - at authorization, once the client and `redirect_uri` are trusted (`afterTrust`): the OAuth
 *   error, redirected to the client with `state` and `iss` in its response mode;
 * - after respond, at the token endpoint: a defective ID token in the answer.
 *
 * All run before the request changes state, except the ID token's, which changes only the answer:
 * a faulted request leaves `dump()` as it was.
 */
import type { ErrorCode } from '../../errors/oauth-error.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { AddOn, HookInput } from '../add-on.js'
import { isArmed, takeFault, type RequestFacts } from './armed.js'
import type { DelayFault, Fault, IdTokenFault, NetworkErrorFault, OAuthErrorFault, RawFault } from './fault.js'
import { defectiveIdToken } from './id-token-defects.js'

const isOAuthError = (fault: Fault): fault is OAuthErrorFault => 'error' in fault
const isIdToken = (fault: Fault): fault is IdTokenFault => 'idToken' in fault
/** The faults that answer instead of the endpoint (or late), before it processes the request. */
const isTransport = (fault: Fault): fault is RawFault | DelayFault | NetworkErrorFault => !isOAuthError(fault) && !isIdToken(fault)

function facts({ params, req }: HookInput, client_id?: string): RequestFacts {
  return { params, client_id: client_id ?? req.trace.client_id ?? params.client_id ?? basicClientId(req.request) }
}

/** The client_id of an `Authorization: Basic` header, before the client is authenticated (RFC 6749 §2.3.1). */
function basicClientId(request: Request): string | undefined {
  const header = request.headers.get('authorization')
  if (!header?.toLowerCase().startsWith('basic ')) return undefined
  try {
    const id = atob(header.slice(6).trim()).split(':')[0]!
    return decodeURIComponent(id.replace(/\+/g, ' '))
  } catch {
    return undefined
  }
}

/** The fault as the OAuth error the endpoint renders. */
function thrown(fault: OAuthErrorFault): Error {
  const description = fault.error_description ?? `failNext: a fault injected at this endpoint`
  // Any RFC 6749 error code (validated), not only those the OP itself sends.
  return oauthError(fault.error as ErrorCode, description, fault.status !== undefined ? { status: fault.status } : undefined)
}

/**
 * Faults, installed into every endpoint.
 * @see ../../../docs/faults.md
 */
export const faultsAddOn: AddOn = {
  name: 'faults',
  endpoints: {},
  all: {
    /** Transport faults come first, before even the client is authenticated: the OP is down for everyone. */
    async afterParse(input) {
      const { context, endpoint } = input
      const transport = takeFault(context, endpoint, () => facts(input), isTransport)
      if (transport && 'delay' in transport) await new Promise((resolve) => setTimeout(resolve, transport.delay))
      else if (transport && 'networkError' in transport) return Response.error()
      else if (transport) return new Response(transport.body ?? null, { status: transport.status, headers: transport.headers ?? {} })
      return undefined
    },
    beforeProcess(input) {
      // Authorization errors wait until the redirect URI is trusted (afterTrust).
      if (input.endpoint === 'authorization') return
      const error = takeFault(input.context, input.endpoint, () => facts(input, input.client?.client_id), isOAuthError)
      if (error) throw thrown(error)
    },
    afterTrust(input) {
      const error = takeFault(input.context, input.endpoint, () => facts(input, input.client?.client_id), isOAuthError)
      if (error) throw thrown(error)
    },
    async afterRespond(input, response) {
      // Read the answer back only when an ID token fault waits for this endpoint (issue 16: no JSON round trip otherwise).
      if (!isArmed(input.context, input.endpoint, isIdToken)) return response
      if (!response.headers.get('content-type')?.includes('json')) return response
      const body: unknown = await response.clone().json()
      if (typeof body !== 'object' || body === null || typeof (body as { id_token?: unknown }).id_token !== 'string') return response
      const fault = takeFault(input.context, input.endpoint, () => facts(input), isIdToken)
      if (!fault) return response
      const answer = body as { id_token: string }
      answer.id_token = await defectiveIdToken(input.context, answer.id_token, fault.idToken)
      const headers = new Headers(response.headers)
      headers.delete('content-length')
      return new Response(JSON.stringify(answer), { status: response.status, headers })
    },
  },
}
