/**
 * Request objects (RFC 9101, OIDC Core §6): `request` by value and `request_uri` by reference at
 * the authorization endpoint, `request` at the pushed authorization request endpoint (RFC 9126
 * §3). After parse, the object is read and checked (./read.ts) and its claims replace the
 * parameters (./assemble.ts), so the endpoints validate them as any request; its `jti` is spent
 * once the request is trusted. Off with `requestObjects: false` (the endpoints then answer
 * `request_not_supported`); errors before the redirect URI is known are pages, never redirects.
 * @see https://www.rfc-editor.org/rfc/rfc9101
 * @see https://openid.net/specs/openid-connect-core-1_0.html#JWTRequests
 * @see ../../../docs/request-objects.md
 */
import type { AddOn, BeforeProcessInput, HookInput } from '../add-on.js'
import { ENCRYPTION_ENCS } from '../../client/encryption-metadata.js'
import { REQUEST_OBJECT_ENCRYPTION_ALGS, REQUEST_OBJECT_SIGNING_ALGS } from '../../client/request-object-metadata.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import { json } from '../../http/responses.js'
import type { ClientRecord } from '../../store/state.js'
import { PUSHED_REQUEST_URI_PREFIX } from '../../store/slices/pushed-requests.js'
import { publicEncryptionKeys } from '../encryption/op-keys.js'
import { assembleParams } from './assemble.js'
import { fetchRequestObject } from './by-reference.js'
import { readRequestObject, type ReadRequestObject } from './read.js'

declare module '../add-on.js' {
  interface RequestSlots {
    /** The request object the parameters came from, once read and checked. */
    requestObject?: ReadRequestObject & { client_id: string }
  }
}

/** Reads the object a request carries (by value or by reference) and makes its claims the parameters. */
async function useRequestObject(input: HookInput, client: ClientRecord, byReference: boolean): Promise<void> {
  const { context, params, req } = input
  const settings = context.config.requestObjects!
  if (params.request !== undefined && params.request_uri !== undefined) throw oauthError('invalid_request', 'request and request_uri must not both be sent (RFC 9101 §5)')
  const jwt = byReference ? await fetchRequestObject(context.outboundFetch, settings, client, params.request_uri!) : params.request!
  const object = await readRequestObject(context, client, jwt)
  assembleParams(params, object.claims, context.config.limits.parameterValue)
  req.slots.requestObject = { ...object, client_id: client.client_id }
}

/** RFC 9101 §10.5: a client (or OP) that requires signed request objects sends nothing else. */
function checkSignedRequired(context: EndpointContext, client: ClientRecord | undefined, input: HookInput): void {
  if (!client || !(context.config.requestObjects?.requireSigned || client.require_signed_request_object)) return
  if (!input.req.slots.requestObject?.signed) throw oauthError('invalid_request', 'this client must send its authorization requests as signed request objects (require_signed_request_object)')
}

/** Spends the object's `jti`: of two requests with one object, one goes on. */
function spend({ context, req }: HookInput): void {
  const object = req.slots.requestObject
  if (object?.jti !== undefined && !context.replay.spendRequestObject(object.client_id, object.jti, object.until)) {
    throw oauthError('invalid_request_object', 'the request object was used before (its jti is not new)')
  }
}

/**
 * The request objects add-on (on by default, see `DEFAULT_ADD_ONS`).
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-6
 */
export const requestObjectsAddOn: AddOn = {
  name: 'request-objects',
  endpoints: {
    authorization: {
      async afterParse(input) {
        const { context, params } = input
        if (!context.config.requestObjects || params.client_id === undefined) return
        const byReference = params.request_uri !== undefined && !params.request_uri.startsWith(PUSHED_REQUEST_URI_PREFIX)
        if (params.request === undefined && !byReference) return
        const client = context.clients.get(params.client_id)
        // An unknown client is the endpoint's to answer.
        if (client) await useRequestObject(input, client, byReference)
      },
      afterTrust(input: BeforeProcessInput) {
        // The parameters as parsed (query or form): a pushed request's were checked at PAR.
        const pushed = input.params.request_uri?.startsWith(PUSHED_REQUEST_URI_PREFIX) ?? false
        if (!pushed) checkSignedRequired(input.context, input.client, input)
        spend(input)
      },
      metadata: (context) => discovery(context),
    },
    pushed_authorization: {
      async beforeProcess(input) {
        const { context, params, client } = input
        if (context.config.requestObjects && client && params.request !== undefined) await useRequestObject(input, client, false)
        checkSignedRequired(context, client, input)
      },
      commit: spend,
    },
    jwks: {
      async afterRespond({ context }, response) {
        if (!context.config.requestObjects?.encryption || !response.headers.get('content-type')?.includes('json')) return response
        const jwks = (await response.json()) as { keys: unknown[] }
        return json({ keys: [...jwks.keys, ...(await publicEncryptionKeys(context))] }, { headers: Object.fromEntries(response.headers) })
      },
    },
  },
}

/** The discovery members of request objects, while the authorization endpoint is on. */
function discovery(context: EndpointContext): Record<string, unknown> {
  const settings = context.config.requestObjects
  if (!settings) return {}
  return {
    request_parameter_supported: true,
    request_uri_parameter_supported: true,
    require_request_uri_registration: false,
    require_signed_request_object: settings.requireSigned,
    request_object_signing_alg_values_supported: [...REQUEST_OBJECT_SIGNING_ALGS],
    ...(settings.encryption
      ? { request_object_encryption_alg_values_supported: [...REQUEST_OBJECT_ENCRYPTION_ALGS], request_object_encryption_enc_values_supported: [...ENCRYPTION_ENCS] }
      : {}),
  }
}
