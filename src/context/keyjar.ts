/**
 * The OP's signing keys. Private JWKs live in the store (so `dump()`/`load()` carry them and a
 * restored OP validates what it issued before); imported CryptoKeys are cached here by `kid`.
 *
 * One key per algorithm. Every algorithm the OP advertises (`*_signing_alg_values_supported`) has
 * its key in the JWKS before anything is signed with it: the missing ones are generated in the
 * background when the OP is built (the RSA ones over one RSA key, ./key-generation.ts), and the
 * JWKS, signing and verifying wait for them, so that an RP that fetched the JWKS once finds every
 * key the OP will use. An algorithm that is not advertised gets its key on first use.
 */
import {
  base64url,
  calculateJwkThumbprint,
  importJWK,
  jwtVerify,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  type JWTVerifyOptions,
} from '../internal/jose.js'
import { PRIVATE_JWK_MEMBERS, SIGNING_ALGS, type SigningAlg } from '../consts.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import type { KeysSlice } from '../store/slices/keys.js'
import type { PrivateJWK } from '../store/state.js'
import type { Clock } from './clock.js'
import { generateKeySet, isRsaAlg, sharedOrFreshJwk } from './key-generation.js'
import { webCryptoSigner, type JwsSigner } from './signer.js'

const encoder = new TextEncoder()

