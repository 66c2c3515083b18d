import { createHash, randomBytes } from 'node:crypto'
import { expect, test } from 'vitest'
import { sha256Bytes } from './sha256.js'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
const text = (value: string): Uint8Array => new TextEncoder().encode(value)

test('FIPS 180-4 examples', () => {
  expect(hex(sha256Bytes(text('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  expect(hex(sha256Bytes(text('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  expect(hex(sha256Bytes(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
  )
  expect(hex(sha256Bytes(text('a'.repeat(1_000_000))))).toBe('cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0')
})

test('agrees with node:crypto at every length around the block and padding edges', () => {
  for (let length = 0; length <= 200; length++) {
    const data = randomBytes(length)
    expect(hex(sha256Bytes(data)), `length ${length}`).toBe(createHash('sha256').update(data).digest('hex'))
  }
})
