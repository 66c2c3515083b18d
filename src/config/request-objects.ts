/**
 * The `requestObjects` option: request objects (RFC 9101, OIDC Core §6) are on by default, by
 * value and by reference; `false` turns them off (`request_not_supported`).
 */
import { ConfigurationError } from '../errors/oauth-error.js'

/** What `requestObjects` may say. */
export interface RequestObjectSettings {
  /**
   * `require_signed_request_object` (RFC 9101 §10.5) for every client: each authorization request
   * is a signed request object. Default false; a client can ask for it alone by its metadata.
   */
  requireSigned?: boolean
  /**
   * Encrypted request objects (Core §6.1, RFC 9101 §6.1): the OP publishes `use: enc` keys in its
   * JWKS (RSA-OAEP, RSA-OAEP-256, ECDH-ES) and decrypts with them. Default false.
   */
  encryption?: boolean
  /** Milliseconds the OP waits for a `request_uri` (RFC 9101 §5.2.3). Default 5000. */
  requestUriTimeout?: number
  /** Bytes of a fetched request object at most. Default 65,536. */
  requestUriMaxBytes?: number
}

/** The settings with defaults applied; absent when request objects are off. */
export type ResolvedRequestObjectSettings = Required<RequestObjectSettings>

/** Validates `requestObjects` and applies the defaults. Throws a ConfigurationError naming the field. */
export function resolveRequestObjects(input: RequestObjectSettings | false | undefined): ResolvedRequestObjectSettings | undefined {
  if (input === false) return undefined
  if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw new ConfigurationError('requestObjects', 'must be an object or false')
  }
  const given = input ?? {}
  for (const key of Object.keys(given)) {
    if (!['requireSigned', 'encryption', 'requestUriTimeout', 'requestUriMaxBytes'].includes(key)) throw new ConfigurationError(`requestObjects.${key}`, 'is not an option')
  }
  return {
    requireSigned: bool(given.requireSigned, false, 'requestObjects.requireSigned'),
    encryption: bool(given.encryption, false, 'requestObjects.encryption'),
    requestUriTimeout: positive(given.requestUriTimeout, 5000, 'requestObjects.requestUriTimeout'),
    requestUriMaxBytes: positive(given.requestUriMaxBytes, 64 * 1024, 'requestObjects.requestUriMaxBytes'),
  }
}

/** Not validate.ts's `bool`: that module imports the options' types, which import this one. */
function bool(value: unknown, fallback: boolean, field: string): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new ConfigurationError(field, 'must be true or false')
  return value
}

function positive(value: unknown, fallback: number, field: string): number {
  if (value === undefined) return fallback
  if (!(Number.isInteger(value) && (value as number) > 0)) throw new ConfigurationError(field, 'must be a positive whole number')
  return value as number
}
