import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { harness } from '../../test/store/_harness.js'
import type { ClientRecord, TokenRecord } from './state.js'
import { ownGet, ownSet } from './own.js'

/** Keys a request may send, the names of `Object.prototype`'s members among them. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype)
const outsideKey = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.string())

const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort()
afterEach(() => {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore)
  expect(Object.getPrototypeOf({})).toBe(Object.prototype)
})

const client = (client_id: string) =>
  ({ client_id, redirect_uris: [], post_logout_redirect_uris: [], token_endpoint_auth_method: 'none' }) as unknown as ClientRecord
const token = (client_id: string, jti: string): TokenRecord =>
  ({ kind: 'access_token', format: 'opaque', client_id, sub: 'alice', scope: [], iat: 0, exp: 2_000_000, jti, revoked: false })

describe('records keyed by outside strings hold own properties only', () => {
  it('a key that was not stored is never found, whatever its name', () => {
    fc.assert(
      fc.property(outsideKey, (key) => {
        const op = harness('cookie')
        expect(op.clients.get(key)).toBeUndefined()
        expect(op.grants.get(key)).toBeUndefined()
        expect(op.tokens.get(key)).toBeUndefined()
        expect(op.sessions.get(key)).toBeUndefined()
        expect(op.sessions.current(key)).toBeUndefined()
        expect(op.interactions.get(key)).toBeUndefined()
        expect(op.codes.find(key)).toBeUndefined()
        expect(op.pushedRequests.take(key, key)).toBeUndefined()
        expect(op.dpopNonces.expiry(key)).toBeUndefined()
        expect(op.replay.dpopProofUsed(key)).toBe(false)
        expect(op.consents.has(key, key, [])).toBe(false)
      }),
    )
  })

  it('stored under any key, a record is found under that key, written as data, and dumped as JSON', () => {
    fc.assert(
      fc.property(outsideKey, outsideKey, (sub, clientId) => {
        const op = harness()
        op.clients.put(client(clientId))
        op.tokens.store(clientId, token(clientId, clientId))
        op.consents.record(sub, clientId, ['openid'])
        op.replay.rememberAssertion(clientId, sub, 2_000_000)
        expect(op.clients.get(clientId)?.client_id).toBe(clientId)
        expect(op.tokens.isActive(op.tokens.get(clientId)!)).toBe(true)
        expect(op.consents.has(sub, clientId, ['openid'])).toBe(true)
        expect(op.replay.rememberAssertion(clientId, sub, 2_000_000)).toBe(false)
        const { revision: _revision, ...state } = op.store.getState()
        const reloaded = JSON.parse(JSON.stringify(state))
        expect(Object.hasOwn(reloaded.clients, clientId)).toBe(true)
        expect(Object.hasOwn(reloaded.consents, sub)).toBe(true)
      }),
    )
  })

  it('a removed client takes its tokens along, whatever its client_id', () => {
    fc.assert(
      fc.property(outsideKey, (clientId) => {
        const op = harness()
        op.clients.put(client(clientId))
        op.tokens.store('t', token(clientId, 't'))
        expect(op.actions.removeClient(clientId)).toBe(true)
        expect(op.tokens.isActive(op.tokens.get('t')!)).toBe(false)
        expect(op.actions.removeClient(clientId)).toBe(false)
      }),
    )
  })

  it("consent of one user is not another's, whatever the subs", () => {
    fc.assert(
      fc.property(outsideKey, outsideKey, (sub, other) => {
        fc.pre(sub !== other)
        const op = harness()
        op.consents.record(sub, 'web', ['openid'])
        expect(op.consents.has(other, 'web', ['openid'])).toBe(false)
        expect(harness().consents.has(sub, 'web', ['openid'])).toBe(false)
      }),
    )
  })
})

describe('ownSet', () => {
  const dataProperty = (value: unknown) => ({ value, writable: true, enumerable: true, configurable: true })

  it("writes an own, enumerable data property under every name of Object.prototype, __proto__ among them", () => {
    for (const name of ['__proto__', ...PROTOTYPE_NAMES, 'plain', '']) {
      const record: Record<string, number> = {}
      ownSet(record, name, 1)
      ownSet(record, name, 2)
      expect(Object.getOwnPropertyDescriptor(record, name)).toEqual(dataProperty(2))
      expect(Object.getPrototypeOf(record)).toBe(Object.prototype)
      expect(ownGet(record, name)).toBe(2)
      expect(JSON.parse(JSON.stringify(record))).toEqual(JSON.parse(`{${JSON.stringify(name)}:2}`))
    }
  })

  it('writes into a record without a prototype, and one with another prototype, as own data', () => {
    for (const name of ['__proto__', 'toString', 'plain']) {
      const bare = Object.create(null) as Record<string, number>
      ownSet(bare, name, 1)
      expect(Object.getOwnPropertyDescriptor(bare, name)).toEqual(dataProperty(1))
      const trap = Object.create({ set [name](_: number) { throw new Error('a setter ran') } }) as Record<string, number>
      ownSet(trap, name, 1)
      expect(Object.getOwnPropertyDescriptor(trap, name)).toEqual(dataProperty(1))
    }
  })

  it('an inherited read-only name (frozen intrinsics) or setter does not stop it or run', () => {
    const original = Object.getOwnPropertyDescriptor(Object.prototype, 'toString')!
    try {
      Object.defineProperty(Object.prototype, 'toString', { ...original, writable: false })
      const record: Record<string, unknown> = {}
      ownSet(record, 'toString', 'kept')
      expect(Object.getOwnPropertyDescriptor(record, 'toString')).toEqual(dataProperty('kept'))
    } finally {
      Object.defineProperty(Object.prototype, 'toString', original)
    }
    let ran = false
    try {
      // A name added to Object.prototype after the OP started (a polluted process) counts too.
      Object.defineProperty(Object.prototype, 'addedLater', { set: () => void (ran = true), configurable: true })
      const record: Record<string, unknown> = {}
      ownSet(record, 'addedLater', 'kept')
      expect(Object.getOwnPropertyDescriptor(record, 'addedLater')).toEqual(dataProperty('kept'))
      expect(ran).toBe(false)
    } finally {
      delete (Object.prototype as Record<string, unknown>).addedLater
    }
  })
})
