/**
 * A client's `sector_identifier_uri` document (OIDC Core §8.1, Registration §5): fetched through
 * the OP's route (`op.outboundFetch`: in Node the global `fetch`, so a test's msw handlers serve it), at most `limits.sectorIdentifierDocument`
 * bytes, and it must be a JSON array holding every redirect URI of the client. A good answer is
 * remembered per OP for `limits.remoteJwksTtl` seconds, as client key sets are.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#PairwiseAlg
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#SectorIdentifierValidation
 */
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { OutboundFetch } from '../../http/outbound-fetch.js'
import type { ClientMetadata } from '../../store/state.js'
import { cancel, readCapped } from '../../http/capped-body.js'

/** How long the OP waits for the document. */
const FETCH_TIMEOUT_MS = 5000

/** What the document is checked against. */
type SectorClient = Pick<ClientMetadata, 'sector_identifier_uri' | 'redirect_uris'>

/** Verified documents per OP: key (URI and redirect URIs) → until when, by the OP's clock. */
const verified = new WeakMap<EndpointContext, Map<string, number>>()

/**
 * At authorization: checks the client's sector identifier document, if it registered one, once
 * per `limits.remoteJwksTtl`; throws `invalid_request` saying why not.
 */
export async function checkSectorIdentifier(context: EndpointContext, client: SectorClient): Promise<void> {
  if (client.sector_identifier_uri === undefined) return
  if ((verified.get(context)?.get(cacheKey(client)) ?? 0) > context.clock.now()) return
  await verifySectorIdentifier(context, client, 'invalid_request')
}

/** The key of a client's document and redirect URIs in `verified`. */
function cacheKey(client: SectorClient): string {
  return JSON.stringify([client.sector_identifier_uri, client.redirect_uris ?? []])
}

/** Remembers a good document for `limits.remoteJwksTtl` (at most `limits.remoteJwksSets` of them). */
function remember(context: EndpointContext, client: SectorClient): void {
  const cache = verified.get(context) ?? new Map<string, number>()
  verified.set(context, cache)
  while (cache.size >= context.config.limits.remoteJwksSets) cache.delete(cache.keys().next().value!)
  cache.set(cacheKey(client), context.clock.now() + context.config.limits.remoteJwksTtl)
}

/**
 * Fetches and checks the client's sector identifier document now, if it registered one (at
 * registration: `invalid_client_metadata`), and remembers a good one; throws `error` saying why not.
 */
export async function verifySectorIdentifier(
  context: EndpointContext,
  client: SectorClient,
  error: 'invalid_client_metadata' | 'invalid_request' = 'invalid_client_metadata',
): Promise<void> {
  const uri = client.sector_identifier_uri
  if (uri === undefined) return
  const listed = await fetchSectorDocument(context.outboundFetch, uri, context.config.limits.sectorIdentifierDocument, error)
  const missing = (client.redirect_uris ?? []).find((redirectUri) => !listed.includes(redirectUri))
  if (missing !== undefined) throw oauthError(error, `sector_identifier_uri '${uri}' does not list the redirect URI '${missing}'`)
  // A client checked at registration is not fetched again at its first authorization.
  remember(context, client)
}

/** The JSON array of URIs at `uri`, read up to `maxBytes`. */
async function fetchSectorDocument(send: OutboundFetch, uri: string, maxBytes: number, error: 'invalid_client_metadata' | 'invalid_request'): Promise<string[]> {
  const refuse = (why: string) => oauthError(error, `sector_identifier_uri '${uri}' ${why}`)
  let response: Response
  try {
    // Through the host's routing, as a request_uri or a jwks_uri is (in the worker, the app's handlers first).
    response = await send(new Request(uri, { headers: { accept: 'application/json' }, redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }))
  } catch {
    throw refuse('could not be fetched')
  }
  if (response.status !== 200) {
    cancel(response.body)
    throw refuse(`answered ${response.status}, not 200`)
  }
  const bytes = await readCapped(response, maxBytes)
  if (bytes === undefined) throw refuse(`is larger than ${maxBytes} bytes (limits.sectorIdentifierDocument)`)
  let document: unknown
  try {
    document = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    throw refuse('is not JSON')
  }
  if (!Array.isArray(document) || !document.every((item) => typeof item === 'string')) throw refuse('is not a JSON array of redirect URIs')
  return document as string[]
}
