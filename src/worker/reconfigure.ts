/**
 * Building the worker's OP from a configuration, and from the state it held before. Runtime-neutral
 * (Node tests cover it).
 *
 * When a page sends a configuration that differs from the one the worker holds:
 * - the new settings (lifetimes, interaction mode, PKCE, endpoints…) apply to every request from now on;
 * - clients and users that the new configuration lists, and the old one did not (or listed with
 *   other metadata or claims), are added or replaced at once;
 * - clients and users that the old configuration listed and the new one does not are removed
 *   (their sessions end and their grants are revoked, as `removeClient`/`removeUser` do);
 * - everything else stays: clients and users added at run time (`addClient`, registration,
 *   `putUser`, the login page), sessions, grants, codes and tokens, which keep validating while
 *   their client and user exist;
 * - the signing keys stay, so earlier tokens verify; keys the new configuration adds sign from now on.
 * A configuration for another issuer is another OP, with its own state.
 */
import type { ClientMetadata } from '../client/metadata.js'
import type { ServerConfiguration } from '../config/options.js'
import { Server } from '../msw/server.js'
import type { OPState, User } from '../store/state.js'
import type { WorkerConfiguration } from '../protocol/messages.js'

/** What the OP was built from before. */
export interface PreviousOP {
  configuration: WorkerConfiguration
  state: OPState
}

/** The configuration `new Server()` gets: the worker-only fields removed. */
export function serverConfiguration(configuration: WorkerConfiguration): ServerConfiguration {
  const { allowedOrigins: _allowedOrigins, requireSameOriginLogin: _requireSameOriginLogin, ...server } = configuration
  return server
}

/** Whether two configurations are the same, whatever the order of object keys. */
export function sameConfiguration(a: WorkerConfiguration, b: WorkerConfiguration): boolean {
  return stableJson(a) === stableJson(b)
}

/**
 * The OP for `configuration`. With `previous` (the configuration and state the worker held), the
 * state carries over by the rules of this module; without it, a new OP.
 */
export function buildServer(configuration: WorkerConfiguration, previous?: PreviousOP): Server {
  const config = serverConfiguration(configuration)
  if (!previous || previous.configuration.issuer !== configuration.issuer) return new Server(config)

  // Old keys first, then keys the configuration newly lists: the last key of an algorithm signs.
  const listedBefore = new Set((previous.configuration.jwks?.keys ?? []).map(stableJson))
  const added = (config.jwks?.keys ?? []).filter((key) => !listedBefore.has(stableJson(key)))
  const keys = [...previous.state.keys, ...added]
  // Handing the saved keys over as configured keys keeps the OP from generating new ones first.
  const op = new Server(keys.length ? { ...config, jwks: { keys } } : config)
  op.load({ ...previous.state, keys: op.store.getState().keys }) // load() copies them

  const before = previous.configuration
  for (const [id, client] of changed(before.clients, configuration.clients, clientId)) {
    if (client) op.addClient(client)
    else op.removeClient(id)
  }
  for (const [sub, user] of changed(before.users, configuration.users, (u: User) => u.sub)) {
    if (user) op.putUser(user)
    else op.removeUser(sub)
  }
  return op
}

function clientId(client: ClientMetadata): string {
  return client.client_id ?? ''
}

/**
 * What differs between two lists of records by id: `[id, record]` for each new or changed
 * record, `[id, undefined]` for each record gone.
 */
function changed<T>(before: T[] | undefined, after: T[] | undefined, idOf: (record: T) => string): [string, T | undefined][] {
  const old = new Map((before ?? []).map((record) => [idOf(record), stableJson(record)]))
  const out: [string, T | undefined][] = []
  const seen = new Set<string>()
  for (const record of after ?? []) {
    const id = idOf(record)
    seen.add(id)
    if (old.get(id) !== stableJson(record)) out.push([id, record])
  }
  for (const id of old.keys()) if (!seen.has(id)) out.push([id, undefined])
  return out
}

/** JSON with object keys sorted, so that equal values give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}
