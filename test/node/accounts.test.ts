/**
 * Several accounts in one user agent: a second login keeps the first, `prompt=select_account`
 * (with and without pages), `id_token_hint` and `login_hint` pick a session, logout ends one or all.
 */
import * as oidc from 'openid-client'
import { beforeEach, describe, expect, test } from 'vitest'
import { ACCOUNTS_PER_USER_AGENT } from '../../src/store/slices/sessions.js'
import type { Server } from '../../src/index.js'
import {
  authorize,
  authParams,
  claimsOf,
  codeFlow,
  createOp,
  formAction,
  ISSUER,
  POST_LOGOUT_URI,
  postForm,
  readAuthorizationResponse,
  redeem,
  REDIRECT_URI,
  stored,
  useMsw,
  WEB,
  type FormInput,
} from './_helpers.js'

const USERS = [
  { sub: 'alice', name: 'Alice Example' },
  { sub: 'bob', name: 'Bob Builder' },
  { sub: 'carol' },
  { sub: 'dave' },
  { sub: 'erin' },
  { sub: 'frank' },
]
const op = createOp({ users: USERS })
const promptOp = createOp({ issuer: 'https://prompt.example.test', interaction: 'prompt', users: USERS })
const cookieOp = createOp({ issuer: 'https://cookie.example.test', sessionBinding: 'cookie', users: USERS })
useMsw(op, promptOp, cookieOp)
beforeEach(() => {
  op.reset()
  promptOp.reset()
  cookieOp.reset()
})

const subsOf = (server: Server) => Object.values(server.dump().sessions).map((s) => s.sub).sort()

async function subOf(server: Server, extra: FormInput, headers: Record<string, string> = {}): Promise<string> {
  const result = await authorize(server, authParams(WEB, { state: 'st-a', ...extra }), { headers })
  const code = result.params.get('code')
  expect(code, result.params.get('error_description') ?? result.html ?? '').toBeTypeOf('string')
  const tokens = (await (await redeem(server, WEB, { code: code!, state: 'st-a', redirect_uri: REDIRECT_URI, params: result.params })).json()) as { id_token: string }
  return claimsOf(tokens.id_token).sub!
}

async function logIn(server: Server, sub: string): Promise<{ id_token: string; sid: string }> {
  const tokens = await codeFlow(server, WEB, { login_hint: sub })
  return { id_token: tokens.id_token!, sid: claimsOf(tokens.id_token!).sid as string }
}

function logoutUrl(server: Server, params: Record<string, string>): URL {
  const url = new URL(`${server.issuer}/logout`)
  url.search = new URLSearchParams(params).toString()
  return url
}

