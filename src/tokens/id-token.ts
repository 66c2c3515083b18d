/**
 * ID tokens.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
import { releaseClaims } from '../claims/release.js'
import { ruleClaims } from '../claims/rules.js'
import { localizedClaims } from '../claims/localized.js'
import type { EndpointContext } from '../context/endpoint-context.js'
import type { ClientRecord, Grant, User } from '../store/state.js'
import { protocolFirst } from './claims.js'
import { leftHalfHash } from '../internal/hash.js'
import { subjectFor } from '../add-ons/pairwise/subject.js'
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
  /** From the authorization endpoint: the code beside it, for `c_hash` (Core §3.3.2.11). */
  code?: string
  /** From the authorization endpoint: the request's `state`, for `s_hash` (FAPI 1.0 Advanced §5.2.2.1). */
  state?: string
  /** Whether the scopes' claims go in (Core §5.4: yes when no access token is issued); else as configured. */
  scopeClaims?: boolean
}

/**
 * Signs an ID token for a grant, with `at_hash` when issued with an access token; then encrypts it
 * when the client registered `id_token_encrypted_response_alg` (Core §10.2).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
export async function mintIdToken(context: EndpointContext, { client, grant, user, nonce, accessToken, code, state, scopeClaims }: IdTokenInput): Promise<string> {
  const { config } = context
  const alg = client.id_token_signed_response_alg ?? 'RS256'
  const iat = context.clock.now()
  const released = releaseClaims({
    user,
    scope: grant.scope,
    scopeClaims: config.scopeClaims,
    ...(grant.claims?.id_token ? { requested: grant.claims.id_token } : {}),
    includeScopeClaims: scopeClaims ?? !config.conformIdTokenClaims,
  })
  const extra = config.extraTokenClaims?.({ token: 'id_token', client_id: client.client_id, user, scope: grant.scope })
  const rules = ruleClaims(config.claimRules, { target: 'id_token', client_id: client.client_id, scope: grant.scope, user })
  const claims = protocolFirst({ ...extra, ...released, ...localizedClaims(user, released, grant.claims_locales), ...rules }, {
    iss: context.issuer,
    sub: subjectFor(context, client, grant.sub),
    aud: client.client_id,
    exp: iat + config.ttl.IdToken,
    iat,
    auth_time: grant.auth_time,
    ...(nonce !== undefined ? { nonce } : {}),
    ...(grant.acr ? { acr: grant.acr } : {}),
    ...(grant.amr ? { amr: grant.amr } : {}),
    ...(grant.sid ? { sid: grant.sid } : {}),
    ...(accessToken ? { at_hash: await leftHalfHash(accessToken, alg) } : {}),
    ...(code !== undefined ? { c_hash: await leftHalfHash(code, alg) } : {}),
    ...(state !== undefined ? { s_hash: await leftHalfHash(state, alg) } : {}),
  })
  return encryptIdToken(context, client, await context.keyjar.sign(claims, alg))
}
