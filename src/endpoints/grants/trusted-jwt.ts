/**
 * Verifying a JWT from an issuer the configuration trusts (`tokenExchange.trustedIssuers`,
 * `jwtBearer.trustedIssuers`), with the OP's clock.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 */
import { decodeJwt, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from '../../internal/jose.js'
import { clientKeys } from '../../client-auth/private-key-jwt.js'
import { describe } from '../../client-auth/jwt-assertion.js'
import type { TrustedIssuer } from '../../config/options.js'
import { SIGNING_ALGS } from '../../consts.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError, type ErrorCode } from '../../errors/oauth-error.js'

/** Leeway, in seconds, for the time claims of JWTs signed elsewhere. */
export const CLOCK_TOLERANCE = 5

/** The `iss` of a JWT, read before its signature is checked (to choose the keys); undefined when it is no JWT. */
export function unverifiedIssuer(jwt: string): string | undefined {
  try {
    const { iss } = decodeJwt(jwt)
    return typeof iss === 'string' ? iss : undefined
  } catch {
    return undefined
  }
}

/** What to check beyond the signature and `iss`. */
export interface JwtChecks {
  keys: JWTVerifyGetKey | Uint8Array
  algorithms: readonly string[]
  audience?: string[]
  requiredClaims: string[]
  /** The error code and the name of the parameter, for the error answer. */
  error: ErrorCode
  what: string
}

/** Verifies `jwt` as issued by `iss`, or throws `checks.error` saying why. */
export async function verifyJwt(context: EndpointContext, jwt: string, iss: string, checks: JwtChecks): Promise<JWTPayload> {
  const options = {
    issuer: iss,
    algorithms: [...checks.algorithms],
    requiredClaims: checks.requiredClaims,
    currentDate: context.clock.date(),
    clockTolerance: CLOCK_TOLERANCE,
    ...(checks.audience ? { audience: checks.audience } : {}),
  }
  try {
    // jwtVerify's overloads take a key or a key resolver, not the union.
    const { payload } = checks.keys instanceof Uint8Array ? await jwtVerify(jwt, checks.keys, options) : await jwtVerify(jwt, checks.keys, options)
    return payload
  } catch (error) {
    throw oauthError(checks.error, `${checks.what} is invalid: ${describe(error)}`, { cause: error })
  }
}

/** The keys of the trusted issuer `iss`, with the algorithms accepted from it; undefined when it is not trusted. */
export function trustedIssuerKeys(context: EndpointContext, trusted: readonly TrustedIssuer[], iss: string): Pick<JwtChecks, 'keys' | 'algorithms'> | undefined {
  const entry = trusted.find((candidate) => candidate.issuer === iss)
  return entry ? { keys: clientKeys(entry, context.remoteKeySets), algorithms: SIGNING_ALGS } : undefined
}
