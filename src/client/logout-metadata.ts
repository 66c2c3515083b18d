/**
 * The logout client metadata: where the OP tells the RP that a session ended, over the back
 * channel (a POSTed logout token) or the front channel (an iframe of the logout page), and whether
 * the RP needs the session's `sid` to act on it.
 * @see https://openid.net/specs/openid-connect-backchannel-1_0.html#BCRegistration
 * @see https://openid.net/specs/openid-connect-frontchannel-1_0.html#RPLogout
 */

/** A refused member: which field, and why. */
export interface LogoutMetadataProblem {
  field: string
  problem: string
}

/** The logout metadata names the validator reads. */
export const LOGOUT_FIELDS = [
  'backchannel_logout_uri',
  'backchannel_logout_session_required',
  'frontchannel_logout_uri',
  'frontchannel_logout_session_required',
] as const

/**
 * The first problem of the logout members of `out` (metadata being validated), if any. Both URIs
 * are absolute http(s) URLs without fragment (Back-Channel §2.2, Front-Channel §2); the
 * front-channel one shares scheme, host and port with a registered `redirect_uri` (Front-Channel §2).
 */
export function logoutMetadataProblem(out: Record<string, unknown>, redirectUris: readonly string[]): LogoutMetadataProblem | undefined {
  for (const field of ['backchannel_logout_uri', 'frontchannel_logout_uri'] as const) {
    if (out[field] !== undefined && !httpUrl(out[field])) return { field, problem: 'must be an absolute https (or http) URL without fragment' }
  }
  for (const field of ['backchannel_logout_session_required', 'frontchannel_logout_session_required'] as const) {
    if (out[field] !== undefined && typeof out[field] !== 'boolean') return { field, problem: 'must be a boolean' }
  }
  const frontchannel = out.frontchannel_logout_uri
  if (typeof frontchannel === 'string' && !redirectUris.some((uri) => sameOrigin(uri, frontchannel))) {
    return { field: 'frontchannel_logout_uri', problem: 'must have the scheme, host and port of a registered redirect_uri' }
  }
  return undefined
}

function httpUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' || value.includes('#')) return undefined
  try {
    const url = new URL(value)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined
  } catch {
    return undefined
  }
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin
  } catch {
    return false
  }
}
