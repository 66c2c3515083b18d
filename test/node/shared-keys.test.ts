/**
 * Generated keys are made once per issuer per process (`generatedKeys: 'shared'`, the default) and
 * reused by the next OP of that issuer; `generatedKeys: 'fresh'` opts out. Timing is not asserted:
 * the bench measures how soon the second OP is ready.
 */
import { describe, expect, test } from 'vitest'
import { ConfigurationError, Server } from '../../src/index.js'

const kidsOf = async (op: Server): Promise<string[]> => {
  await op.ready()
  return op.dump().keys.map((key) => key.kid!).sort()
}

describe('generatedKeys', () => {
  test("'shared' (default): a second OP of the issuer has the first one's keys, each in its own state", async () => {
    const first = new Server({ issuer: 'https://shared-keys.example.test' })
    const second = new Server({ issuer: 'https://shared-keys.example.test' })
    expect(await kidsOf(second)).toEqual(await kidsOf(first))
    expect(first.dump().keys).not.toBe(second.dump().keys)
    expect(first.dump().keys[0]).not.toBe(second.dump().keys[0])
  })

  test('another issuer gets other keys', async () => {
    const one = await kidsOf(new Server({ issuer: 'https://shared-keys-one.example.test' }))
    const other = await kidsOf(new Server({ issuer: 'https://shared-keys-other.example.test' }))
    expect(one.filter((kid) => other.includes(kid))).toEqual([])
  })

  test("'fresh' generates new keys for this OP", async () => {
    const shared = await kidsOf(new Server({ issuer: 'https://fresh-keys.example.test' }))
    const fresh = await kidsOf(new Server({ issuer: 'https://fresh-keys.example.test', generatedKeys: 'fresh' }))
    expect(fresh.filter((kid) => shared.includes(kid))).toEqual([])
  })

  test("rotating one OP's keys leaves the shared ones to the next OP", async () => {
    const rotated = new Server({ issuer: 'https://rotate-shared.example.test' })
    const before = await kidsOf(rotated)
    await rotated.rotateKeys()
    expect((await kidsOf(rotated)).length).toBeGreaterThan(before.length)
    expect(await kidsOf(new Server({ issuer: 'https://rotate-shared.example.test' }))).toEqual(before)
  })

  test('a value other than shared or fresh is a configuration error', () => {
    expect(() => new Server({ issuer: 'https://bad-keys.example.test', generatedKeys: 'per-test' as never })).toThrow(ConfigurationError)
  })
})
