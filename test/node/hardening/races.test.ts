/**
 * Flaw 6 of issue 9: every endpoint that reads, awaits, then writes, raced 50 ways. One winner,
 * and a deleted client stays deleted (RFC 7592 PUT concurrent with DELETE).
 */
import { describe, expect, test } from 'vitest'
import { authParams, basic, codeFlow, createOp, form, getCode, ISSUER, REDIRECT_URI, useMsw, WEB } from '../_helpers.js'

const RACES = 50
const op = createOp()
useMsw(op)

function handle(path: string, init: RequestInit = {}): Promise<Response> {
  return op.handle(new Request(`${ISSUER}${path}`, init))
}

function postTo(path: string, body: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return handle(path, { method: 'POST', body: form(body), headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } })
}

describe(`${RACES}-way races`, () => {
  test('RFC 7592 PUT against DELETE never resurrects a deleted client', async () => {
    for (let i = 0; i < RACES; i++) {
      const registered = (await (await handle('/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [REDIRECT_URI] }) })).json()) as { client_id: string; registration_access_token: string }
      const auth = { authorization: `Bearer ${registered.registration_access_token}` }
      const path = `/register/${registered.client_id}`
      const put = handle(path, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ client_id: registered.client_id, redirect_uris: [REDIRECT_URI], client_name: 'again' }) })
      const del = handle(path, { method: 'DELETE', headers: auth })
      const [updated, deleted] = await Promise.all([put, del])
      expect(deleted.status).toBe(204)
      expect(updated.status).toBe(401)
      expect(op.dump().clients[registered.client_id]).toBeUndefined()
      expect((await handle(path, { headers: auth })).status).toBe(401)
    }
  })

  test('one authorization code redeemed 50 times at once: one winner', async () => {
    const got = await getCode(op, WEB)
    const answers = await Promise.all(Array.from({ length: RACES }, () => postTo('/token', { grant_type: 'authorization_code', code: got.code, redirect_uri: REDIRECT_URI }, basic(WEB.client_id, WEB.client_secret!))))
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1)
    expect(answers.filter((r) => r.status === 400)).toHaveLength(RACES - 1)
  })

  test('one refresh token rotated 50 times at once: one winner', async () => {
    const tokens = await codeFlow(op, WEB, { scope: 'openid offline_access', prompt: 'consent' })
    const answers = await Promise.all(Array.from({ length: RACES }, () => postTo('/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }, basic(WEB.client_id, WEB.client_secret!))))
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1)
    expect(answers.filter((r) => r.status >= 500)).toHaveLength(0)
  })

  test('one pushed request used 50 times at once: one code', async () => {
    const pushedAnswer = await postTo('/par', authParams(WEB) as Record<string, string>, basic(WEB.client_id, WEB.client_secret!))
    const { request_uri } = (await pushedAnswer.json()) as { request_uri: string }
    const answers = await Promise.all(Array.from({ length: RACES }, () => handle(`/authorize?${form({ client_id: WEB.client_id, request_uri })}`)))
    const codes = answers.filter((r) => new URL(r.headers.get('location') ?? 'x:/').searchParams.has('code'))
    expect(codes).toHaveLength(1)
  })
})