describe('several accounts (agent binding)', () => {
  test('a login as another user keeps the first; the same user again replaces its own session', async () => {
    const alice = await logIn(op, 'alice')
    await logIn(op, 'bob')
    expect(subsOf(op)).toEqual(['alice', 'bob'])
    await logIn(op, 'bob')
    expect(subsOf(op)).toEqual(['alice', 'bob'])
    expect(op.dump().sessions[alice.sid]).toBeDefined()
  })

  test('id_token_hint and login_hint pick a session without a page, prompt=none included; without a hint, the last used', async () => {
    const alice = await logIn(op, 'alice')
    await logIn(op, 'bob')
    expect(await subOf(op, { prompt: 'none' })).toBe('bob')
    expect(await subOf(op, { prompt: 'none', id_token_hint: alice.id_token })).toBe('alice')
    // The session used last is the active one now.
    expect(await subOf(op, { prompt: 'none' })).toBe('alice')
    expect(await subOf(op, { prompt: 'none', login_hint: 'bob' })).toBe('bob')
    expect(subsOf(op)).toEqual(['alice', 'bob'])
  })

  test("prompt=select_account without pages picks the hinted session, else the active one; it logs in only when there is none", async () => {
    expect(await subOf(op, { prompt: 'select_account' })).toBe('alice')
    await logIn(op, 'bob')
    expect(await subOf(op, { prompt: 'select_account' })).toBe('bob')
    expect(await subOf(op, { prompt: 'select_account', login_hint: 'alice' })).toBe('alice')
    expect(subsOf(op)).toEqual(['alice', 'bob'])
  })

  test(`at most ${ACCOUNTS_PER_USER_AGENT} accounts: one more ends the least recently used`, async () => {
    const first = await logIn(op, 'alice')
    for (const sub of ['bob', 'carol', 'dave', 'erin']) await logIn(op, sub)
    // alice is used again: bob is now the least recently used.
    expect(await subOf(op, { id_token_hint: first.id_token })).toBe('alice')
    await logIn(op, 'frank')
    expect(subsOf(op)).toEqual(['alice', 'carol', 'dave', 'erin', 'frank'])
    expect(Object.keys(op.dump().sessions)).toHaveLength(ACCOUNTS_PER_USER_AGENT)
  })

  test('end-session with id_token_hint ends that session only; op.endSession(sid) ends one; without a hint, all', async () => {
    const alice = await logIn(op, 'alice')
    const bob = await logIn(op, 'bob')
    await logIn(op, 'carol')
    const answer = await fetch(logoutUrl(op, { id_token_hint: alice.id_token, post_logout_redirect_uri: POST_LOGOUT_URI }), { redirect: 'manual' })
    expect(answer.status).toBe(302)
    expect(subsOf(op)).toEqual(['bob', 'carol'])
    const carol = Object.values(op.dump().sessions).find((session) => session.sub === 'carol')!
    expect(op.dump().agent_session).toBe(carol.sid)
    expect(op.endSession(carol.sid)).toBe(true)
    // The next most recently used account is the active one now.
    expect(op.dump().agent_session).toBe(bob.sid)
    await logIn(op, 'carol')
    expect(op.endSession(bob.sid)).toBe(true)
    expect(op.endSession(bob.sid)).toBe(false)
    expect(op.endSession('unknown-sid')).toBe(false)
    expect(subsOf(op)).toEqual(['carol'])
    expect(await subOf(op, { prompt: 'none' })).toBe('carol')
    await logIn(op, 'dave')
    expect((await fetch(logoutUrl(op, {}))).status).toBe(200)
    expect(subsOf(op)).toEqual([])
  })

  test('logout_hint without id_token_hint ends the session of that user; a hint for a user not logged in ends none of the others', async () => {
    await logIn(op, 'alice')
    const bob = await logIn(op, 'bob')
    await fetch(logoutUrl(op, { logout_hint: 'alice' }))
    expect(subsOf(op)).toEqual(['bob'])
    await logIn(op, 'alice')
    op.endSession(bob.sid)
    const stale = await fetch(logoutUrl(op, { id_token_hint: bob.id_token, post_logout_redirect_uri: POST_LOGOUT_URI }), { redirect: 'manual' })
    expect(stale.status).toBe(302)
    expect(subsOf(op)).toEqual(['alice'])
  })
})

