/**
 * Session Management 1.0: `session_state` in authorization responses, the OP browser state, and the
 * `check_session_iframe` page, whose script runs here against the OP as a browser would run it.
 */
import { InMemoryWebStorage, OidcClient, WebStorageStateStore } from 'oidc-client-ts'
import { beforeEach, describe, expect, test } from 'vitest'
import { sessionState } from '../../src/add-ons/session-management/session-state.js'
import type { Server } from '../../src/index.js'
import { authorize, authParams, claimsOf, codeFlow, createOp, endpointUrl, ISSUER, POST_LOGOUT_URI, REDIRECT_URI, RP, useMsw, WEB, type FormInput } from './_helpers.js'

const op = createOp()
const cookieOp = createOp({ issuer: 'https://cookie.example.test', sessionBinding: 'cookie' })
const plainOp = createOp({ issuer: 'https://plain.example.test', endpoints: { check_session_iframe: { enabled: false } } })
useMsw(op, cookieOp, plainOp)
beforeEach(() => {
  op.reset()
  cookieOp.reset()
})

const CHECK_SESSION = `${ISSUER}/check_session`

async function browserState(server: Server = op, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${server.issuer}/check_session?op_browser_state`, { headers })
  expect(response.status).toBe(200)
  expect(response.headers.get('cache-control')).toBe('no-store')
  return ((await response.json()) as { browser_state: string }).browser_state
}

async function codeResponse(extra: FormInput = {}, server: Server = op, headers: Record<string, string> = {}): Promise<URLSearchParams> {
  const result = await authorize(server, authParams(WEB, extra), { headers })
  expect(result.params.get('code'), result.params.get('error_description') ?? '').toBeTypeOf('string')
  return result.params
}

/** The page's script, run as the browser runs it: `message` events in, `postMessage` answers out. */
async function checkSessionFrame(server: Server = op, cookie?: string) {
  const page = await fetch(`${server.issuer}/check_session`)
  const html = await page.text()
  const script = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html)![1]!
  let listener: ((event: object) => Promise<void>) | undefined
  const sameOriginFetch = (url: string, init: RequestInit) => {
    expect(new URL(url).origin).toBe(new URL(server.issuer).origin)
    return fetch(url, { ...init, ...(cookie ? { headers: { cookie } } : {}) })
  }
  new Function('addEventListener', 'fetch', script)((type: string, handler: typeof listener) => {
    expect(type).toBe('message')
    listener = handler
  }, sameOriginFetch)
  return {
    page,
    html,
    /** Posts `data` from a window of `origin`; resolves with the page's answer. */
    async post(data: unknown, origin = RP): Promise<string> {
      const answers: [string, string][] = []
      await listener!({ data, origin, source: { postMessage: (message: string, target: string) => answers.push([message, target]) } })
      expect(answers).toHaveLength(1)
      expect(answers[0]![1]).toBe(origin)
      return answers[0]![0]
    },
  }
}

describe('session_state', () => {
  test('discovery publishes check_session_iframe at {issuer}/check_session', async () => {
    const metadata = (await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()) as Record<string, unknown>
    expect(metadata.check_session_iframe).toBe(CHECK_SESSION)
    expect(endpointUrl(op, 'check_session_iframe')).toBe(CHECK_SESSION)
  })

  test('every successful authorization response has one: hex SHA-256 of client_id, origin, browser state and salt, "." salt', async () => {
    for (const response_mode of ['query', 'fragment', 'form_post']) {
      const params = await codeResponse({ response_mode })
      const value = params.get('session_state')!
      expect(value).toMatch(/^[0-9a-f]{64}\.[A-Za-z0-9_-]+$/)
      const salt = value.split('.')[1]!
      expect(sessionState(WEB.client_id, RP, await browserState(), salt)).toBe(value)
    }
  })

  test('no session_state and no discovery member while the endpoint is disabled', async () => {
    const params = await codeResponse({}, plainOp)
    expect(params.has('session_state')).toBe(false)
    const metadata = (await (await fetch(`${plainOp.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>
    expect(metadata).not.toHaveProperty('check_session_iframe')
    expect((await fetch(`${plainOp.issuer}/check_session`)).status).toBe(404)
  })

  test('oidc-client-ts reads it from the response', async () => {
    const client = new OidcClient({ authority: ISSUER, client_id: WEB.client_id, client_secret: WEB.client_secret!, redirect_uri: REDIRECT_URI, client_authentication: 'client_secret_basic', scope: 'openid', stateStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }) })
    const request = await client.createSigninRequest({})
    const answer = await fetch(request.url, { redirect: 'manual' })
    const response = await client.processSigninResponse(answer.headers.get('location')!)
    expect(response.session_state).toMatch(/^[0-9a-f]{64}\./)
    expect(response.session_state!.split('.')[0]).not.toBe('')
  })
})

