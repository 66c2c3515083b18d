/**
 * Pairwise subject identifiers (OIDC Core §8.1): a client registered with `subject_type:
 * 'pairwise'` sees each user under a `sub` of its own sector, the same for every client of that
 * sector and different across sectors. The OP keeps its users' local `sub` everywhere in its state
 * and computes the pairwise one where a `sub` leaves it (ID token, UserInfo, JWT access token,
 * introspection); what comes back (`id_token_hint`, `login_hint`) is mapped back to the local one.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#SubjectIDTypes
 * @see https://openid.net/specs/openid-connect-core-1_0.html#PairwiseAlg
 */
import type { EndpointContext } from '../../context/endpoint-context.js'
import { sha256 } from '../../internal/hash.js'
import type { ClientRecord } from '../../store/state.js'
import { pairwiseSalt } from './salt.js'

/** The parts of a client that decide its subject type and sector. */
type SubjectClient = Pick<ClientRecord, 'client_id' | 'subject_type' | 'sector_identifier_uri' | 'redirect_uris' | 'jwks_uri'>

/**
 * The Sector Identifier (Core §8.1): the host of `sector_identifier_uri` when registered, else the
 * host of the redirect URIs (registration ensures they share one), else, for clients without
 * redirect URIs (CIBA), the host of `jwks_uri`, else the client itself.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#PairwiseAlg
 */
export function sectorOf(client: SubjectClient): string {
  const from = client.sector_identifier_uri ?? client.redirect_uris?.[0] ?? client.jwks_uri
  return from !== undefined ? new URL(from).host : `client:${client.client_id}`
}

/**
 * The `sub` the client sees for the user whose local `sub` is `sub`: the same for public clients;
 * for pairwise ones, base64url(SHA-256(sector ‖ local sub ‖ salt)), the algorithm Core §8.1 gives.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#PairwiseAlg
 */
export function subjectFor(context: EndpointContext, client: SubjectClient | undefined, sub: string): string {
  if (client?.subject_type !== 'pairwise') return sub
  return sha256(`${sectorOf(client)}\n${sub}\n${pairwiseSalt(context.store)}`)
}

/** The `sub` the client `clientId` sees for user `sub` (its record looked up), for records that keep only the id. */
export function subjectForClientId(context: EndpointContext, clientId: string, sub: string): string {
  return subjectFor(context, context.clients.get(clientId), sub)
}

/**
 * The local `sub` of the user a pairwise client names by `presented` (an `id_token_hint`'s `sub`,
 * a `login_hint`), or `presented` itself for public clients and for values that are no user's
 * pairwise `sub`. The users are few in a mock, so they are simply tried in turn.
 */
export function localSubject(context: EndpointContext, client: SubjectClient | undefined, presented: string): string {
  if (client?.subject_type !== 'pairwise') return presented
  return context.users.list().find((user) => subjectFor(context, client, user.sub) === presented)?.sub ?? presented
}

/**
 * The local `sub` of the user an ID token of this OP names (an `id_token_hint` at logout or CIBA):
 * its `sub` mapped back through its audience's subject type (`azp`, else the one `aud`).
 */
export function idTokenSubject(context: EndpointContext, payload: { sub?: unknown; aud?: unknown; azp?: unknown }): string | undefined {
  if (typeof payload.sub !== 'string') return undefined
  const aud = typeof payload.azp === 'string' ? payload.azp : Array.isArray(payload.aud) ? payload.aud[0] : payload.aud
  return typeof aud === 'string' ? localSubject(context, context.clients.get(aud), payload.sub) : payload.sub
}
