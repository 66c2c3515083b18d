/**
 * Which redirect URI an authorization request may use: exact string comparison against the
 * registered ones (RFC 9700 §4.1.3), with the loopback port exception of RFC 8252 §7.3 for
 * native clients.
 */
import { oauthError } from '../../errors/oauth-error.js'
import type { ClientRecord } from '../../store/state.js'

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]'])

/**
 * The redirect URI of an authorization request, matched exactly against the registered ones (a loopback
 * URI may differ in port, RFC 8252 §7.3); the only one when the client registered one and sent none.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest redirect_uri
 */
export function resolveRedirectUri(client: ClientRecord, given: string | undefined, openid: boolean): { uri: string; sent: boolean } {
  const registered = client.redirect_uris ?? []
  if (given === undefined) {
    // OpenID Connect Core §3.1.2.1 makes it required; RFC 6749 §3.1.2.3 allows omitting it when only one is registered.
    if (openid) throw oauthError('invalid_request', "missing required parameter 'redirect_uri'")
    if (registered.length !== 1) throw oauthError('invalid_request', "'redirect_uri' is required: the client registered several")
    return { uri: registered[0]!, sent: false }
  }
  if (registered.includes(given) || (client.application_type === 'native' && matchesLoopback(registered, given))) {
    return { uri: given, sent: true }
  }
  throw oauthError('invalid_request', `redirect_uri '${given}' is not registered for client '${client.client_id}'`)
}

/** RFC 8252 §7.3: any port on an `http` loopback IP literal (never the name `localhost`). */
function matchesLoopback(registered: string[], given: string): boolean {
  const url = parse(given)
  if (!url || url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return false
  return registered.some((candidate) => {
    const reg = parse(candidate)
    if (!reg || reg.protocol !== 'http:' || reg.hostname !== url.hostname) return false
    return reg.pathname === url.pathname && reg.search === url.search
  })
}

function parse(value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}
