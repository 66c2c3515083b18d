/**
 * Values as a long-lived record keeps them: tens of thousands of records stay for a token's
 * lifetime, so each keeps what validation needs and nothing it happens to point at
 * (bench/README.md, memory). A parameter value parsed from a request URL or body is, in V8, a
 * slice of the whole query string, so a 22-character `nonce` kept in a code would keep the
 * request's query (hundreds of bytes) alive with it; a record keeps its own copy instead.
 */

/** Shorter strings are never slices of another in V8 (its `SlicedString::kMinLength` is 13). */
const SLICE_MIN_LENGTH = 13

/** A copy of `value` that holds no larger string alive (a slice of a request's query, of a hash's padding). */
export function ownString<T extends string | undefined>(value: T): T {
  // JSON.parse builds a new flat string; the other copies (slice, concat, template) may share storage.
  return value === undefined || value.length < SLICE_MIN_LENGTH ? value : (JSON.parse(JSON.stringify(value)) as T)
}

/** How many distinct scope lists one OP shares at most; past that, each record keeps an exact-size copy. */
export const SHARED_SCOPES_MAX = 256

/** Gives the one array the OP's records share for a scope list (see {@link scopeInterner}). */
export type ScopeInterner = (scope: string[]) => string[]

/**
 * The scope lists of one OP's records, one frozen array per distinct list (same values, same
 * order), shared by every grant and token that has it. A list parsed from a request is an array
 * grown by `push` (room for 17 in V8, about 180 bytes with its strings), and a flow kept two of
 * them for an hour; the records never change a scope list in place, they replace it.
 */
export function scopeInterner(max = SHARED_SCOPES_MAX): ScopeInterner {
  const shared = new Map<string, string[]>()
  return (scope) => {
    if (Object.isFrozen(scope)) return scope
    const key = JSON.stringify(scope)
    const known = shared.get(key)
    if (known) return known
    const copy = Object.freeze(scope.map((value) => ownString(value))) as string[]
    if (shared.size < max) shared.set(key, copy)
    return copy
  }
}
