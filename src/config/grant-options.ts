/**
 * The options of the grants beyond the code, refresh and client credentials grants:
 * `tokenExchange` (RFC 8693) and `jwtBearer` (RFC 7523), each with its trusted issuers, and
 * `passwordGrant` (RFC 6749 §4.3). All are on unless set to `false`; a client still uses a grant only
 * when its `grant_types` lists it.
 */
import { OptionalGrantType } from '../consts.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import type { ResolvedConfiguration, ServerConfiguration, TokenExchangePolicyInput, TrustedIssuer } from './options.js'
import { bool } from './validate.js'

/** The resolved options of the optional grants. */
export type GrantOptions = Pick<ResolvedConfiguration, 'tokenExchange' | 'jwtBearer' | 'passwordGrant'>

/** Validates `tokenExchange`, `jwtBearer` and `passwordGrant`; an absent section is the defaults, `false` turns its grant off. */
export function resolveGrantOptions(input: ServerConfiguration): GrantOptions {
  const exchange = section(input.tokenExchange ?? {}, 'tokenExchange', ['trustedIssuers', 'policy'])
  const policy = exchange?.policy
  if (policy !== undefined && typeof policy !== 'function') throw new ConfigurationError('tokenExchange.policy', 'must be a function')
  const bearer = section(input.jwtBearer ?? {}, 'jwtBearer', ['trustedIssuers'])
  return {
    ...(exchange ? {
      tokenExchange: {
        trustedIssuers: trustedIssuers(exchange.trustedIssuers, 'tokenExchange.trustedIssuers'),
        ...(policy ? { policy: policy as (input: TokenExchangePolicyInput) => boolean } : {}),
      },
    } : {}),
    ...(bearer ? { jwtBearer: { trustedIssuers: trustedIssuers(bearer.trustedIssuers, 'jwtBearer.trustedIssuers') } } : {}),
    passwordGrant: bool(input.passwordGrant, true, 'passwordGrant'),
  }
}

/** The optional grant types the options turn on: the one rule, read by client validation and the token endpoint. */
export function enabledOptionalGrantTypes(options: GrantOptions): string[] {
  return [
    ...(options.tokenExchange ? [OptionalGrantType.token_exchange] : []),
    ...(options.jwtBearer ? [OptionalGrantType.jwt_bearer] : []),
    ...(options.passwordGrant ? [OptionalGrantType.password] : []),
  ]
}

/** An object with only `known` members; undefined when `false` (the grant is off). */
function section(value: unknown, field: string, known: string[]): Record<string, unknown> | undefined {
  if (value === false) return undefined
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigurationError(field, 'must be an object')
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ConfigurationError(`${field}.${key}`, `is not an option (${known.join(', ')})`)
  }
  return value as Record<string, unknown>
}

/** Each issuer an absolute URL given once, with exactly one of `jwks` and `jwks_uri`. */
function trustedIssuers(value: unknown, field: string): TrustedIssuer[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new ConfigurationError(field, 'must be an array of { issuer, jwks | jwks_uri }')
  const seen = new Set<string>()
  return value.map((entry: unknown, i) => {
    const at = `${field}[${i}]`
    if (entry === null || typeof entry !== 'object') throw new ConfigurationError(at, 'must be an object')
    const { issuer, jwks, jwks_uri } = entry as Partial<TrustedIssuer>
    if (typeof issuer !== 'string' || issuer === '') throw new ConfigurationError(`${at}.issuer`, 'is required: a non-empty string')
    if (seen.has(issuer)) throw new ConfigurationError(`${at}.issuer`, `'${issuer}' is given twice`)
    seen.add(issuer)
    if ((jwks === undefined) === (jwks_uri === undefined)) throw new ConfigurationError(at, 'needs exactly one of jwks and jwks_uri')
    if (jwks !== undefined && (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys))) {
      throw new ConfigurationError(`${at}.jwks`, 'must be a JWK Set: { keys: [...] }')
    }
    if (jwks_uri !== undefined && !isAbsoluteUrl(jwks_uri)) throw new ConfigurationError(`${at}.jwks_uri`, 'must be an absolute URL')
    return { issuer, ...(jwks ? { jwks } : {}), ...(jwks_uri ? { jwks_uri } : {}) }
  })
}

function isAbsoluteUrl(value: unknown): boolean {
  try {
    return typeof value === 'string' && !!new URL(value)
  } catch {
    return false
  }
}
