/**
 * DPoP proofs (RFC 9449): the `DPoP` request header, checked as §4.3 lists, for the token endpoint
 * (§5) and for UserInfo, a protected resource (§7). A valid proof yields the RFC 7638 thumbprint
 * of its key, which binds what the request obtains or proves it holds.
 *
 * A proof is only recorded as used (its `jti`, §11.1) when the request that carries it succeeds:
 * {@link spendDPoPProof} runs at the endpoint's `commit` step, right before the request changes
 * anything, so a refused request stores nothing, and of two requests with one proof only one gets
 * through.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.3
 */
import { calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, errors, importJWK, jwtVerify, type JWK, type JWTPayload } from '../../internal/jose.js'
import { DPOP_PROOF_TYPE, DPOP_SIGNING_ALGS, PRIVATE_JWK_MEMBERS } from '../../consts.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError, type OAuthError } from '../../errors/oauth-error.js'
import { sha256 } from '../../internal/hash.js'

/**
 * A proof that passed every check of §4.3.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.3
 */
export interface DPoPProof {
  /** The JWK SHA-256 thumbprint of the proof's key (RFC 7638): the `jkt` of what it binds (§6.1). */
  jkt: string
  jti: string
  /** Until when (OP seconds) the proof would be accepted: how long its `jti` must be remembered. */
  acceptedUntil: number
}

/**
 * What the request the proof comes with must match, and how to refuse it.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7.1
 */
export interface ProofExpectations {
  /** At a protected resource: the access token the proof must cover (`ath`, §4.2, §7). */
  accessToken?: string
  /** The status of errors: 400 at the token endpoint (§5, §8), 401 at a protected resource (§7.1, §9). */
  status: 400 | 401
}

/** §11.1: how far ahead of the OP's clock a proof's `iat` may be (clock offset). */
const FUTURE_IAT_TOLERANCE = 60

/** Three base64url parts: a JWS in compact form (an empty signature fails later, as alg none or as a bad signature). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/

/**
 * Reads and checks the request's DPoP proof; undefined when the request has none. Throws
 * `invalid_dpop_proof`, or `use_dpop_nonce` with a `DPoP-Nonce` header (§8, §9).
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.3
 */
export async function readDPoPProof(context: EndpointContext, request: Request, expected: ProofExpectations): Promise<DPoPProof | undefined> {
  const value = request.headers.get('dpop')
  if (value === null) return undefined
  const invalid = (description: string, cause?: unknown): OAuthError =>
    oauthError('invalid_dpop_proof', description, { status: expected.status, ...(cause !== undefined ? { cause } : {}) })

  // 1–2. Repeated fields reach us joined by ", " (Fetch), which no JWT contains.
  if (value.includes(',')) throw invalid('there is more than one DPoP header')
  if (!COMPACT_JWS.test(value)) throw invalid('the DPoP header is not one well-formed JWT')
  let header: ReturnType<typeof decodeProtectedHeader>
  try {
    header = decodeProtectedHeader(value)
    decodeJwt(value)
  } catch (error) {
    throw invalid('the DPoP header is not one well-formed JWT', error)
  }

  // 4. RFC 7515 §4.1.9: media types compare case-insensitively, "application/" may be left out.
  if (typeof header.typ !== 'string' || header.typ.toLowerCase().replace(/^application\//, '') !== DPOP_PROOF_TYPE) {
    throw invalid(`the typ header must be '${DPOP_PROOF_TYPE}'`)
  }
  // 5. §11.6: asymmetric algorithms only, never none.
  const alg = header.alg
  if (typeof alg !== 'string' || alg === 'none' || /^HS\d+$/.test(alg)) {
    throw invalid(`the alg header must be an asymmetric signature algorithm, not ${JSON.stringify(alg ?? null)}`)
  }
  if (!DPOP_SIGNING_ALGS.includes(alg)) throw invalid(`alg '${alg}' is not supported (${DPOP_SIGNING_ALGS.join(', ')})`)
  // 7. A public key.
  const jwk = header.jwk
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk) || typeof jwk.kty !== 'string') {
    throw invalid('the jwk header must be a JWK')
  }
  const secret = PRIVATE_JWK_MEMBERS.find((member) => Object.hasOwn(jwk, member))
  if (secret) throw invalid(`the jwk header must not contain a private key (it has '${secret}')`)
  // 6. The signature, with that key.
  const payload = await verifySignature(context, value, jwk, alg, invalid)

  // 3. The claims §4.2 requires.
  const { jti, htm, htu, iat } = payload
  if (typeof jti !== 'string' || jti === '') throw invalid('the jti claim is required: a non-empty string')
  if (typeof htm !== 'string') throw invalid('the htm claim is required: the HTTP method')
  if (typeof htu !== 'string') throw invalid('the htu claim is required: the HTTP URI')
  if (typeof iat !== 'number') throw invalid('the iat claim is required: a number')
  if (payload.nonce !== undefined && (typeof payload.nonce !== 'string' || payload.nonce === '')) throw invalid('the nonce claim must be a non-empty string')
  // 8–9.
  if (htm !== request.method) throw invalid(`htm '${htm}' is not the method of the request (${request.method})`)
  const target = withoutQuery(request.url)!
  if (withoutQuery(htu) !== target) throw invalid(`htu '${htu}' is not the URI of the request (${target})`)
  // 12. The access token the proof is sent with (its key binding is the resource's to check).
  if (expected.accessToken !== undefined) {
    if (payload.ath === undefined) throw invalid('the ath claim is required with an access token')
    if (payload.ath !== sha256(expected.accessToken)) throw invalid('ath is not the hash of the access token sent with the proof')
  }

  // 10–11. With nonces, a proof is as fresh as its nonce; without, as its iat says.
  const nonceExpiry = checkNonce(context, payload, expected.status)
  const now = context.clock.now()
  const lifetime = context.config.ttl.DPoPProof
  let acceptedUntil: number
  if (nonceExpiry !== undefined) {
    acceptedUntil = nonceExpiry
  } else {
    if (iat < now - lifetime) throw invalid(`the proof is too old: iat is more than ${lifetime} s before the OP's time`)
    if (iat > now + FUTURE_IAT_TOLERANCE) throw invalid(`iat is in the future: more than ${FUTURE_IAT_TOLERANCE} s after the OP's time`)
    acceptedUntil = iat + lifetime
  }
  // §11.1: a proof is good for one request.
  if (context.replay.dpopProofUsed(jti)) throw invalid('the proof was used before (its jti is not new)')

  return { jkt: await calculateJwkThumbprint(jwk as JWK, 'sha256'), jti, acceptedUntil }
}

