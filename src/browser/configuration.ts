/** Checks of the configuration a page sends, made in the page so that the error names the field. */
import { issuerOnOrigin } from '../protocol/origins.js'
import { OidcWorkerError, WorkerErrorCode } from './errors.js'

/** The issuer as an absolute URL on the page's origin; throws `invalid_configuration` otherwise. */
export function resolveIssuer(issuer: string, origin: string): string {
  let resolved: string | undefined
  try {
    resolved = issuerOnOrigin(issuer, origin)
  } catch {
    throw new OidcWorkerError(WorkerErrorCode.invalidConfiguration, `issuer '${issuer}' is not a URL`, { field: 'issuer' })
  }
  if (!resolved) {
    throw new OidcWorkerError(
      WorkerErrorCode.invalidConfiguration,
      `issuer ${issuer} is not on this page's origin ${origin}: a service worker cannot answer navigations to another origin. ` +
        'Use an issuer such as `${location.origin}/oidc`, or the Playwright fixture for another origin',
      { field: 'issuer' },
    )
  }
  return resolved
}

/** Only JSON crosses to the worker: functions (a `clock`, `extraTokenClaims`) are refused by name. */
export function assertJsonOnly(value: unknown, path: string): void {
  if (typeof value === 'function' || typeof value === 'symbol') {
    throw new OidcWorkerError(
      WorkerErrorCode.invalidConfiguration,
      `${path} is a ${typeof value}: only JSON can be sent to the worker (a clock or extraTokenClaims works in Node and Playwright, not in the browser)`,
      { field: path.replace(/^configuration\.?/, '') },
    )
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) assertJsonOnly(item, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`)
  }
}
