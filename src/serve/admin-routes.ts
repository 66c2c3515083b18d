/**
 * The routes of the admin control plane (`serve --admin`), as a table: each maps a method and a
 * path under `{issuer}/__admin/` to one method of the admin registry (`ADMIN_METHODS`), or, for
 * what only this host keeps (the event log), to the host. Adding a control is one line here once
 * the `Server` and the registry have it.
 */
import { type AdminArgs, type AdminMethod, invoke } from '../protocol/admin-methods.js'
import type { OPEvent, Server } from '../server/server.js'

/** What a route is given: the path's parameters and the JSON body (undefined when there is none). */
export interface AdminInput {
  params: Record<string, string>
  body: unknown
}

/** What a route can reach besides the OP: the host's own records. */
export interface AdminHost {
  op: Server
  /** The latest requests the OP answered, oldest first. */
  events(): readonly OPEvent[]
}

/** One route: `method path` (with `:name` parameters) → an answer, and its status when not 200. */
export interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  answer(host: AdminHost, input: AdminInput): unknown
  status?: number
}

/** A route that calls the admin method `method` with the arguments `args` builds from the request. */
function call<M extends AdminMethod>(
  method: AdminRoute['method'],
  path: string,
  admin: M,
  args: (input: AdminInput) => AdminArgs<M>,
  shape: (result: unknown) => unknown = (result) => result ?? { ok: true },
): AdminRoute {
  return { method, path, answer: async ({ op }, input) => shape(await invoke(op, admin, args(input))) }
}

/** An admin request whose body or parameters do not fit the route: answered 400. */
export class AdminInputError extends Error {
  override readonly name = 'AdminInputError'
}

/** The body as a JSON object. */
function object(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AdminInputError('the body must be a JSON object')
  return body as Record<string, unknown>
}

/** `POST fail-next` `{endpoint, fault, times?, where?}` as the arguments of `failNext` (which validates them). */
function failNextArgs({ endpoint, fault, times, where }: Record<string, unknown>): AdminArgs<'failNext'> {
  return [endpoint, fault, { ...(times !== undefined ? { times } : {}), ...(where !== undefined ? { where } : {}) }] as AdminArgs<'failNext'>
}

/** `POST clock`: `{advance: s}`, `{set: ms}` or `{reset: true}`, to the clock's admin methods; answers the time. */
async function clockControl(op: Server, body: Record<string, unknown>): Promise<{ now: number }> {
  if ('advance' in body) await invoke(op, 'clock.advance', [body.advance])
  else if ('set' in body) await invoke(op, 'clock.set', [body.set])
  else if (body.reset === true) await invoke(op, 'clock.reset', [])
  else throw new AdminInputError('expected {advance: seconds}, {set: ms} or {reset: true}')
  return { now: op.clock.nowMs() }
}

/**
 * The routes, from the design's list. `fail-next` takes `times: null` for "until cleared" (JSON
 * has no Infinity). Bodies are handed to the `Server`, which
 * validates them as it does for any caller.
 */
export const ADMIN_ROUTES: readonly AdminRoute[] = [
  call('POST', 'reset', 'reset', () => []),
  call('PUT', 'users/:sub', 'putUser', ({ params, body }) => [{ ...object(body), sub: params.sub! }]),
  call('DELETE', 'users/:sub', 'removeUser', ({ params }) => [params.sub!], (removed) => ({ removed })),
  { ...call('POST', 'clients', 'addClient', ({ body }) => [object(body) as AdminArgs<'addClient'>[0]]), status: 201 },
  call('GET', 'state', 'dump', () => []),
  { method: 'GET', path: 'requests', answer: (host) => host.events() },
  call('POST', 'fail-next', 'failNext', ({ body }) => failNextArgs(object(body))),
  call('POST', 'clear-faults', 'clearFaults', () => []),
  { method: 'POST', path: 'clock', answer: ({ op }, { body }) => clockControl(op, object(body)) },
  call('POST', 'issue-token', 'issueToken', ({ body }) => [object(body) as unknown as AdminArgs<'issueToken'>[0]], (token) => ({ token })),
]

/** The route for `method` and `path` (relative to `__admin/`), with its parameters; or why none. */
export function findAdminRoute(method: string, path: string): { route: AdminRoute; params: Record<string, string> } | { status: 404 | 405 } {
  const segments = path.split('/').filter(Boolean)
  let pathMatched = false
  for (const route of ADMIN_ROUTES) {
    const params = matchPath(route.path, segments)
    if (!params) continue
    pathMatched = true
    if (route.method === method) return { route, params }
  }
  return { status: pathMatched ? 405 : 404 }
}

/** The parameters of `pattern` (`users/:sub`) in `segments`, or undefined when it does not match. */
function matchPath(pattern: string, segments: readonly string[]): Record<string, string> | undefined {
  const parts = pattern.split('/')
  if (parts.length !== segments.length) return undefined
  const params: Record<string, string> = {}
  for (const [i, part] of parts.entries()) {
    const segment = segments[i]!
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(segment)
    else if (part !== segment) return undefined
  }
  return params
}