describe('the OP browser state', () => {
  test('stays through SSO, changes on op.endSession, on a login as another user, and on logout', async () => {
    const anonymous = await browserState()
    const { sid } = claimsOf((await codeFlow(op, WEB, { login_hint: 'alice' })).id_token!)
    const alice = await browserState()
    expect(alice).not.toBe(anonymous)
    await codeResponse()
    expect(await browserState()).toBe(alice)

    const bobTokens = await codeFlow(op, WEB, { login_hint: 'bob' })
    const both = await browserState()
    expect(both).not.toBe(alice)
    expect(op.endSession(sid as string)).toBe(true)
    const bob = await browserState()
    expect(bob).not.toBe(both)

    const logout = new URL(`${ISSUER}/logout`)
    logout.search = new URLSearchParams({ id_token_hint: bobTokens.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI }).toString()
    expect((await fetch(logout, { redirect: 'manual' })).status).toBe(302)
    expect(await browserState()).toBe(anonymous)
  })

  test("cookie binding: the browser's sessions only; a forged or another OP's cookie is a browser with none", async () => {
    const anonymous = await browserState(cookieOp)
    const first = await authorize(cookieOp, authParams(WEB))
    const cookie = first.response.headers.get('set-cookie')!.split(';')[0]!
    expect(await browserState(cookieOp, { cookie })).not.toBe(anonymous)
    expect(await browserState(cookieOp)).toBe(anonymous)
    expect(await browserState(cookieOp, { cookie: 'op_session=forged' })).toBe(anonymous)
    await codeResponse({}, op)
    expect(await browserState(cookieOp, { cookie: `op_session=${op.dump().sessions[Object.keys(op.dump().sessions)[0]!]!.sid}` })).toBe(anonymous)
  })
})

describe('the check_session_iframe page', () => {
  test('framable by any RP, one nonce script, same-origin fetch only, no store', async () => {
    const frame = await checkSessionFrame()
    expect(frame.page.status).toBe(200)
    expect(frame.page.headers.get('x-frame-options')).toBeNull()
    expect(frame.page.headers.get('cache-control')).toBe('no-store')
    const csp = frame.page.headers.get('content-security-policy')!
    expect(csp).toMatch(/script-src 'nonce-[^']+'/)
    expect(csp).toContain("connect-src 'self'")
    expect(csp).not.toContain('frame-ancestors')
    expect(frame.html.match(/<script/g)).toHaveLength(1)
    expect(frame.html).not.toMatch(/<script[^>]+src=/)
  })

  test('answers unchanged, then changed after op.endSession', async () => {
    const params = await codeResponse()
    const frame = await checkSessionFrame()
    const message = `${WEB.client_id} ${params.get('session_state')}`
    expect(await frame.post(message)).toBe('unchanged')
    expect(await frame.post(message)).toBe('unchanged')
    // Another client or another origin than the redirect URI's: not this session state.
    expect(await frame.post(`spa ${params.get('session_state')}`)).toBe('changed')
    expect(await frame.post(message, 'https://evil.example.test')).toBe('changed')
    const sid = Object.keys(op.dump().sessions)[0]!
    op.endSession(sid)
    expect(await frame.post(message)).toBe('changed')
  })

  test('answers changed after a logout in another tab (end-session endpoint), and after a login as another user', async () => {
    const params = await codeResponse({ login_hint: 'alice' })
    const frame = await checkSessionFrame()
    const message = `${WEB.client_id} ${params.get('session_state')}`
    await codeResponse({ login_hint: 'bob' })
    expect(await frame.post(message)).toBe('changed')
    const again = `${WEB.client_id} ${(await codeResponse({ login_hint: 'alice' })).get('session_state')}`
    expect(await frame.post(again)).toBe('unchanged')
    const logout = await fetch(`${ISSUER}/logout`)
    expect(logout.status).toBe(200)
    expect(await frame.post(again)).toBe('changed')
  })

  test('cookie binding: the page reads the state with the cookie the browser sends', async () => {
    const first = await authorize(cookieOp, authParams(WEB))
    const cookie = first.response.headers.get('set-cookie')!.split(';')[0]!
    const message = `${WEB.client_id} ${first.params.get('session_state')}`
    expect(await (await checkSessionFrame(cookieOp, cookie)).post(message)).toBe('unchanged')
    expect(await (await checkSessionFrame(cookieOp)).post(message)).toBe('changed')
    expect(await (await checkSessionFrame(cookieOp, 'op_session=forged')).post(message)).toBe('changed')
  })

  test('malformed messages get error, and change nothing', async () => {
    const params = await codeResponse()
    const frame = await checkSessionFrame()
    const before = JSON.stringify(op.dump())
    const state = params.get('session_state')!
    for (const data of ['', 'web', `web ${state} extra`, `web`, ` ${state}`, 'web nosalt', 'web abc.', 'web .salt', 42, null, { client_id: 'web' }]) {
      expect(await frame.post(data), JSON.stringify(data)).toBe('error')
    }
    expect(JSON.stringify(op.dump())).toBe(before)
  })

  test('the browser state is not readable from another origin, and the endpoint takes GET only', async () => {
    const response = await fetch(`${ISSUER}/check_session?op_browser_state`, { headers: { origin: 'https://evil.example.test' } })
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
    const post = await fetch(`${ISSUER}/check_session`, { method: 'POST' })
    expect(post.status).toBe(405)
  })
})
