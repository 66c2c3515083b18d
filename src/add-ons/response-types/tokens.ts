/**
 * The tokens of the implicit and hybrid flows, sent from the authorization endpoint: a real
 * access token (on record, so introspection and UserInfo accept it) and an ID token with the
 * hashes that bind it to what travels beside it.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ImplicitAuthResponse
 * @see https://openid.net/specs/openid-connect-core-1_0.html#HybridAuthResponse
 */
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { ClientRecord, Grant, ValidatedAuthorizationRequest } from '../../store/state.js'
import { mintAccessToken } from '../../tokens/access-token.js'
import { mintIdToken } from '../../tokens/id-token.js'

/** What the front-channel tokens are minted from. */
export interface FrontChannelInput {
  client: ClientRecord
  grant: Grant
  request: ValidatedAuthorizationRequest
  /** The code of a hybrid response, for `c_hash`. */
  code?: string
}

/**
 * The parameters the response type asks for beyond `code`: `access_token`, `token_type` and
 * `expires_in` for `token` (RFC 6749 §4.2.2), `id_token` for `id_token`, with `nonce`, `at_hash`,
 * `c_hash` and, when the request sent `state`, `s_hash` (FAPI 1.0 Advanced §5.2.2.1; other RPs
 * ignore it). The ID token carries the scopes' claims only when no access token is issued (Core
 * §5.4); claims requested for the ID token (`claims`) always.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#HybridIDToken
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims
 * @see https://openid.net/specs/openid-financial-api-part-2-1_0.html#id-token-as-detached-signature
 */
export async function frontChannelTokens(context: EndpointContext, { client, grant, request, code }: FrontChannelInput): Promise<Record<string, string>> {
  const words = request.response_type.split(' ')
  const out: Record<string, string> = {}
  if (!words.includes('token') && !words.includes('id_token')) return out
  const user = context.users.get(grant.sub)
  if (!user) throw oauthError('login_required', `user '${grant.sub}' no longer exists at this OP`)
  let accessToken: string | undefined
  if (words.includes('token')) {
    const access = await mintAccessToken(context, { client, scope: grant.scope, grant, user })
    accessToken = access.token
    Object.assign(out, { access_token: access.token, token_type: 'Bearer', expires_in: String(access.record.exp - access.record.iat), scope: grant.scope.join(' ') })
  }
  if (words.includes('id_token')) {
    out.id_token = await mintIdToken(context, {
      client,
      grant,
      user,
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      ...(accessToken !== undefined ? { accessToken } : {}),
      ...(code !== undefined ? { code } : {}),
      ...(request.state !== undefined ? { state: request.state } : {}),
      scopeClaims: request.response_type === 'id_token',
    })
  }
  return out
}
