/**
 * The JWE client metadata: the algorithms a client may ask its ID tokens, UserInfo responses and
 * authorization responses (JARM) to be encrypted with, and the key each needs (one of the client's
 * `jwks`/`jwks_uri` keys, or its secret for `dir` and `A*KW`, OIDC Core §10.2). A member the OP
 * cannot honour is refused, never dropped.
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Encryption
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-4.1
 */
import type { JWK } from 'jose'

/** A refused member: which field, and why. */
export interface EncryptionProblem {
  field: string
  problem: string
}

/** Key management algorithms to a client's public key (RSA1_5 is left out: RFC 8725 §3.2). */
export const ASYMMETRIC_KEY_ALGS = ['RSA-OAEP', 'RSA-OAEP-256', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'] as const

/** Key management algorithms with a key derived from the client secret (OIDC Core §10.2). */
export const SECRET_KEY_ALGS = ['dir', 'A128KW', 'A192KW', 'A256KW'] as const

/** Every key management algorithm the OP encrypts responses with. */
export const ENCRYPTION_ALGS = [...ASYMMETRIC_KEY_ALGS, ...SECRET_KEY_ALGS] as const

/** Content encryption algorithms (RFC 7518 §5.1); the first is the default of `*_enc`. */
export const ENCRYPTION_ENCS = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512', 'A128GCM', 'A192GCM', 'A256GCM'] as const

/** The responses a client may ask to be encrypted, by metadata prefix. */
export const ENCRYPTED_RESPONSES = ['id_token', 'userinfo', 'authorization', 'introspection'] as const

/** The encryption metadata names the validator reads. */
export const ENCRYPTION_FIELDS = ENCRYPTED_RESPONSES.flatMap((what) => [`${what}_encrypted_response_alg`, `${what}_encrypted_response_enc`])

/** The key type a key management algorithm needs from the client's key set. */
export function keyTypesFor(alg: string): readonly string[] {
  return alg.startsWith('RSA') ? ['RSA'] : ['EC', 'OKP']
}

/** Whether `key` can receive content encrypted with `alg`: its type, its `use` and `alg` if given. */
export function fitsEncryption(key: JWK, alg: string): boolean {
  return keyTypesFor(alg).includes(key.kty ?? '') && (key.use === undefined || key.use === 'enc') && (key.alg === undefined || key.alg === alg)
}

/**
 * The first problem of the encryption members of `out` (metadata being validated), if any.
 * `hasSecret`: the client authenticates with a secret (given, or generated at registration).
 */
export function encryptionMetadataProblem(out: Record<string, unknown>, hasSecret: boolean): EncryptionProblem | undefined {
  for (const what of ENCRYPTED_RESPONSES) {
    const algField = `${what}_encrypted_response_alg`
    const encField = `${what}_encrypted_response_enc`
    const alg = out[algField]
    const enc = out[encField]
    if (alg === undefined) {
      if (enc !== undefined) return { field: encField, problem: `needs ${algField}` }
      continue
    }
    if (!(ENCRYPTION_ALGS as readonly unknown[]).includes(alg)) return { field: algField, problem: `'${String(alg)}' is not supported (${ENCRYPTION_ALGS.join(', ')})` }
    if (enc !== undefined && !(ENCRYPTION_ENCS as readonly unknown[]).includes(enc)) return { field: encField, problem: `'${String(enc)}' is not supported (${ENCRYPTION_ENCS.join(', ')})` }
    const problem = keyProblem(out, alg as string, hasSecret)
    if (problem) return { field: algField, problem }
  }
  return undefined
}

/** Whether the client has the key `alg` needs: its secret, or a fitting key of its inline `jwks`. */
function keyProblem(out: Record<string, unknown>, alg: string, hasSecret: boolean): string | undefined {
  if ((SECRET_KEY_ALGS as readonly string[]).includes(alg)) {
    return hasSecret ? undefined : `'${alg}' derives its key from the client secret, and the client has none`
  }
  if (out.jwks_uri !== undefined) return undefined
  const keys = (out.jwks as { keys?: JWK[] } | undefined)?.keys
  if (!keys) return `'${alg}' encrypts to one of the client's keys: register jwks or jwks_uri`
  return keys.some((key) => fitsEncryption(key, alg)) ? undefined : `the client's jwks has no ${keyTypesFor(alg).join('/')} key for encryption (use 'enc') that fits '${alg}'`
}
