/**
 * Which URLs belong to an issuer, defined once: everything under the issuer's URL, and the
 * well-known URLs at the root of its origin that an issuer with a path publishes there (RFC 8414
 * §3 metadata, RFC 7033 WebFinger). Hosts route by it: `Server.serves`, the msw catch-all, the
 * worker before its OP exists, and the Playwright route.
 */

/** The URL scope of one issuer. */
export interface IssuerScope {
  /** The issuer identifier, as configured. */
  readonly issuer: string
  /** Whether `url` is the issuer itself or under it (`{issuer}/…`). */
  under(url: URL): boolean
  /** Whether `url` is one of the issuer's well-known URLs at the origin's root. */
  wellKnown(url: URL): boolean
  /** `under(url) || wellKnown(url)`. */
  contains(url: URL): boolean
  /**
   * Absolute-URL RegExps that match at least every URL of the scope (query and fragment allowed),
   * for hosts that route by pattern (Playwright's `context.route`, msw).
   */
  readonly patterns: readonly RegExp[]
}

/**
 * The scope of `issuer`.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1 metadata at `/.well-known/oauth-authorization-server{path}`
 * @see https://www.rfc-editor.org/rfc/rfc7033#section-4 WebFinger at `/.well-known/webfinger`
 */
export function issuerScope(issuer: string): IssuerScope {
  const url = new URL(issuer)
  const origin = url.origin
  const base = url.pathname.replace(/\/$/, '')
  const wellKnownPaths = new Set([
    '/.well-known/webfinger',
    `/.well-known/oauth-authorization-server${base}`,
    `/.well-known/openid-configuration${base}`,
  ])
  const under = (candidate: URL): boolean =>
    candidate.origin === origin && (candidate.pathname === base || candidate.pathname === `${base}/` || candidate.pathname.startsWith(`${base}/`))
  const wellKnown = (candidate: URL): boolean => candidate.origin === origin && wellKnownPaths.has(candidate.pathname)
  const patterns = [new RegExp(`^${escapeRegExp(origin + base)}(?:[/?#]|$)`)]
  if (base !== '') patterns.push(new RegExp(`^${escapeRegExp(origin)}/\\.well-known/`))
  return {
    issuer,
    under,
    wellKnown,
    contains: (candidate) => under(candidate) || wellKnown(candidate),
    patterns,
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
