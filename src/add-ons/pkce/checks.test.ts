import { expect, test } from 'vitest'
import { s256CodeChallenge } from './checks.js'

test('RFC 7636 appendix B: the S256 challenge of its example verifier', () => {
  expect(s256CodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
})
