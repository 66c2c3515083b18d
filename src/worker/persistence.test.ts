import { expect, test, vi } from 'vitest'
import { initialState, type OPState } from '../store/state.js'
import { Saver, type OPStorage, type SavedOP } from './persistence.js'

/** A storage whose writes finish when the test says so. */
function slowStorage() {
  const written: SavedOP[] = []
  const pending: (() => void)[] = []
  const storage: OPStorage = {
    read: async () => undefined,
    write: (record) =>
      new Promise<void>((resolve) =>
        pending.push(() => {
          written.push(structuredClone(record))
          resolve()
        }),
      ),
    remove: async () => undefined,
  }
  return { storage, written, inFlight: () => pending.length, finishAll: () => pending.splice(0).forEach((finish) => finish()) }
}

test('save() writes only what changed, one write at a time, and resolves once written', async () => {
  const { storage, written, inFlight, finishAll } = slowStorage()
  let state: OPState = initialState()
  const announced: OPState[] = []
  const saver = new Saver(storage, () => ({ issuer: 'http://localhost/oidc', configuration: { issuer: 'http://localhost/oidc' }, state }), (s) => announced.push(s))

  await saver.save()
  expect(written).toEqual([]) // nothing changed yet

  saver.markDirty()
  const first = saver.save()
  await vi.waitFor(() => expect(inFlight()).toBe(1))
  state = { ...state, agent_session: 'sid-1' }
  saver.markDirty()
  const second = saver.save()
  await Promise.resolve()
  expect(inFlight()).toBe(1) // the second write waits for the first

  finishAll()
  await first
  expect(written.map((r) => r.state.agent_session)).toEqual([null])
  await vi.waitFor(() => expect(inFlight()).toBe(1))
  finishAll()
  await second
  expect(written.map((r) => r.state.agent_session)).toEqual([null, 'sid-1'])
  expect(announced.map((s) => s.agent_session)).toEqual([null, 'sid-1'])
  expect(written[1]!.version).toMatch(/^\d+\.\d+\.\d+/)
})

/** A storage whose writes fail while `failing.on` is set. */
function failingStorage() {
  const failing = { on: false }
  const written: SavedOP[] = []
  const storage: OPStorage = {
    read: async () => undefined,
    write: async (record) => {
      if (failing.on) throw new Error('disk full')
      written.push(record)
    },
    remove: async () => undefined,
  }
  return { storage, written, failing }
}

test('a failed write keeps the change for the next save', async () => {
  const { storage, written, failing } = failingStorage()
  failing.on = true
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
  const saver = new Saver(storage, () => ({ issuer: 'i', configuration: { issuer: 'i' }, state: initialState() }), () => undefined)
  saver.markDirty()
  await saver.save()
  expect(errors).toHaveBeenCalledOnce()
  failing.on = false
  await saver.save()
  expect(written).toHaveLength(1)
  errors.mockRestore()
})

test('a change of the log alone is written, not announced; a state change whose write failed is announced by the next write', async () => {
  const { storage, written, failing } = failingStorage()
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined)
  const announced: OPState[] = []
  const saver = new Saver(storage, () => ({ issuer: 'i', configuration: { issuer: 'i' }, state: initialState() }), (s) => announced.push(s))
  saver.markDirty(false)
  await saver.save()
  expect([written.length, announced.length]).toEqual([1, 0])

  failing.on = true
  saver.markDirty()
  await saver.save()
  expect([written.length, announced.length]).toEqual([1, 0])
  failing.on = false
  saver.markDirty(false) // the log changed too: the next write still carries the state change
  await saver.save()
  expect([written.length, announced.length]).toEqual([2, 1])
  errors.mockRestore()
})

test('issue 9, flaw 7: with writeEvents, a request that changed only the log writes the log alone, not a 10k-client state', async () => {
  const state = initialState()
  for (let i = 0; i < 10_000; i++) state.clients[`client-${i}`] = { client_id: `client-${i}`, redirect_uris: [`https://rp${i}.example.test/cb`] } as (typeof state.clients)[string]
  const bytes = { full: 0, log: 0 }
  const storage: OPStorage = {
    read: async () => undefined,
    write: async (record) => void (bytes.full += JSON.stringify(record).length),
    remove: async () => undefined,
    writeEvents: async (_issuer, log) => void (bytes.log += JSON.stringify(log).length),
  }
  const events = [{ type: 'request' as const, issuer: 'http://localhost/oidc', bootId: 'b', seq: 1, event: { endpoint: 'jwks', method: 'GET', status: 200 } as never }]
  const saver = new Saver(storage, () => ({ issuer: 'http://localhost/oidc', configuration: { issuer: 'http://localhost/oidc' }, state, events, seq: 1 }), () => undefined)
  saver.markDirty()
  await saver.save()
  const fullSave = bytes.full
  saver.markDirty(false)
  await saver.save()
  expect(bytes.full).toBe(fullSave) // the state was not written again
  expect(bytes.log).toBeGreaterThan(0)
  expect(bytes.log).toBeLessThan(fullSave / 1000)
})

test('unsaved: a change of the state (or of the armed faults) waits to be written, one of the log alone does not', async () => {
  const { storage, written } = failingStorage()
  const faults = [{ endpoint: 'token', fault: { status: 503 }, left: Infinity, where: {} }]
  const saver = new Saver(storage, () => ({ issuer: 'i', configuration: { issuer: 'i' }, state: initialState(), faults }), () => undefined)
  saver.markDirty(false)
  expect(saver.unsaved).toBe(false)
  saver.markDirty()
  expect(saver.unsaved).toBe(true)
  await saver.save()
  expect(saver.unsaved).toBe(false)
  expect(written[0]?.faults).toEqual(faults)
})
