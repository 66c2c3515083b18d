/**
 * Making an ID token the OP just signed defective, as a `{ idToken }` fault asks: claims replaced,
 * the signature broken, or no signature at all (`alg: none`). What an RP must refuse.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
import { base64url, decodeJwt, decodeProtectedHeader, type JWTPayload } from '../../internal/jose.js'
import type { SigningAlg } from '../../consts.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import type { IdTokenDefects } from './fault.js'

/** `idToken` with `changes` merged into its claims, signed again with the same algorithm. */
export async function resignIdToken(context: EndpointContext, idToken: string, changes: JWTPayload): Promise<string> {
  const { alg } = decodeProtectedHeader(idToken)
  // The OP signed it, with one of its own algorithms.
  return context.keyjar.sign({ ...decodeJwt(idToken), ...changes }, alg as SigningAlg)
}

/** `idToken` with `defects`. */
export async function defectiveIdToken(context: EndpointContext, idToken: string, defects: IdTokenDefects): Promise<string> {
  const { signature, ...claims } = defects
  const token = Object.keys(claims).length ? await resignIdToken(context, idToken, claims) : idToken
  const [header, payload, signed] = token.split('.') as [string, string, string]
  if (signature === 'none') return `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`
  if (signature === 'invalid') {
    const bytes = base64url.decode(signed)
    bytes[0] = bytes[0]! ^ 0xff
    return `${header}.${payload}.${base64url.encode(bytes)}`
  }
  return token
}
