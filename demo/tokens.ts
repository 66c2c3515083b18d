/**
 * Tokens as the demo shows them: decoded, and checked with jose against the OP's JWKS.
 * oidc-client-ts does not verify ID token signatures (it trusts the TLS connection to the token
 * endpoint), so the demo does it itself, as an app that cares would.
 */
import {
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose'

export type Verification =
  | { state: 'verified'; alg: string; kid?: string; /** Why the claims fail, though the signature holds (expired, wrong audience). */ claimsProblem?: string }
  | { state: 'failed'; reason: string }

export interface DecodedToken {
  raw: string
  header: ProtectedHeaderParameters
  claims: JWTPayload
  verification: Verification
}

let jwks: { uri: string; keys: ReturnType<typeof createRemoteJWKSet> } | undefined

/** The OP's keys: fetched once, again when a token names a key not seen yet. */
function keySet(uri: string): ReturnType<typeof createRemoteJWKSet> {
  if (jwks?.uri !== uri) jwks = { uri, keys: createRemoteJWKSet(new URL(uri)) }
  return jwks.keys
}

export interface Expected {
  jwksUri: string
  issuer: string
  audience?: string
  typ?: string
}

/** Decodes a JWT and verifies its signature and claims. Not a JWT (an opaque token): undefined. */
export async function inspectJwt(token: string, expected: Expected): Promise<DecodedToken | undefined> {
  let header: ProtectedHeaderParameters
  let claims: JWTPayload
  try {
    header = decodeProtectedHeader(token)
    claims = decodeJwt(token)
  } catch {
    return undefined
  }
  return { raw: token, header, claims, verification: await verify(token, expected) }
}

async function verify(token: string, expected: Expected): Promise<Verification> {
  try {
    const { protectedHeader } = await jwtVerify(token, keySet(expected.jwksUri), {
      issuer: expected.issuer,
      ...(expected.audience ? { audience: expected.audience } : {}),
      ...(expected.typ ? { typ: expected.typ } : {}),
    })
    return { state: 'verified', alg: protectedHeader.alg, ...(protectedHeader.kid ? { kid: protectedHeader.kid } : {}) }
  } catch (error) {
    // jose checks the signature before the claims: a claim error means the signature held.
    if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) {
      const header = decodeProtectedHeader(token)
      return { state: 'verified', alg: String(header.alg), ...(header.kid ? { kid: header.kid } : {}), claimsProblem: error.message }
    }
    return { state: 'failed', reason: error instanceof Error ? error.message : String(error) }
  }
}