describe('prompt=select_account with pages', () => {
  async function chooser(extra: FormInput = {}): Promise<{ url: string; html: string }> {
    const result = await authorize(promptOp, authParams(WEB, { state: 'st-a', prompt: 'select_account', ...extra }))
    expect(result.status).toBe(303)
    const url = result.location!.href
    return { url, html: await (await fetch(url)).text() }
  }

  test('lists the sessions and "use another account"; the choice gets a code for that user', async () => {
    const alice = await logIn(promptOp, 'alice')
    await logIn(promptOp, 'bob')
    const { url, html } = await chooser()
    expect(html).toContain('Choose an account')
    expect(html).toContain('Alice Example (alice)')
    expect(html).toContain('Bob Builder (bob)')
    expect(html).toContain('Use another account')
    expect(formAction(html)).toBe(url)
    const chosen = await readAuthorizationResponse(await postForm(url, { action: 'select_account', sid: alice.sid }))
    expect(chosen.status).toBe(303)
    const tokens = (await (await redeem(promptOp, WEB, { code: chosen.params.get('code')!, state: 'st-a', redirect_uri: REDIRECT_URI, params: chosen.params })).json()) as { id_token: string }
    expect(claimsOf(tokens.id_token)).toMatchObject({ sub: 'alice', sid: alice.sid })
    expect(chosen.params.get('session_state')).toMatch(/\./)
    // The page worked once.
    expect((await postForm(url, { action: 'select_account', sid: alice.sid })).status).toBe(400)
  })

  test('"use another account" shows the login page, and that login adds an account', async () => {
    await logIn(promptOp, 'alice')
    const { html } = await chooser()
    const another = /href="([^"]+another_account[^"]*)"/.exec(html)![1]!.replaceAll('&amp;', '&')
    const login = await (await fetch(another)).text()
    expect(login).toContain('Log in')
    const done = await readAuthorizationResponse(await postForm(another, { sub: 'carol', action: 'login' }))
    expect(done.params.get('code')).toBeTypeOf('string')
    expect(subsOf(promptOp)).toEqual(['alice', 'carol'])
  })

  test('without sessions, the login page; with prompt=login too, the login page', async () => {
    expect((await chooser()).html).toContain('Log in')
    await logIn(promptOp, 'alice')
    expect((await chooser({ prompt: 'select_account login' })).html).not.toContain('Choose an account')
  })

  test('an unknown or ended sid gets the chooser again (400), and changes nothing', async () => {
    const alice = await logIn(promptOp, 'alice')
    const bob = await logIn(promptOp, 'bob')
    const { url } = await chooser()
    promptOp.endSession(bob.sid)
    const before = stored(promptOp)
    for (const sid of ['unknown', bob.sid, '', '__proto__']) {
      const answer = await postForm(url, { action: 'select_account', sid })
      expect(answer.status).toBe(400)
      expect(await answer.text()).toContain('Choose an account')
    }
    expect(stored(promptOp)).toEqual(before)
    expect((await postForm(url, { action: 'select_account', sid: alice.sid })).status).toBe(303)
  })

  test('with an id_token_hint, choosing another user gets the chooser again, saying so', async () => {
    const alice = await logIn(promptOp, 'alice')
    const bob = await logIn(promptOp, 'bob')
    const { url } = await chooser({ id_token_hint: alice.id_token })
    const refused = await postForm(url, { action: 'select_account', sid: bob.sid })
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('The application asked for user &#39;alice&#39;.')
    const chosen = await readAuthorizationResponse(await postForm(url, { action: 'select_account', sid: alice.sid }))
    expect(chosen.params.get('code')).toBeTypeOf('string')
  })

  test('cancel: access_denied back to the client', async () => {
    await logIn(promptOp, 'alice')
    const { url } = await chooser()
    const answer = await readAuthorizationResponse(await postForm(url, { action: 'cancel' }))
    expect(answer.params.get('error')).toBe('access_denied')
  })
})

