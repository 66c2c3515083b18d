/**
 * The logout token: a JWT the OP signs as it signs the client's ID tokens, telling the RP that
 * a session of the user ended.
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#LogoutToken
 */
import type { EndpointContext } from '../../context/endpoint-context.js'
import { randomId } from '../../internal/random.js'
import { encryptIdToken } from '../encryption/encrypt.js'
import { subjectFor } from '../pairwise/subject.js'
import type { ClientRecord, LoginSession } from '../../store/state.js'

/** The `events` member that makes a JWT a logout token (§2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout'

/** The `typ` header of logout tokens (§2.4, explicit typing against cross-JWT confusion, §4.1). */
export const LOGOUT_TOKEN_TYPE = 'logout+jwt'

/** How long a logout token is valid: §2.4 recommends at most two minutes. */
export const LOGOUT_TOKEN_TTL = 120

/**
 * The claims of a logout token for `client` about `session`: `sub` always, `sid` when the client
 * registered `backchannel_logout_session_required` (§2.4: either or both), never `nonce`.
 */
export function logoutTokenClaims(context: EndpointContext, client: ClientRecord, session: LoginSession): Record<string, unknown> {
  const iat = context.clock.now()
  return {
    iss: context.issuer,
    // The client's view of the user: pairwise where it registered so (OIDC Core §8.1).
    sub: subjectFor(context, client, session.sub),
    aud: client.client_id,
    iat,
    exp: iat + LOGOUT_TOKEN_TTL,
    jti: randomId(),
    events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    ...(client.backchannel_logout_session_required ? { sid: session.sid } : {}),
  }
}

/**
 * Signs a logout token for `client` with its `id_token_signed_response_alg`, typed `logout+jwt`,
 * then encrypts it as its ID tokens are when it registered `id_token_encrypted_response_alg`
 * (§2.4: "the same keys are used to sign and encrypt Logout Tokens as are used for ID Tokens";
 * §2.6: the RP decrypts with the algorithms it registered for ID tokens).
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#Validation
 */
export async function mintLogoutToken(context: EndpointContext, client: ClientRecord, claims: Record<string, unknown>): Promise<string> {
  return encryptIdToken(context, client, await context.keyjar.sign(claims, client.id_token_signed_response_alg ?? 'RS256', LOGOUT_TOKEN_TYPE))
}
