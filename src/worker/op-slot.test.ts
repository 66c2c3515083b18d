import { expect, test } from 'vitest'
import { OpSlot } from './op-slot.js'

/** An occupant that records whether it was stopped. */
function occupant(name: string) {
  return { name, stopped: false, stop() { this.stopped = true } }
}
type Occupant = ReturnType<typeof occupant>

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}

test('a replacement waits for the answers in progress, and stops the occupant it replaces', async () => {
  const slot = new OpSlot<Occupant>()
  const first = occupant('first')
  slot.install(first)
  const gate = deferred()
  const seen: string[] = []
  const answer = slot.answer(async (current) => {
    await gate.promise
    seen.push(`answered by ${current?.name}`)
  })
  const replaced = slot.replace(() => () => occupant('second')).then(() => seen.push('replaced'))
  await new Promise((resolve) => setTimeout(resolve, 5))
  expect(slot.occupant?.name).toBe('first')
  gate.resolve()
  await Promise.all([answer, replaced])
  expect(seen).toEqual(['answered by first', 'replaced'])
  expect(first.stopped).toBe(true)
  expect(slot.occupant?.name).toBe('second')
})

test('answers that arrive during a replacement wait for it, and see the new occupant', async () => {
  const slot = new OpSlot<Occupant>()
  slot.install(occupant('first'))
  const saving = deferred()
  const replaced = slot.replace(() => () => occupant('second'), () => saving.promise)
  const answer = slot.answer(async (current) => current?.name)
  await new Promise((resolve) => setTimeout(resolve, 5))
  saving.resolve()
  await replaced
  expect(await answer).toBe('second')
})

test('replacements run one at a time, each planned on what the one before left', async () => {
  const slot = new OpSlot<Occupant>()
  const planned: (string | undefined)[] = []
  const plan = (name: string) => (current: Occupant | undefined) => {
    planned.push(current?.name)
    return current?.name === name ? undefined : () => occupant(name)
  }
  const results = await Promise.all([slot.replace(plan('a')), slot.replace(plan('a')), slot.replace(plan('b'))])
  expect(results).toEqual([true, false, true])
  expect(planned).toEqual([undefined, 'a', 'a'])
  expect(slot.occupant?.name).toBe('b')
})
