/**
 * Flaw 5a of issue 9: the logout confirmation page's POST carries a single-use CSRF token bound
 * to the session; a cross-site POST /logout with action=logout without it logs nobody out.
 */
import { beforeEach, expect, test } from 'vitest'
import { authorize, authParams, createOp, postForm, useMsw, WEB } from '../_helpers.js'

const op = createOp({ issuer: 'https://csrf.example.test', interaction: 'login', sessionBinding: 'cookie' })
useMsw(op)
const LOGOUT = `${op.issuer}/logout`
const EVIL = { origin: 'https://evil.example.test', 'sec-fetch-site': 'cross-site' }

let cookie: string
beforeEach(async () => {
  op.reset()
  const page = await authorize(op, authParams(WEB))
  cookie = (await postForm(page.location!.href, { sub: 'alice', action: 'login' })).headers.get('set-cookie')!.split(';')[0]!
})

async function loggedIn(): Promise<boolean> {
  return (await authorize(op, authParams(WEB, { prompt: 'none' }), { headers: { cookie } })).params.has('code')
}

async function confirmationToken(): Promise<string> {
  const html = await (await fetch(LOGOUT, { headers: { cookie } })).text()
  return /name="csrf" value="([^"]+)"/.exec(html)![1]!
}

test('a cross-site POST action=logout without the token is refused and logs nobody out', async () => {
  const forged = await postForm(LOGOUT, { action: 'logout' }, { cookie, ...EVIL })
  expect(forged.status).toBe(403)
  expect(await loggedIn()).toBe(true)
})

test('a wrong token is refused; the page token logs out once', async () => {
  const token = await confirmationToken()
  expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/)
  expect((await postForm(LOGOUT, { action: 'logout', csrf: 'wrong' }, { cookie })).status).toBe(403)
  expect(await loggedIn()).toBe(true)
  // A wrong guess spent it: the page is needed again.
  expect((await postForm(LOGOUT, { action: 'logout', csrf: token }, { cookie })).status).toBe(403)
  const fresh = await confirmationToken()
  expect((await postForm(LOGOUT, { action: 'logout', csrf: fresh }, { cookie, origin: op.issuer, 'sec-fetch-site': 'same-origin' })).status).toBe(200)
  expect(await loggedIn()).toBe(false)
})

test('the token is single use: spent by Cancel, it cannot log out', async () => {
  const token = await confirmationToken()
  expect((await postForm(LOGOUT, { action: 'cancel', csrf: token }, { cookie })).status).toBe(200)
  expect((await postForm(LOGOUT, { action: 'logout', csrf: token }, { cookie, ...EVIL })).status).toBe(403)
  expect(await loggedIn()).toBe(true)
})
