/**
 * The Node hosts sign over `node:crypto` KeyObjects (src/msw/node-signer.ts), the core over
 * WebCrypto (src/context/signer.ts): same keys, same tokens. Each advertised algorithm's token
 * verifies with jose against the OP's JWKS; the deterministic algorithms give the same bytes.
 */
import { createLocalJWKSet, jwtVerify } from 'jose'
import { describe, expect, test } from 'vitest'
import { Server as CoreServer } from '../../src/core.js'
import { Server, type SigningAlg } from '../../src/index.js'
import { webCryptoSigner } from '../../src/context/signer.js'
import { nodeSigner } from '../../src/msw/node-signer.js'

const ISSUER = 'https://node-signer.example.test'
const op = new Server({ issuer: ISSUER })
const payload = { iss: ISSUER, sub: 'alice', aud: 'web', iat: 1_700_000_000, exp: 4_000_000_000 }

describe('the node:crypto signer', () => {
  test('is there in Node', () => {
    expect(nodeSigner()).toBeDefined()
  })

  test('every advertised algorithm: the token verifies with jose against the JWKS, as a WebCrypto one does', async () => {
    await op.ready()
    const advertised = op.serverGet('endpoint_context').providerInfo().id_token_signing_alg_values_supported as SigningAlg[]
    expect(advertised.length).toBeGreaterThanOrEqual(10)
    const keyjar = op.serverGet('endpoint_context').keyjar
    const jwks = createLocalJWKSet(await keyjar.publicJwks())
    const core = new CoreServer({ issuer: ISSUER, jwks: { keys: op.dump().keys } })
    for (const alg of advertised) {
      const byNode = await keyjar.sign(payload, alg, 'JWT')
      const byWebCrypto = await core.serverGet('endpoint_context').keyjar.sign(payload, alg, 'JWT')
      for (const token of [byNode, byWebCrypto]) {
        const { payload: verified, protectedHeader } = await jwtVerify(token, jwks, { algorithms: [alg] })
        expect(verified, alg).toEqual(payload)
        expect(protectedHeader, alg).toMatchObject({ alg, typ: 'JWT' })
      }
      // PKCS #1 v1.5 and Ed25519 are deterministic: the very same token.
      if (alg.startsWith('RS') || alg === 'EdDSA') expect(byNode, alg).toBe(byWebCrypto)
    }
  })

  test('signs what the WebCrypto signer signs, bytes for bytes where the algorithm is deterministic', async () => {
    const input = new TextEncoder().encode('header.payload')
    const rs256 = op.dump().keys.find((key) => key.alg === 'RS256')!
    expect(await nodeSigner()!.sign(rs256, input)).toEqual(await webCryptoSigner().sign(rs256, input))
  })
})
