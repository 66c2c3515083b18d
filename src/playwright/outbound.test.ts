import { describe, expect, test } from 'vitest'
import { urlMatches } from './outbound.js'

describe('urlMatches: route patterns as Playwright takes them', () => {
  test.each([
    ['**/bc', 'https://rp.example.test/a/bc', true],
    ['**/bc', 'https://rp.example.test/a/bc?x=1', false],
    ['**/bc?**', 'https://rp.example.test/bc?x=1', true],
    ['https://rp.example.test/*', 'https://rp.example.test/bc', true],
    ['https://rp.example.test/*', 'https://rp.example.test/a/bc', false],
    ['https://rp.example.test/{bc,fc}', 'https://rp.example.test/fc', true],
    ['https://rp.example.test/bc', 'https://rp.example.test/bc', true],
    ['https://rp.example.test/bc', 'https://rpXexample.test/bc', false],
  ])('%s on %s: %s', (glob, url, expected) => {
    expect(urlMatches(glob, url)).toBe(expected)
  })

  test('a RegExp and a predicate', () => {
    expect(urlMatches(/backchannel/, 'https://rp.example.test/backchannel')).toBe(true)
    expect(urlMatches((url) => url.hostname === 'rp.example.test', 'https://rp.example.test/x')).toBe(true)
  })
})
