/**
 * Flaw 2 of issue 9, the request side: a claim named `__proto__` inside the `claims` parameter is
 * an ordinary (unknown) claim, and parameters named like `Object.prototype` members are ignored
 * as unknown parameters, not counted as repeated (RFC 6749 §3.1, §3.2).
 */
import { expect, test } from 'vitest'
import { claimsOf, codeFlow, createOp, endpointUrl, SERVICE, tokenRequest, useMsw, WEB } from '../_helpers.js'

const op = createOp()
useMsw(op)

test("a '__proto__' member of the claims parameter neither picks the user nor hides from the grant", async () => {
  const claims = '{"id_token":{"__proto__":{"sub":{"value":"bob"}}}}'
  const tokens = await codeFlow(op, WEB, { claims, login_hint: 'alice' })
  expect(claimsOf(tokens.id_token!).sub).toBe('alice')
  const grant = Object.values(op.dump().grants)[0] as { claims?: { id_token?: object } }
  expect(Object.keys(grant.claims!.id_token!)).toEqual(['__proto__'])
})

test('toString, constructor and __proto__ sent once are unknown parameters, ignored', async () => {
  const response = await tokenRequest(op, SERVICE, { grant_type: 'client_credentials', toString: 'x', constructor: 'y', hasOwnProperty: 'w' })
  expect(response.status).toBe(200)
  // The end-session endpoint refuses every repeated parameter: these are not.
  const logout = await fetch(`${endpointUrl(op, 'session')}?toString=x&constructor=y&__proto__=z`)
  expect(logout.status).toBeLessThan(400)
})
