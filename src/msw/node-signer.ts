/**
 * A JWS signer over `node:crypto` KeyObjects, for the Node hosts (msw/node, `serve`, the
 * Playwright fixture): the same keys and algorithms as the core's WebCrypto signer, without jose
 * and WebCrypto's layers on each signature; signing still runs on libuv's thread pool (the callback
 * form), so concurrent flows sign in parallel. Reached with `process.getBuiltinModule`, not an
 * import, so the main entry still bundles for the browser, where there is none and WebCrypto stays.
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.1
 */
import type { JsonWebKey, KeyObject, SignKeyObjectInput, SignPrivateKeyInput } from 'node:crypto'
import type { JwsSigner } from '../context/signer.js'
import { digestBits } from '../context/signer.js'
import type { PrivateJWK } from '../store/state.js'

type NodeCrypto = typeof import('node:crypto')

/** `node:crypto`, when this runs in Node (20.16 or later), else undefined. */
function nodeCrypto(): NodeCrypto | undefined {
  const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  return host?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined
}

/** The `node:crypto` signer, or undefined outside Node (the core then keeps WebCrypto). */
export function nodeSigner(): JwsSigner | undefined {
  const crypto = nodeCrypto()
  if (!crypto) return undefined
  const keys = new WeakMap<PrivateJWK, KeyObject>()
  const keyFor = (jwk: PrivateJWK): KeyObject => {
    let key = keys.get(jwk)
    if (!key) {
      key = crypto.createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' })
      keys.set(jwk, key)
    }
    return key
  }
  return {
    sign(jwk, signingInput) {
      const key = keyFor(jwk)
      const alg = jwk.alg
      const digest = alg === 'EdDSA' ? null : `sha${digestBits(alg)}`
      const options: SignKeyObjectInput | SignPrivateKeyInput = alg.startsWith('PS')
        ? { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST }
        : alg.startsWith('ES')
          ? { key, dsaEncoding: 'ieee-p1363' }
          : { key }
      return new Promise((resolve, reject) =>
        crypto.sign(digest, signingInput, options, (error, signature) => (error ? reject(error) : resolve(new Uint8Array(signature)))),
      )
    },
  }
}
