/**
 * Flaw 4 of issue 9: the session cookie is not the `sid` claim that every ID token carries; an RP
 * holding an ID token cannot turn its `sid` into the user's OP session.
 */
import { expect, test } from 'vitest'
import { authorize, authParams, claimsOf, createOp, postForm, redeem, useMsw, WEB } from '../_helpers.js'

const op = createOp({ issuer: 'https://cookie.example.test', interaction: 'login', sessionBinding: 'cookie' })
useMsw(op)

test("the cookie value is random and not the ID token's sid; a cookie made of the sid is no session", async () => {
  const page = await authorize(op, authParams(WEB))
  const login = await postForm(page.location!.href, { sub: 'alice', action: 'login' })
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const done = await authorize(op, authParams(WEB), { headers: { cookie } })
  const code = done.params.get('code')!
  const tokens = (await (await redeem(op, WEB, { code, redirect_uri: WEB.redirect_uris![0]!, state: '', params: done.params })).json()) as { id_token: string }
  const sid = claimsOf(tokens.id_token).sid as string
  expect(sid).toBeTypeOf('string')
  expect(cookie).not.toContain(sid)
  expect(cookie.split('=')[1]!.length).toBeGreaterThanOrEqual(43)
  const forged = await authorize(op, authParams(WEB, { prompt: 'none' }), { headers: { cookie: `op_session=${sid}` } })
  expect(forged.params.get('error')).toBe('login_required')
})
