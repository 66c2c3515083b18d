/**
 * A request object by reference (`request_uri`): an https URL (http on loopback), one of the
 * client's registered `request_uris` when it registered any (Core §6.2, RFC 9101 §10.4), fetched
 * by the OP within `requestObjects.requestUriTimeout` ms and `requestUriMaxBytes` bytes, through
 * the OP's route (`op.outboundFetch`): in Node a test's msw handler, in the worker the app's
 * handlers first, in the Playwright fixture the test's `context.route`s.
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-5.2
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RequestUriParameter
 */
import { isFetchableRequestUri } from '../../client/request-object-metadata.js'
import type { ResolvedRequestObjectSettings } from '../../config/request-objects.js'
import { oauthError } from '../../errors/oauth-error.js'
import { fetchBounded } from '../../http/outbound-fetch.js'
import type { OutboundFetch } from '../../http/outbound-fetch.js'
import type { ClientRecord } from '../../store/state.js'

/** The request object `requestUri` refers to, as the text of a JWT, fetched through `send` (the OP's route). */
export async function fetchRequestObject(send: OutboundFetch, settings: ResolvedRequestObjectSettings, client: ClientRecord, requestUri: string): Promise<string> {
  if (!isFetchableRequestUri(requestUri)) throw oauthError('invalid_request_uri', 'request_uri must be an absolute https URL (http only on localhost)')
  const withoutFragment = requestUri.split('#')[0]!
  // Core §6.2: a fragment (a hash of the content) may follow a registered URI.
  if (client.request_uris && !client.request_uris.some((registered) => registered.split('#')[0] === withoutFragment)) {
    throw oauthError('invalid_request_uri', "request_uri is not one of the client's registered request_uris")
  }
  const body = await fetchBounded(send, withoutFragment, {
    timeout: settings.requestUriTimeout,
    maxBytes: settings.requestUriMaxBytes,
    error: 'invalid_request_uri',
    accept: 'application/oauth-authz-req+jwt, application/jwt',
  })
  return body.trim()
}