/** The key type and curve each algorithm needs. */
const KEY_SHAPE: Record<SigningAlg, { kty: string; crv?: string }> = {
  RS256: { kty: 'RSA' }, RS384: { kty: 'RSA' }, RS512: { kty: 'RSA' },
  PS256: { kty: 'RSA' }, PS384: { kty: 'RSA' }, PS512: { kty: 'RSA' },
  ES256: { kty: 'EC', crv: 'P-256' }, ES384: { kty: 'EC', crv: 'P-384' }, ES512: { kty: 'EC', crv: 'P-521' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
}

/** The algorithms a key jar built without a list of advertised ones makes keys for. */
export const DEFAULT_SIGNING_ALGS: SigningAlg[] = ['RS256', 'ES256']

/**
 * The OP's signing keys: generated in the background at start, stored in the keys slice (so `dump()`
 * carries them), rotated on demand; signs with the key of an algorithm, and publishes the public JWKS.
 */
export class KeyJar {
  readonly #stored: KeysSlice
  readonly #clock: Clock
  readonly #advertised: readonly SigningAlg[]
  readonly #keys = new Map<string, Promise<CryptoKey>>()
  readonly #generating = new Map<SigningAlg, Promise<PrivateJWK>>()
  readonly #share: string | undefined
  #ready: Promise<void> = Promise.resolve()

  /**
   * `advertised`: the algorithms the OP publishes, each of which has a key before it signs.
   * `share`: the issuer under which generated keys are shared with the other OPs of this process
   * (./key-generation.ts); undefined generates fresh ones.
   */
  constructor(stored: KeysSlice, clock: Clock, advertised: readonly SigningAlg[] = DEFAULT_SIGNING_ALGS, share?: string) {
    this.#stored = stored
    this.#clock = clock
    this.#advertised = advertised
    this.#share = share
  }

  /**
   * Takes the configured keys (checked synchronously, so that a bad key throws from `new Server`),
   * and starts making the advertised algorithms' missing ones in the background.
   */
  init(configured: JWK[] | undefined): void {
    if (configured) this.#addConfiguredKeys(configured)
    this.#ready = this.#prepare(this.#advertised)
    // Failures surface on first use; do not let them become unhandled rejections.
    this.#ready.catch(() => undefined)
  }

  /** After `load()`: the state may hold other keys, or none yet. */
  reload(): void {
    this.#keys.clear()
    this.#ready = this.#prepare(this.#advertised)
    this.#ready.catch(() => undefined)
  }

  /** Resolves once every advertised algorithm has its key; rejects if they could not be made. */
  ready(): Promise<void> {
    return this.#ready
  }

  async #prepare(algs: readonly SigningAlg[]): Promise<void> {
    const unnamed = this.#stored.unnamed()
    const thumbprints = await Promise.all(unnamed.map((key) => calculateJwkThumbprint(publicJwk(key))))
    if (unnamed.length) this.#stored.name(unnamed, thumbprints)
    const missing = algs.filter((alg) => !this.#current(alg))
    if (!missing.length) return
    const rsa = this.#stored.list().filter((key) => isRsaAlg(key.alg) && key.kid).at(-1)
    const fresh = await generateKeySet(missing, rsa, this.#share)
    // A load() meanwhile may have brought keys: add only those still missing.
    this.#stored.add(fresh.filter((key) => !this.#current(key.alg)))
  }

  #addConfiguredKeys(keys: JWK[]): void {
    const checked = keys.map((key, i) => checkPrivateJwk(key, `jwks.keys[${i}]`))
    const kids = new Set<string>()
    checked.forEach((key, i) => {
      if (key.kid !== undefined) {
        if (kids.has(key.kid)) throw new ConfigurationError(`jwks.keys[${i}].kid`, `'${key.kid}' is used twice`)
        kids.add(key.kid)
      }
    })
    this.#stored.add(checked as PrivateJWK[])
  }

  /** Generates keys for `algs` that have none; resolves when all exist. */
  async ensure(algs: readonly SigningAlg[]): Promise<void> {
    await this.#ready
    await Promise.all(algs.map((alg) => this.#privateJwk(alg)))
  }

  /** Algorithms the OP holds a key for. */
  algorithms(): SigningAlg[] {
    return [...new Set(this.#stored.list().map((k) => k.alg))]
  }

  /** The public JWK Set (RFC 7517 §5) with every key, current and rotated out. */
  async publicJwks(): Promise<{ keys: JWK[] }> {
    await this.#ready
    return { keys: this.#stored.list().map(publicJwk) }
  }

  /** What signs: WebCrypto unless the host gave a faster one ({@link useSigner}). */
  #signer: JwsSigner = webCryptoSigner()

  /** Signs with `signer` from now on (the Node hosts give one over `node:crypto`). */
  useSigner(signer: JwsSigner): void {
    this.#signer = signer
  }

  /**
   * Signs a JWT with the current key for `alg`: the JWS Compact Serialization of the payload as
   * JSON, the protected header `{ alg, kid, typ? }`.
   * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
   */
  async sign(payload: JWTPayload, alg: SigningAlg, typ?: string): Promise<string> {
    await this.#ready
    const jwk = await this.#privateJwk(alg)
    const header: JWTHeaderParameters = { alg, kid: jwk.kid, ...(typ ? { typ } : {}) }
    const signingInput = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(payload))}`
    const signature = await this.#signer.sign(jwk, encoder.encode(signingInput))
    return `${signingInput}.${base64url.encode(signature)}`
  }

  /**
   * Verifies a JWT this OP signed, by `kid`, against the OP's clock. Throws jose errors.
   * `expired: 'allow'` accepts an `exp` in the past (an `id_token_hint` may be expired).
   */
  async verify(jwt: string, options: JWTVerifyOptions & { expired?: 'allow' } = {}): Promise<{ payload: JWTPayload; alg: SigningAlg; typ?: string }> {
    const { expired, ...verifyOptions } = options
    await this.#ready
    const { payload, protectedHeader } = await jwtVerify(
      jwt,
      async (header) => {
        const jwk = this.#stored.list().find((k) => k.kid === header.kid && k.alg === header.alg)
        if (!jwk) throw new Error('no key of this OP matches the JWT header')
        return this.#publicKey(jwk)
      },
      {
        algorithms: [...SIGNING_ALGS],
        // An accepted expired token is checked against a clock at its own expiry.
        currentDate: expired === 'allow' ? new Date(0) : this.#clock.date(),
        ...verifyOptions,
      },
    )
    if (expired === 'allow' && typeof payload.iat === 'number' && payload.iat > this.#clock.now() + 60) {
      throw new Error('the JWT was issued in the future')
    }
    return { payload, alg: protectedHeader.alg as SigningAlg, ...(protectedHeader.typ ? { typ: protectedHeader.typ } : {}) }
  }

  /** Adds a new key for every algorithm in use; the new ones sign, the old ones stay published. */
  async rotate(): Promise<void> {
    await this.#ready
    this.#stored.add(await generateKeySet(this.algorithms()))
  }

  #privateJwk(alg: SigningAlg): Promise<PrivateJWK> {
    const current = this.#current(alg)
    if (current) return Promise.resolve(current)
    let pending = this.#generating.get(alg)
    if (!pending) {
      pending = sharedOrFreshJwk(alg, this.#share).then((shared) => {
        const jwk = { ...shared }
        this.#generating.delete(alg)
        // A load() or a concurrent call may have brought a key meanwhile: keep that one.
        const existing = this.#current(alg)
        if (existing) return existing
        this.#stored.add([jwk])
        return jwk
      })
      pending.catch(() => this.#generating.delete(alg))
      this.#generating.set(alg, pending)
    }
    return pending
  }

  #current(alg: SigningAlg): PrivateJWK | undefined {
    const keys = this.#stored.list()
    for (let i = keys.length - 1; i >= 0; i--) if (keys[i]!.alg === alg && keys[i]!.kid) return keys[i]
    return undefined
  }

  #publicKey(jwk: PrivateJWK): Promise<CryptoKey> {
    const cacheKey = `${jwk.alg}:${jwk.kid}`
    let key = this.#keys.get(cacheKey)
    if (!key) {
      key = importJWK(publicJwk(jwk), jwk.alg) as Promise<CryptoKey>
      key.catch(() => this.#keys.delete(cacheKey))
      this.#keys.set(cacheKey, key)
    }
    return key
  }
}

/** The public part of a JWK, with `kid`, `alg` and `use`. */
export function publicJwk(jwk: JWK): JWK {
  const pub: JWK = { ...jwk }
  for (const member of PRIVATE_JWK_MEMBERS) delete (pub as Record<string, unknown>)[member]
  delete pub.key_ops
  delete pub.ext
  return pub
}

function checkPrivateJwk(key: JWK, field: string): JWK {
  if (key === null || typeof key !== 'object') throw new ConfigurationError(field, 'must be a JWK object')
  const alg = key.alg as SigningAlg | undefined
  if (!alg || !(SIGNING_ALGS as readonly string[]).includes(alg)) {
    throw new ConfigurationError(`${field}.alg`, `must be one of ${SIGNING_ALGS.join(', ')}`)
  }
  const shape = KEY_SHAPE[alg]
  if (key.kty !== shape.kty) throw new ConfigurationError(`${field}.kty`, `must be '${shape.kty}' for ${alg}`)
  if (shape.crv && key.crv !== shape.crv) throw new ConfigurationError(`${field}.crv`, `must be '${shape.crv}' for ${alg}`)
  if (typeof key.d !== 'string') throw new ConfigurationError(`${field}.d`, 'a private signing key is required')
  if (key.use !== undefined && key.use !== 'sig') throw new ConfigurationError(`${field}.use`, "must be 'sig'")
  return { ...key, use: 'sig' }
}
