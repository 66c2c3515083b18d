import { createHash, randomBytes } from 'node:crypto'
import { expect, test } from 'vitest'
import { leftHalfHash, sha256 } from './hash.js'

const nodeHash = (algorithm: string, value: string) => createHash(algorithm).update(value).digest()

test('sha256 is base64url(SHA-256), agreeing with node:crypto around the block and padding edges', () => {
  expect(sha256('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0')
  for (let length = 0; length <= 130; length++) {
    const value = randomBytes(length).toString('latin1')
    expect(sha256(value), `length ${length}`).toBe(nodeHash('sha256', value).toString('base64url'))
  }
})

test('at_hash takes the left half of the hash that goes with the algorithm', async () => {
  const token = 'an access token'
  const half = (algorithm: string) => {
    const digest = nodeHash(algorithm, token)
    return digest.subarray(0, digest.length / 2).toString('base64url')
  }
  expect(await leftHalfHash(token, 'RS256')).toBe(half('sha256'))
  expect(await leftHalfHash(token, 'ES384')).toBe(half('sha384'))
  expect(await leftHalfHash(token, 'PS512')).toBe(half('sha512'))
  expect(await leftHalfHash(token, 'EdDSA')).toBe(half('sha512'))
})
