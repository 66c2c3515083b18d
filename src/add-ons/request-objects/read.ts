/**
 * Reading one request object: decrypted with the OP's keys when it is a JWE, its signature checked
 * with the client's keys (`jwks`/`jwks_uri`) or secret (HS*), `alg: none` only for a client that
 * registered it, and its JWT claims checked (`iss`, `aud`, `client_id`, `exp`, `nbf`, `iat`,
 * `jti` not used before). Every failure is `invalid_request_object`.
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-6
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RequestObject
 * @see https://openid.net/specs/openid-connect-core-1_0.html#SignedRequestObject
 */
import { decodeProtectedHeader, decodeUnsecuredJwt, jwtVerify, type JWTPayload } from '../../internal/jose.js'
import { clientKeys } from '../../client-auth/private-key-jwt.js'
import { REQUEST_OBJECT_SIGNING_ALGS } from '../../client/request-object-metadata.js'
import { SECRET_JWT_ALGS } from '../../consts.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError, type OAuthError } from '../../errors/oauth-error.js'
import type { ClientRecord } from '../../store/state.js'
import { decryptForOp } from '../encryption/op-keys.js'

/** A request object that passed every check. */
export interface ReadRequestObject {
  /** Its claims: the authorization request's parameters, and the JWT's own claims. */
  claims: JWTPayload
  /** Whether it was signed (not `alg: none`). */
  signed: boolean
  /** The algorithm it was signed with (`none` when unsigned). */
  alg: string
  /** Its `jti`, spent when the request goes on; and until when it is remembered. */
  jti?: string
  until: number
}

/** RFC 9101 §4: the media type a request object may declare (or plain JWT). */
const REQUEST_OBJECT_TYPES = ['oauth-authz-req+jwt', 'jwt']

/** How far ahead of the OP's clock an `iat` may be (clock skew). */
const IAT_SKEW = 60

/** How long a `jti` of an object without `exp` is remembered. */
const JTI_WITHOUT_EXP = 3600

/** `invalid_request_object` with a description. */
export function invalidRequestObject(description: string): OAuthError {
  return oauthError('invalid_request_object', description)
}