/**
 * Records the proof as used, right before its request changes anything (§11.1); a proof that was
 * used in the meantime is `invalid_dpop_proof`.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-11.1
 */
export function spendDPoPProof(context: EndpointContext, proof: DPoPProof | undefined, status: 400 | 401 = 400): void {
  if (proof && !context.replay.spendDPoPProof(proof.jti, proof.acceptedUntil)) {
    throw oauthError('invalid_dpop_proof', 'the proof was used before (its jti is not new)', { status })
  }
}

/**
 * §8.2: when the OP requires nonces, its answer to a DPoP request carries the nonce to use next
 * (the `dpopNonces` slice rotates it).
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-8.2
 */
export function dpopNonceHeader(context: EndpointContext, request: Request): Record<string, string> {
  if (context.config.dpop.nonce !== 'required' || !request.headers.has('dpop')) return {}
  return { 'dpop-nonce': context.dpopNonces.provide() }
}

/** §4.3 check 10: when the OP requires nonces, the expiry of the valid nonce the proof carries. */
function checkNonce(context: EndpointContext, payload: JWTPayload, status: 400 | 401): number | undefined {
  if (context.config.dpop.nonce !== 'required') return undefined
  const challenge = (description: string) =>
    oauthError('use_dpop_nonce', description, { status, headers: { 'dpop-nonce': context.dpopNonces.provide() } })
  if (payload.nonce === undefined) throw challenge('the OP requires a nonce in DPoP proofs: use the one in the DPoP-Nonce header')
  const expiry = context.dpopNonces.expiry(payload.nonce as string)
  if (expiry === undefined) throw challenge('the nonce is not one the OP provided, or it has expired: use the one in the DPoP-Nonce header')
  return expiry
}

async function verifySignature(
  context: EndpointContext,
  proof: string,
  jwk: JWK,
  alg: string,
  invalid: (description: string, cause?: unknown) => OAuthError,
): Promise<JWTPayload> {
  let key: CryptoKey | Uint8Array
  try {
    key = await importJWK(jwk, alg)
  } catch (error) {
    throw invalid(`the jwk header is not a public key for ${alg}`, error)
  }
  try {
    return (await jwtVerify(proof, key, { algorithms: [alg], currentDate: context.clock.date() })).payload
  } catch (error) {
    if (error instanceof errors.JWSSignatureVerificationFailed) throw invalid('the signature does not verify with the jwk header', error)
    if (error instanceof errors.JWTExpired) throw invalid('the proof has expired (exp)', error)
    throw invalid(`the proof cannot be verified: ${error instanceof Error ? error.message : 'unknown reason'}`, error)
  }
}

/** §4.3 check 9: the URI without query and fragment, after the URL parser's normalization. */
function withoutQuery(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return undefined
  }
  url.search = ''
  url.hash = ''
  return url.href
}
