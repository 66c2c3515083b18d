/**
 * The admin API, listed once: the `Server` methods that every host offers as test controls. The
 * worker's RPC table, the worker protocol's types and the page's handle are all derived from
 * {@link ADMIN_METHODS}, so adding a control to the hosts means adding its name here (after the
 * method exists on `Server`).
 *
 * A name is a path into the `Server`: `'reset'` is `op.reset()`, and a dotted `'clock.advance'`
 * is `op.clock.advance()`, which the page's handle offers as a group (`handle.clock.advance()`).
 * Arguments and results must be plain data: they cross `postMessage` (and, later, HTTP).
 */
import type { Server } from '../server/server.js'

/** The names of the `Server` methods every host offers, in the order the handle lists them. */
export const ADMIN_METHODS = [
  'dump',
  'load',
  'reset',
  'putUser',
  'removeUser',
  'addClient',
  'removeClient',
  'revokeToken',
  'revokeGrant',
  'endSession',
  'rotateKeys',
  'clock.advance',
  'clock.set',
  'clock.reset',
  'failNext',
  'clearFaults',
  'waitForRequest',
  'issueToken',
  'approveDevice',
  'denyDevice',
  'approveBackchannel',
  'denyBackchannel',
] as const satisfies readonly MethodPath<Server>[]

/** One admin method's name: a path into the `Server` (`'reset'`, or `'group.method'`). */
export type AdminMethod = (typeof ADMIN_METHODS)[number]

/** Any function. */
type AnyFunction = (...args: never[]) => unknown

/** The names of `T`'s methods. */
type MethodName<T> = { [K in keyof T & string]: T[K] extends AnyFunction ? K : never }[keyof T & string]

/** `T`'s methods, and the methods of its object members as `'member.method'`. */
export type MethodPath<T> =
  | MethodName<T>
  | { [K in keyof T & string]: T[K] extends AnyFunction ? never : T[K] extends object ? `${K}.${MethodName<T[K]>}` : never }[keyof T & string]

/** The member of `T` at a path. */
type AtPath<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? AtPath<T[Head], Rest>
    : never
  : P extends keyof T
    ? T[P]
    : never

/** The `Server`'s signature of an admin method. */
export type AdminSignature<M extends AdminMethod> = Extract<AtPath<Server, M>, AnyFunction>

/** The arguments of an admin method. */
export type AdminArgs<M extends AdminMethod> = Parameters<AdminSignature<M>>

/** What an admin method gives, once settled. */
export type AdminResult<M extends AdminMethod> = Awaited<ReturnType<AdminSignature<M>>>

/** The admin methods as calls to the worker: by name, with the `Server`'s arguments and (settled) results. */
export type AdminCalls = { [M in AdminMethod]: (...args: AdminArgs<M>) => AdminResult<M> }

/** Functions that answer the calls of `T`, at once or later. */
export type Answering<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => R | Promise<R> : never }

/** A method as a remote host offers it: the same arguments, the result in a Promise. */
export type Remote<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never

/** Admin methods without a group (`'reset'`). */
type TopMethod = Exclude<AdminMethod, `${string}.${string}`>
/** The groups of admin methods (`'clock'` for `'clock.advance'`). */
type Group = AdminMethod extends infer M ? (M extends `${infer G}.${string}` ? G : never) : never
/** The methods of one group. */
type GroupMethod<G extends string> = AdminMethod extends infer M ? (M extends `${G}.${infer Name}` ? Name : never) : never

/**
 * The admin methods on a remote handle, with the `Server`'s documentation: top-level methods as
 * methods, grouped ones as objects (`handle.clock.advance(s)`); every result is a Promise.
 */
export type AdminHandle = { [K in keyof Pick<Server, TopMethod>]: Remote<Server[K]> } & {
  [G in Group & keyof Server]: { [K in keyof Pick<Server[G], GroupMethod<G> & keyof Server[G]>]: Remote<Server[G][K]> }
}

/** Whether `name` (from a message, so unchecked) is an admin method. */
export function isAdminMethod(name: unknown): name is AdminMethod {
  return (ADMIN_METHODS as readonly unknown[]).includes(name)
}

/**
 * The admin methods answered by the `Server` that `server()` gives at the time of each call (the
 * worker replaces its OP when reconfigured).
 */
export function adminCalls(server: () => Server): Answering<AdminCalls> {
  const calls = Object.fromEntries(ADMIN_METHODS.map((method) => [method, (...args: unknown[]) => invoke(server(), method, args)]))
  // Built from the tuple, one entry per name, each calling the method of that name.
  return calls as Answering<AdminCalls>
}

/**
 * A handle whose admin methods call `call(method, args)`: top-level methods as methods, grouped
 * ones in objects by group.
 */
export function adminHandle(call: (method: AdminMethod, args: unknown[]) => Promise<unknown>): AdminHandle {
  const handle: Record<string, unknown> = {}
  for (const method of ADMIN_METHODS) {
    const path: readonly string[] = method.split('.')
    let target = handle
    for (const group of path.slice(0, -1)) target = (target[group] ??= {}) as Record<string, unknown>
    target[path.at(-1)!] = (...args: unknown[]) => call(method, args)
  }
  // Built from the tuple: one function per method, nested by its path, as AdminHandle maps it.
  return handle as AdminHandle
}

/**
 * Calls the admin method `method` of `server` with arguments that came from a message (the
 * `Server` validates what it is given, as it does for any caller).
 */
export function invoke(server: Server, method: AdminMethod, args: readonly unknown[]): unknown {
  const path: readonly string[] = method.split('.')
  let target: unknown = server
  for (const name of path.slice(0, -1)) target = (target as Record<string, unknown>)[name]
  const member = (target as Record<string, unknown>)[path.at(-1)!]
  if (typeof member !== 'function') throw new TypeError(`the OP has no method '${method}'`)
  return Reflect.apply(member, target, args)
}
