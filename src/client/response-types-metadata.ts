/**
 * The response types a client may register, and the grant types each needs (RFC 7591 §2.1:
 * `code` goes with `authorization_code`, `id_token` and `token` with `implicit`); and the JARM
 * signing algorithm. Implicit and hybrid types are never a default: a client registers them.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2.1
 * @see https://openid.net/specs/oauth-v2-jarm.html#section-3
 */
import { SIGNING_ALGS } from '../consts.js'

/**
 * The response types the OP serves, in canonical word order (`response_types_supported`).
 * @see https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#Combinations
 */
export const RESPONSE_TYPES = ['code', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'] as const

/** The grant type of the implicit flow (RFC 6749 §4.2): registered, never sent to the token endpoint. */
export const IMPLICIT_GRANT_TYPE = 'implicit'

/** The metadata names of JARM the validator reads (encryption's are added with JWE). */
export const JARM_FIELDS = ['authorization_signed_response_alg'] as const

/** The canonical order of the words (RFC 6749 §3.1.1: their order does not matter). */
const WORD_ORDER = ['code', 'id_token', 'token']

/**
 * `value` with its words in canonical order, when it is one of {@link RESPONSE_TYPES}.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.1
 */
export function canonicalResponseType(value: string): string | undefined {
  const words = value.split(' ')
  if (words.some((word) => !WORD_ORDER.includes(word)) || new Set(words).size !== words.length) return undefined
  const canonical = words.sort((a, b) => WORD_ORDER.indexOf(a) - WORD_ORDER.indexOf(b)).join(' ')
  return (RESPONSE_TYPES as readonly string[]).includes(canonical) ? canonical : undefined
}

/** A refused member: which field, and why. */
export interface ResponseTypesProblem {
  field: string
  problem: string
}

/**
 * The first problem of the registered `response_types` (canonicalized in place) against the
 * `grant_types`, or of the JARM members of `out`, if any.
 */
export function responseTypesProblem(out: Record<string, unknown>, responseTypes: string[], grantTypes: readonly string[]): ResponseTypesProblem | undefined {
  for (const [i, value] of responseTypes.entries()) {
    const canonical = canonicalResponseType(value)
    if (canonical === undefined) return { field: `response_types[${i}]`, problem: `'${value}' is not supported (${RESPONSE_TYPES.join(', ')})` }
    responseTypes[i] = canonical
  }
  const words = new Set(responseTypes.flatMap((type) => type.split(' ')))
  // RFC 7591 §2.1: the code response type and the authorization_code grant go together.
  if (words.has('code') !== grantTypes.includes('authorization_code')) {
    return { field: 'response_types', problem: "'code' and the 'authorization_code' grant type must be registered together" }
  }
  const implicit = words.has('id_token') || words.has('token')
  if (implicit !== grantTypes.includes(IMPLICIT_GRANT_TYPE)) {
    return { field: 'response_types', problem: "'id_token' or 'token' response types and the 'implicit' grant type must be registered together" }
  }
  const alg = out.authorization_signed_response_alg
  if (alg !== undefined && !(SIGNING_ALGS as readonly unknown[]).includes(alg)) {
    return { field: 'authorization_signed_response_alg', problem: `'${String(alg)}' is not supported (${SIGNING_ALGS.join(', ')})` }
  }
  return undefined
}
