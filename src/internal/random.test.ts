import { describe, expect, it } from 'vitest'
import { base64url } from './jose.js'
import { randomId, randomToken } from './random.js'

describe('randomToken', () => {
  it('gives exactly the bytes asked for, base64url, across pools', () => {
    // 1..100 bytes, many times over: draws cross the 4 KiB pools at every offset.
    for (let round = 0; round < 20; round++) {
      for (let bytes = 1; bytes <= 100; bytes++) {
        const token = randomToken(bytes)
        expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
        expect(base64url.decode(token)).toHaveLength(bytes)
      }
    }
    expect(base64url.decode(randomToken())).toHaveLength(32)
    expect(base64url.decode(randomId())).toHaveLength(16)
    expect(base64url.decode(randomToken(5000))).toHaveLength(5000)
    expect(randomToken(0)).toBe('')
  })

  it('never hands out the same bytes twice', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 20_000; i++) seen.add(randomToken(16))
    expect(seen.size).toBe(20_000)
  })

  it('refuses what getRandomValues refuses', () => {
    expect(() => randomToken(-1)).toThrow(RangeError)
    expect(() => randomToken(70_000)).toThrow()
  })

  it('spreads its bytes evenly (each value of a byte within a loose bound of its expected count)', () => {
    const counts = new Array<number>(256).fill(0)
    for (let i = 0; i < 2_000; i++) for (const byte of base64url.decode(randomToken(64))) counts[byte]!++
    const expected = (2_000 * 64) / 256
    for (const count of counts) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.3)
  })
})
