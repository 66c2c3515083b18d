/**
 * The token response of the grants that act for a user: an access token, an ID token when
 * `openid` is in the response's scope (with `nonce` only after the code grant: Core §12.2), and a
 * refresh token when the grant allows one.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 * @see https://openid.net/specs/openid-connect-core-1_0.html#TokenResponse
 */
import type { EndpointContext } from '../context/endpoint-context.js'
import { refreshTokenJkt, tokenType } from '../add-ons/dpop/binding.js'
import type { DPoPProof } from '../add-ons/dpop/proof.js'
import type { AuthorizationDetail, ClientRecord, Grant, User } from '../store/state.js'
import { mintAccessToken } from './access-token.js'
import { mintIdToken } from './id-token.js'
import { mintRefreshToken } from './refresh-token.js'

/**
 * A successful token response.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export interface TokenResponse {
  access_token: string
  token_type: 'Bearer' | 'DPoP'
  expires_in: number
  scope: string
  id_token?: string
  refresh_token?: string
  /** RFC 9396 §7. */
  authorization_details?: AuthorizationDetail[]
}

/** What a grant hands over to issue tokens. */
export interface IssueInput {
  client: ClientRecord
  grant: Grant
  user: User
  /** The scope of this response: the grant's, or narrower on refresh. */
  scope: string[]
  nonce?: string
  refreshToken: boolean
  /** The request's DPoP proof: the tokens are bound to its key (RFC 9449 §5). */
  dpop?: DPoPProof
  /** RFC 8707: the resources the access token is for (its `aud`); absent: the configured audience. */
  audience?: string[] | undefined
  /** RFC 9396 §7: the authorization details the access token carries. */
  authorization_details?: AuthorizationDetail[] | undefined
}

/** Issues the tokens a grant gives: an access token, an ID token for `openid`, and a refresh token where allowed. */
export async function issueTokens(context: EndpointContext, { client, grant, user, scope, nonce, refreshToken, dpop, audience, authorization_details }: IssueInput): Promise<TokenResponse> {
  const access = await mintAccessToken(context, { client, scope, grant, user, jkt: dpop?.jkt, ...(audience ? { audience: oneOrMany(audience) } : {}), ...(authorization_details ? { authorization_details } : {}) })
  const response: TokenResponse = {
    access_token: access.token,
    token_type: tokenType(dpop?.jkt),
    expires_in: access.record.exp - access.record.iat,
    scope: scope.join(' '),
    ...(authorization_details ? { authorization_details } : {}),
  }
  if (scope.includes('openid')) {
    response.id_token = await mintIdToken(context, {
      client,
      grant,
      user,
      ...(nonce !== undefined ? { nonce } : {}),
      accessToken: access.token,
    })
  }
  if (refreshToken) response.refresh_token = (mintRefreshToken(context, client, grant, grant.scope, refreshTokenJkt(client, dpop, context.config.profile !== undefined))).token
  return response
}

/**
 * Whether a grant earns a refresh token: the client must be allowed the refresh_token grant, and
 * an OpenID request must have been granted `offline_access` (Core §11).
 */
export function grantsRefreshToken(client: ClientRecord, scope: readonly string[]): boolean {
  if (!client.grant_types?.includes('refresh_token')) return false
  return !scope.includes('openid') || scope.includes('offline_access')
}

/** An `aud` of one resource as a string, of several as an array (RFC 7519 §4.1.3). */
export function oneOrMany(audience: string[]): string | string[] {
  return audience.length === 1 ? audience[0]! : audience
}
