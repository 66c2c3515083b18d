/** Finding an access or refresh token by value, as introspection and revocation both do. */
import type { EndpointContext } from '../context/endpoint-context.js'
import type { TokenRecord } from '../store/state.js'
import { findAccessToken } from '../tokens/access-token.js'
import { findRefreshToken } from '../tokens/refresh-token.js'

/**
 * RFC 7662 §2.1 / RFC 7009 §2.1: `token_type_hint` says where to look first; when the token is not
 * there, the search goes on across the other types. Unknown hints are ignored.
 */
export async function findToken(context: EndpointContext, token: string, hint: string | undefined): Promise<{ key: string; record: TokenRecord } | undefined> {
  const order = hint === 'refresh_token' ? [findRefreshToken, findAccessToken] : [findAccessToken, findRefreshToken]
  for (const find of order) {
    const found = await find(context, token)
    if (found) return found
  }
  return undefined
}
