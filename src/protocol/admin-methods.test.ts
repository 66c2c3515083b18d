import { expect, expectTypeOf, test } from 'vitest'
import type { Server } from '../server/server.js'
import type { OPState, User } from '../store/state.js'
import { ADMIN_METHODS, adminCalls, adminHandle, isAdminMethod, type AdminHandle, type MethodPath } from './admin-methods.js'

test('the handle has one method per admin method, each a call by that name', async () => {
  const calls: [string, unknown[]][] = []
  const handle = adminHandle(async (method, args) => void calls.push([method, args]))
  // A dotted name ('clock.advance') is a method of a group (handle.clock.advance).
  const at = (method: string): unknown => method.split('.').reduce<unknown>((target, name) => (target as Record<string, unknown>)[name], handle)
  for (const method of ADMIN_METHODS) expect(typeof at(method), method).toBe('function')
  await handle.removeUser('alice')
  expect(calls).toEqual([['removeUser', ['alice']]])
})

test("the handle's types are the Server's, in a Promise", () => {
  expectTypeOf<AdminHandle['putUser']>().toEqualTypeOf<(user: User) => Promise<User>>()
  expectTypeOf<AdminHandle['dump']>().toEqualTypeOf<() => Promise<OPState>>()
  expectTypeOf<AdminHandle['rotateKeys']>().toEqualTypeOf<() => Promise<void>>()
  // A group of the Server's (its clock) can be listed as 'clock.advance': the handle offers it as handle.clock.advance().
  expectTypeOf<'clock.advance'>().toExtend<MethodPath<Server>>()
  expectTypeOf<'clock.nope'>().not.toExtend<MethodPath<Server>>()
})

test("the worker's answers call the Server it has at the time of the call", async () => {
  let removed: string | undefined
  const server = { removeUser: (sub: string) => ((removed = sub), true) } as unknown as Server
  const answers = adminCalls(() => server)
  expect(await answers.removeUser('bob')).toBe(true)
  expect(removed).toBe('bob')
  expect(isAdminMethod('removeUser')).toBe(true)
  expect(isAdminMethod('hasOwnProperty')).toBe(false)
})
