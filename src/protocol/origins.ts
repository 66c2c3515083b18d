/**
 * Where a worker may serve, and which issuers it can: rules the page checks before registering
 * the worker and the worker checks again. Runtime-neutral.
 */

/**
 * `issuer` (an absolute URL, or a path on `origin`) as an absolute URL, or undefined when it is on
 * another origin: a service worker sees only its own. Throws a `TypeError` when it is no URL.
 */
export function issuerOnOrigin(issuer: string, origin: string): string | undefined {
  const url = new URL(issuer, origin)
  if (url.origin !== origin) return undefined
  return issuer.startsWith('/') ? `${origin}${issuer}` : issuer
}

/** Host names that are this machine: the worker serves there without being told. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || host === '127.0.0.1' || host === '[::1]' || host === '::1'
}

/** Whether a worker may serve on `origin`: loopback, or listed in `allowedOrigins`. */
export function isOriginAllowed(origin: string, allowedOrigins: readonly string[] | undefined): boolean {
  const url = new URL(origin)
  if (isLoopbackHost(url.hostname)) return true
  return (allowedOrigins ?? []).some((allowed) => {
    try {
      return new URL(allowed).origin === url.origin
    } catch {
      return false
    }
  })
}

/** The message a refusal to serve on `origin` gives, in the page and in the worker's console. */
export function originRefusal(origin: string): string {
  return (
    `[msw-oidc-provider] refusing to serve the mock OpenID Provider on ${origin}: it lets anyone log in as anyone. ` +
    `It serves on localhost, 127.0.0.1 and [::1]; for a test deployment, list the origin in allowedOrigins.`
  )
}
