/**
 * The key sets of clients that registered a `jwks_uri` (`private_key_jwt`), kept per OP: each for
 * `limits.remoteJwksTtl` seconds by the OP's clock, at most `limits.remoteJwksSets` at once (the
 * oldest is dropped first), and all forgotten by `op.reset()`. A module-wide cache would outlive
 * the OP, be shared by every OP in the process, and grow with every URL a registrant names. Each
 * set is fetched through the OP's route (`op.outboundFetch`) and kept for that route only: a set
 * fetched before the host changed the route is fetched again through the new one.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
import { createRemoteJWKSet, type JWTVerifyGetKey } from '../internal/jose.js'
import type { OutboundFetch } from '../http/outbound-fetch.js'
import type { Limits } from '../config/limits.js'

interface Entry {
  keys: JWTVerifyGetKey
  /** The route it is fetched through. */
  route: OutboundFetch
  /** Seconds since the epoch, by the OP's clock. */
  fetchedAt: number
}

/** One OP's remote key sets, by URL. */
export class RemoteKeySets {
  readonly #entries = new Map<string, Entry>()
  readonly #limits: Pick<Limits, 'remoteJwksTtl' | 'remoteJwksSets'>
  readonly #clock: { now(): number }
  readonly #route: () => OutboundFetch

  /** `route` gives the OP's route for its own requests as it is now. */
  constructor(limits: Pick<Limits, 'remoteJwksTtl' | 'remoteJwksSets'>, clock: { now(): number }, route: () => OutboundFetch) {
    this.#limits = limits
    this.#clock = clock
    this.#route = route
  }

  /** The key set at `url`: the cached one while it is fresh, else a new one (fetched when used). */
  get(url: string): JWTVerifyGetKey {
    const now = this.#clock.now()
    const route = this.#route()
    const cached = this.#entries.get(url)
    if (cached && cached.route === route && now - cached.fetchedAt < this.#limits.remoteJwksTtl) return cached.keys
    this.#entries.delete(url)
    while (this.#entries.size >= this.#limits.remoteJwksSets) this.#entries.delete(this.#entries.keys().next().value!)
    // Through the host's routing (in the worker, the app's handlers first), as a request_uri is.
    const keys = createRemoteJWKSet(new URL(url), { cacheMaxAge: this.#limits.remoteJwksTtl * 1000, fetch: (input, init) => route(new Request(input, init)) })
    this.#entries.set(url, { keys, route, fetchedAt: now })
    return keys
  }

  /** How many key sets are kept now. */
  get size(): number {
    return this.#entries.size
  }

  /** Forgets every key set. */
  clear(): void {
    this.#entries.clear()
  }
}