/** Checks one request object of `client` (compact JWS or JWE) and returns its claims. */
export async function readRequestObject(context: EndpointContext, client: ClientRecord, jwt: string): Promise<ReadRequestObject> {
  const settings = context.config.requestObjects
  const compact = await decrypted(context, client, jwt)
  let alg: string | undefined
  let typ: string | undefined
  try {
    ;({ alg, typ } = decodeProtectedHeader(compact))
  } catch {
    throw invalidRequestObject('the request object is not a JWT')
  }
  if (compact.split('.').length !== 3) throw invalidRequestObject('the request object is not a compact JWS')
  if (typ !== undefined && !REQUEST_OBJECT_TYPES.includes(typ.toLowerCase().replace(/^application\//, ''))) {
    throw invalidRequestObject(`a JWT of type '${typ}' is not a request object (RFC 9101 §10.8)`)
  }
  if (alg === undefined || !(REQUEST_OBJECT_SIGNING_ALGS as readonly string[]).includes(alg)) {
    throw invalidRequestObject(`request objects signed with '${String(alg)}' are not supported`)
  }
  const registered = client.request_object_signing_alg
  if (registered !== undefined && alg !== registered) {
    throw invalidRequestObject(`the client registered request_object_signing_alg '${registered}'; this request object uses '${alg}'`)
  }
  const claims = alg === 'none' ? await unsigned(context, client, compact) : await verified(context, client, compact, alg)
  if (alg === 'none' && (settings?.requireSigned || client.require_signed_request_object)) {
    throw invalidRequestObject('request objects must be signed (require_signed_request_object)')
  }
  checkClaims(context, client, claims)
  const jti = typeof claims.jti === 'string' ? claims.jti : undefined
  if (jti !== undefined && context.replay.requestObjectUsed(client.client_id, jti)) throw invalidRequestObject('the request object was used before (its jti is not new)')
  return { claims, signed: alg !== 'none', alg, ...(jti !== undefined ? { jti } : {}), until: typeof claims.exp === 'number' ? claims.exp : context.clock.now() + JTI_WITHOUT_EXP }
}

/** The JWS inside: a JWE is decrypted with the OP's keys (Core §6.1); a client that registered encryption must encrypt. */
async function decrypted(context: EndpointContext, client: ClientRecord, jwt: string): Promise<string> {
  const alg = client.request_object_encryption_alg
  if (jwt.split('.').length !== 5) {
    if (alg !== undefined) throw invalidRequestObject(`the client registered request_object_encryption_alg '${alg}': its request objects must be encrypted`)
    return jwt
  }
  if (!context.config.requestObjects?.encryption) throw invalidRequestObject('encrypted request objects are not supported by this OP (requestObjects.encryption)')
  try {
    const only = alg !== undefined ? { alg, enc: client.request_object_encryption_enc ?? 'A128CBC-HS256' } : {}
    return (await decryptForOp(context, jwt, only)).plaintext
  } catch (thrown) {
    throw invalidRequestObject(`the request object could not be decrypted with the OP's keys: ${messageOf(thrown)}`)
  }
}

/** `alg: none`, only for a client that registered it (Core §6.1); its times are still checked. */
async function unsigned(context: EndpointContext, client: ClientRecord, compact: string): Promise<JWTPayload> {
  if (client.request_object_signing_alg !== 'none') {
    throw invalidRequestObject("unsigned request objects (alg 'none') are accepted only from clients that registered request_object_signing_alg 'none'")
  }
  try {
    return (await decodeUnsecuredJwt(compact, { currentDate: context.clock.date() })).payload
  } catch (thrown) {
    throw invalidRequestObject(`the request object is invalid: ${messageOf(thrown)}`)
  }
}

/** The signature, by the client's secret (HS*) or keys, and `exp`/`nbf` by the OP's clock. */
async function verified(context: EndpointContext, client: ClientRecord, compact: string, alg: string): Promise<JWTPayload> {
  const bySecret = (SECRET_JWT_ALGS as readonly string[]).includes(alg)
  if (bySecret && typeof client.client_secret !== 'string') throw invalidRequestObject(`the client has no secret to verify an ${alg} request object with`)
  if (!bySecret && !client.jwks && !client.jwks_uri) throw invalidRequestObject(`the client registered no keys (jwks or jwks_uri) to verify an ${alg} request object with`)
  const options = { algorithms: [alg], currentDate: context.clock.date() }
  try {
    if (bySecret) return (await jwtVerify(compact, new TextEncoder().encode(client.client_secret), options)).payload
    return (await jwtVerify(compact, clientKeys(client, context.remoteKeySets), options)).payload
  } catch (thrown) {
    throw invalidRequestObject(`the request object's signature or claims are invalid: ${messageOf(thrown)}`)
  }
}

/** RFC 9101 §5–6, Core §6.1: who sent it, to whom, when, and nothing that points to another request. */
function checkClaims(context: EndpointContext, client: ClientRecord, claims: JWTPayload): void {
  if (claims.iss !== undefined && claims.iss !== client.client_id) throw invalidRequestObject(`iss must be the client_id '${client.client_id}'`)
  if (claims.client_id !== undefined && claims.client_id !== client.client_id) throw invalidRequestObject('client_id in the request object does not match the request')
  if (claims.aud !== undefined) {
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud]
    if (!aud.includes(context.issuer)) throw invalidRequestObject(`aud must be the OP's issuer '${context.issuer}'`)
  }
  if (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat > context.clock.now() + IAT_SKEW)) throw invalidRequestObject('iat is in the future')
  if (claims.jti !== undefined && (typeof claims.jti !== 'string' || claims.jti === '')) throw invalidRequestObject('jti must be a non-empty string')
  if ('request' in claims || 'request_uri' in claims) throw invalidRequestObject('a request object must not contain request or request_uri (RFC 9101 §4)')
}

function messageOf(thrown: unknown): string {
  return thrown instanceof Error ? thrown.message : String(thrown)
}
