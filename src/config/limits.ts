/**
 * The `limits` option: how much the OP takes from a request and how many records of each kind it
 * keeps, so that junk traffic (open registration, unauthenticated authorization requests) cannot
 * grow its state without bound. Past a limit the OP answers with a clear OAuth error (400, 413 or
 * 429) naming the limit; docs/limits.md lists them.
 */
import { ConfigurationError } from '../errors/oauth-error.js'

/** The limits, each a positive whole number. */
export interface Limits {
  /** Bytes of a request body (a form or a JSON document). Default 65,536 (64 KiB); more is 413. */
  requestBody: number
  /** Characters of one parameter's value, in the query or a form. Default 8,192 (8 KiB); more is 400. */
  parameterValue: number
  /** Characters of the `state` parameter (kept with pending requests). Default 2,048; more is 400. */
  state: number
  /** Characters of one string inside a JSON body (registration metadata). Default 8,192; more is 400. */
  metadataValue: number
  /** Clients registered through the registration endpoint (configured ones do not count). Default 1,000. */
  registeredClients: number
  /** Pending login and consent pages. Default 10,000. */
  interactions: number
  /** Pending pushed authorization requests (RFC 9126). Default 10,000. */
  pushedRequests: number
  /** Login sessions. Default 10,000. */
  sessions: number
  /** Seconds a client's remote key set (`jwks_uri`) is kept before it is fetched again. Default 300. */
  remoteJwksTtl: number
  /** Remote key sets kept at once, per OP (the oldest is dropped). Default 100. */
  remoteJwksSets: number
  /** Bytes of a client's `sector_identifier_uri` document (OIDC Core §8.1); more refuses the client. Default 65,536 (64 KiB). */
  sectorIdentifierDocument: number
}

/** The limits applied where `limits` does not say otherwise. */
export const DEFAULT_LIMITS: Readonly<Limits> = {
  requestBody: 64 * 1024,
  parameterValue: 8 * 1024,
  state: 2048,
  metadataValue: 8 * 1024,
  registeredClients: 1000,
  interactions: 10_000,
  pushedRequests: 10_000,
  sessions: 10_000,
  remoteJwksTtl: 300,
  remoteJwksSets: 100,
  sectorIdentifierDocument: 64 * 1024,
}

/** The limits: the defaults, overridden by `limits`. Throws a `ConfigurationError` naming the field. */
export function resolveLimits(input: Partial<Limits> | undefined): Limits {
  if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw new ConfigurationError('limits', 'must be an object')
  }
  const limits = { ...DEFAULT_LIMITS }
  for (const [name, value] of Object.entries(input ?? {})) {
    if (!Object.hasOwn(DEFAULT_LIMITS, name)) throw new ConfigurationError(`limits.${name}`, `is not a limit (${Object.keys(DEFAULT_LIMITS).join(', ')})`)
    if (!(Number.isInteger(value) && (value as number) > 0)) throw new ConfigurationError(`limits.${name}`, 'must be a positive whole number')
    limits[name as keyof Limits] = value as number
  }
  return limits
}
