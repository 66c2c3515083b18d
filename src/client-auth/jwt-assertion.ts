/**
 * JWT client assertions, shared by `client_secret_jwt` and `private_key_jwt`.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
import { decodeJwt, errors, jwtVerify, type JWTVerifyGetKey } from '../internal/jose.js'
import { CLIENT_ASSERTION_TYPE } from '../consts.js'
import { oauthError } from '../errors/oauth-error.js'
import type { ClientRecord } from '../store/state.js'
import { assertionClockSkew, checkAssertionLifetime } from './assertion-lifetime.js'
import type { ClientAuthInput } from './method.js'

/** Whether the request carries a client assertion (either parameter counts). */
export function assertionPresent({ params }: ClientAuthInput): boolean {
  return params.client_assertion !== undefined || params.client_assertion_type !== undefined
}

/** The client an assertion names (its `sub`, which must equal `iss`). */
export function assertionClientId({ params }: ClientAuthInput): string {
  if (params.client_assertion_type !== CLIENT_ASSERTION_TYPE) {
    throw oauthError('invalid_request', `client_assertion_type must be '${CLIENT_ASSERTION_TYPE}'`)
  }
  if (params.client_assertion === undefined) throw oauthError('invalid_request', "missing required parameter 'client_assertion'")
  let claims: ReturnType<typeof decodeJwt>
  try {
    claims = decodeJwt(params.client_assertion)
  } catch {
    throw oauthError('invalid_client', 'client_assertion is not a valid JWT')
  }
  if (typeof claims.sub !== 'string' || !claims.sub) throw oauthError('invalid_client', 'client_assertion must have a sub claim')
  if (claims.iss !== claims.sub) throw oauthError('invalid_client', 'client_assertion iss and sub must both be the client_id')
  return claims.sub
}

/**
 * Verifies the assertion: signature with `key`, `iss` = `sub` = client_id, `aud` naming the issuer
 * or the endpoint (or the token endpoint), `exp` in the future, and a `jti` never seen before.
 */
export async function verifyAssertion(
  input: ClientAuthInput,
  client: ClientRecord,
  key: Uint8Array | JWTVerifyGetKey,
  algorithms: readonly string[],
): Promise<void> {
  const { context, params, endpointUrl } = input
  const allowed = client.token_endpoint_auth_signing_alg ? [client.token_endpoint_auth_signing_alg] : [...algorithms]
  const audiences = [context.issuer, endpointUrl]
  const tokenUrl = context.endpointUrl('token')
  if (tokenUrl) audiences.push(tokenUrl)
  const options = {
    algorithms: allowed,
    issuer: client.client_id,
    subject: client.client_id,
    audience: audiences,
    requiredClaims: ['exp', 'jti'],
    currentDate: context.clock.date(),
    clockTolerance: assertionClockSkew(context.config),
  }
  let payload
  try {
    // jwtVerify's overloads take a key or a key resolver, not the union.
    payload = (key instanceof Uint8Array ? await jwtVerify(params.client_assertion!, key, options) : await jwtVerify(params.client_assertion!, key, options)).payload
  } catch (error) {
    throw oauthError('invalid_client', `client_assertion is invalid: ${describe(error)}`, { cause: error })
  }
  if (typeof payload.jti !== 'string' || !payload.jti) throw oauthError('invalid_client', 'client_assertion must have a jti claim')
  checkAssertionLifetime(payload, context.clock.now(), options.clockTolerance)
  if (!context.replay.rememberAssertion(client.client_id, payload.jti, payload.exp!)) {
    throw oauthError('invalid_client', 'client_assertion jti was used before (replay)')
  }
}

/** Why jose refused a JWT, in words for an `error_description`. */
export function describe(error: unknown): string {
  if (error instanceof errors.JWTClaimValidationFailed) return `${error.claim} claim check failed (${error.reason})`
  if (error instanceof errors.JWTExpired) return 'it has expired'
  if (error instanceof errors.JOSEAlgNotAllowed) return 'its alg is not allowed for this client'
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the signature does not verify'
  if (error instanceof errors.JWKSNoMatchingKey) return "no key in the client's JWKS matches"
  if (error instanceof errors.JOSEError) return error.message
  return 'it cannot be verified'
}
