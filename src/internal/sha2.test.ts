import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sha256, sha384, sha512 } from './sha2.js'

const HASHES = { sha256, sha384, sha512 }
const node = (name: string, data: Uint8Array): string => createHash(name).update(data).digest('hex')
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

describe('SHA-2', () => {
  it('gives the FIPS 180-4 example digests of "abc"', () => {
    const abc = new TextEncoder().encode('abc')
    expect(hex(sha256(abc))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(hex(sha384(abc))).toBe('cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7')
    expect(hex(sha512(abc))).toBe('ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f')
  })

  it.each(Object.entries(HASHES))('%s agrees with node:crypto on every length around the block boundaries', (name, hash) => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff)
    for (let length = 0; length <= 300; length++) expect(hex(hash(data.subarray(0, length))), `${length} bytes`).toBe(node(name, data.subarray(0, length)))
  })

  it.each(Object.entries(HASHES))('%s agrees with node:crypto on any input', (name, hash) => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => hex(hash(data)) === node(name, data)), { numRuns: 300 })
  })
})