describe('several accounts (cookie binding)', () => {
  async function cookieLogin(sub: string, cookie?: string) {
    const result = await authorize(cookieOp, authParams(WEB, { login_hint: sub, prompt: 'login', state: 'st-a' }), cookie ? { headers: { cookie } } : {})
    expect(result.params.get('code')).toBeTypeOf('string')
    const tokens = (await (await redeem(cookieOp, WEB, { code: result.params.get('code')!, state: 'st-a', redirect_uri: REDIRECT_URI, params: result.params })).json()) as { id_token: string }
    return { cookie: result.response.headers.get('set-cookie')!.split(';')[0]!, id_token: tokens.id_token }
  }

  test('one cookie holds the browser\'s accounts; another browser has its own', async () => {
    const alice = await cookieLogin('alice')
    const bob = await cookieLogin('bob', alice.cookie)
    expect(bob.cookie).toBe(alice.cookie)
    expect(await subOf(cookieOp, { prompt: 'none', id_token_hint: alice.id_token }, { cookie: alice.cookie })).toBe('alice')
    expect(await subOf(cookieOp, { prompt: 'none', login_hint: 'bob' }, { cookie: alice.cookie })).toBe('bob')
    const other = await cookieLogin('carol')
    expect(other.cookie).not.toBe(alice.cookie)
    // carol is not in the first browser, nor alice in the second.
    expect((await authorize(cookieOp, authParams(WEB, { prompt: 'none', login_hint: 'carol' }), { headers: { cookie: alice.cookie } })).params.get('error')).toBe('login_required')
    expect((await authorize(cookieOp, authParams(WEB, { prompt: 'none', id_token_hint: alice.id_token }), { headers: { cookie: other.cookie } })).params.get('error')).toBe('login_required')
  })

  test('a forged or foreign cookie holds no session, and a login with it gets a fresh cookie value', async () => {
    for (const cookie of ['op_session=forged', `op_session=${'A'.repeat(43)}`, 'op_session=']) {
      expect((await authorize(cookieOp, authParams(WEB, { prompt: 'none' }), { headers: { cookie } })).params.get('error')).toBe('login_required')
      const login = await cookieLogin('alice', cookie)
      expect(login.cookie).not.toBe(cookie)
      expect(login.cookie).toMatch(/^op_session=[A-Za-z0-9_-]{43}$/)
    }
  })

  test('logging out one account keeps the cookie for the others; the last one clears it', async () => {
    const alice = await cookieLogin('alice')
    const bob = await cookieLogin('bob', alice.cookie)
    const one = await fetch(logoutUrl(cookieOp, { id_token_hint: alice.id_token, post_logout_redirect_uri: POST_LOGOUT_URI }), { headers: { cookie: alice.cookie }, redirect: 'manual' })
    expect(one.headers.get('set-cookie')).toMatch(new RegExp(`^${bob.cookie};`))
    expect(await subOf(cookieOp, { prompt: 'none' }, { cookie: bob.cookie })).toBe('bob')
    const last = await fetch(logoutUrl(cookieOp, { id_token_hint: bob.id_token, post_logout_redirect_uri: POST_LOGOUT_URI }), { headers: { cookie: bob.cookie }, redirect: 'manual' })
    expect(last.headers.get('set-cookie')).toMatch(/^op_session=;.*Max-Age=0/)
    expect(subsOf(cookieOp)).toEqual([])
  })
})

describe('through openid-client', () => {
  test('a second account and back to the first by id_token_hint', async () => {
    const config = await oidc.discovery(new URL(ISSUER), WEB.client_id, WEB.client_secret, oidc.ClientSecretBasic(WEB.client_secret!))
    async function flow(params: Record<string, string>) {
      const state = oidc.randomState()
      const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', state, ...params })
      const location = (await fetch(url, { redirect: 'manual' })).headers.get('location')!
      expect(new URL(location).searchParams.get('session_state')).toMatch(/\./)
      return oidc.authorizationCodeGrant(config, new URL(location), { expectedState: state }).catch((e: { cause?: unknown }) => { throw new Error(JSON.stringify(e.cause)) })
    }
    const alice = await flow({ login_hint: 'alice' })
    const bob = await flow({ login_hint: 'bob', prompt: 'login' })
    expect(bob.claims()!.sub).toBe('bob')
    const back = await flow({ prompt: 'none', id_token_hint: alice.id_token! })
    expect(back.claims()).toMatchObject({ sub: 'alice', sid: alice.claims()!.sid })
  })
})

describe('snapshots', () => {
  test('a session whose last use is not a number is refused, naming the field; a good one loads with its order', async () => {
    await logIn(op, 'alice')
    const bob = await logIn(op, 'bob')
    const dump = op.dump()
    const bad = structuredClone(dump)
    ;(bad.sessions[bob.sid] as unknown as Record<string, unknown>).used = 'latest'
    expect(() => op.load(bad)).toThrow(new RegExp(`snapshot\\.sessions\\.${bob.sid}\\.used`))
    op.reset()
    op.load(dump)
    expect(await subOf(op, { prompt: 'none' })).toBe('bob')
  })
})
