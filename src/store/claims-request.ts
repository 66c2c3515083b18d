/**
 * The `claims` request parameter's shape: a plain type, kept beside the state so that the state
 * depends on nothing above the store (`claims/claims-request.ts` parses it).
 */

/** One requested claim: `null` (default), or with `essential`, `value` or `values`. */
export type ClaimRequestMember = null | { essential?: boolean; value?: unknown; values?: unknown[] }

/** @see https://openid.net/specs/openid-connect-core-1_0.html#ClaimsParameter */
export interface ClaimsRequest {
  userinfo?: Record<string, ClaimRequestMember>
  id_token?: Record<string, ClaimRequestMember>
}
