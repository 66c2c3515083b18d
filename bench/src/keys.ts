/** Signing keys made once per bench run and handed to every subject (and child process) that takes keys. */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose'

export interface BenchKeys {
  RS256: JWK
  ES256: JWK
}

export async function generateBenchKeys(): Promise<BenchKeys> {
  const make = async (alg: 'RS256' | 'ES256'): Promise<JWK> => {
    const { privateKey } = await generateKeyPair(alg, { extractable: true })
    const jwk = await exportJWK(privateKey)
    return { ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk) }
  }
  return { RS256: await make('RS256'), ES256: await make('ES256') }
}
