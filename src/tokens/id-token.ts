/**
 * ID tokens.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
import { releaseClaims } from '../claims/release.js'
import type { EndpointContext } from '../context/endpoint-context.js'
import type { ClientRecord, Grant, User } from '../store/state.js'
import { protocolFirst } from './claims.js'
import { leftHalfHash } from '../internal/hash.js'
import { encryptIdToken } from '../add-ons/encryption/encrypt.js'

/** What an ID token is minted from. */
export interface IdTokenInput {
  client: ClientRecord
  grant: Grant
  user: User
  /** Only from the authorization code grant, and only when the request sent one. */
  nonce?: string
  /** The access token issued beside it, for `at_hash`. */
  accessToken?: string
}

/**
 * Signs an ID token for a grant, with `at_hash` when issued with an access token; then encrypts it
 * when the client registered `id_token_encrypted_response_alg` (Core §10.2).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
export async function mintIdToken(context: EndpointContext, { client, grant, user, nonce, accessToken }: IdTokenInput): Promise<string> {
  const { config } = context
  const alg = client.id_token_signed_response_alg ?? 'RS256'
  const iat = context.clock.now()
  const released = releaseClaims({
    user,
    scope: grant.scope,
    scopeClaims: config.scopeClaims,
    ...(grant.claims?.id_token ? { requested: grant.claims.id_token } : {}),
    includeScopeClaims: !config.conformIdTokenClaims,
  })
  const extra = config.extraTokenClaims?.({ token: 'id_token', client_id: client.client_id, user, scope: grant.scope })
  const claims = protocolFirst({ ...extra, ...released }, {
    iss: context.issuer,
    sub: grant.sub,
    aud: client.client_id,
    exp: iat + config.ttl.IdToken,
    iat,
    auth_time: grant.auth_time,
    ...(nonce !== undefined ? { nonce } : {}),
    ...(grant.acr ? { acr: grant.acr } : {}),
    ...(grant.amr ? { amr: grant.amr } : {}),
    ...(grant.sid ? { sid: grant.sid } : {}),
    ...(accessToken ? { at_hash: leftHalfHash(accessToken, alg) } : {}),
  })
  return encryptIdToken(client, await context.keyjar.sign(claims, alg))
}
