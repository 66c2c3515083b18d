/**
 * The absolute lifetime of a chain of rotated refresh tokens (`refreshTokenAbsoluteLifetime`):
 * RFC 9700 §4.14.2 lets an OP expire refresh tokens after a time however often they are used;
 * without a cap each rotation would grant `ttl.RefreshToken` afresh, for ever. The chain starts
 * with its grant.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2
 */
import type { EndpointContext } from '../context/endpoint-context.js'
import type { Grant } from '../store/state.js'

/** When the refresh tokens of `grant` stop, at the latest (seconds since the epoch); Infinity without a cap. */
export function refreshChainEnd(context: EndpointContext, grant: Pick<Grant, 'created_at'>): number {
  const lifetime = context.config.refreshTokenAbsoluteLifetime
  return lifetime === undefined ? Infinity : grant.created_at + lifetime
}
