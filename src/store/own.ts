/**
 * Records keyed by strings from outside (a client_id, sub, sid, token hash, jti, request_uri) are
 * read and written as own properties only: `__proto__`, `constructor` or `toString` must never
 * find `Object.prototype`'s members, and never write into it. Writes define a data property, so
 * the records stay plain objects that JSON, `structuredClone` and `dump()`/`load()` carry as they are.
 */

/** A record's own entry for `key`, never one inherited from `Object.prototype`. */
export function ownGet<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

/**
 * Sets `record[key]` as an own data property (plain assignment to `__proto__` would set the
 * prototype, and to a name `Object.prototype` holds read-only, as frozen intrinsics make them,
 * would throw). A plain assignment does the same for any other key of a plain record, and costs a
 * fraction of `defineProperty` on the large dictionary-mode records of codes, tokens and grants.
 */
export function ownSet<T>(record: Record<string, T>, key: string, value: T): void {
  const proto: unknown = Object.getPrototypeOf(record)
  if (proto === null || (proto === Object.prototype && !Object.hasOwn(Object.prototype, key))) record[key] = value
  else Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true })
}

/** Deletes the own entry `key`, if there is one. */
export function ownDelete<T>(record: Record<string, T>, key: string): void {
  if (Object.hasOwn(record, key)) delete record[key]
}

/** Deletes every entry whose expiry (by `expiry`) is at or before `now`. */
export function dropExpired<T>(record: Record<string, T>, expiry: (item: T) => number, now: number): void {
  for (const [key, item] of Object.entries(record)) if (expiry(item) <= now) delete record[key]
}
