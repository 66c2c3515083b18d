/**
 * The end-session endpoint (`session`, at `/logout`): OpenID Connect RP-Initiated Logout 1.0 §2–3. Only a verified client and a registered
 * post_logout_redirect_uri earn a redirect; anything else gets a page.
 */
import { SignJWT } from 'jose'
import { beforeEach, describe, expect, test } from 'vitest'
import type { Server } from '../../src/index.js'
import { CLIENT_KEYS } from './_keys.js'
import {
  authorize,
  authParams,
  codeFlow,
  createOp,
  expectErrorPage,
  expectNothingStored,
  formAction,
  hiddenInputs,
  ISSUER,
  POST_LOGOUT_URI,
  postForm,
  RP,
  SPA,
  tokenRequest,
  useMsw,
  userinfo,
  WEB,
  type FormInput,
  type Tokens,
} from './_helpers.js'

const op = createOp()
const pages = createOp({ issuer: 'https://pages.example.test', interaction: 'prompt' })
useMsw(op, pages)
beforeEach(() => {
  op.reset()
  op.clock.reset()
  pages.reset()
})

function logout(params: FormInput, server: Server = op): Promise<Response> {
  const url = new URL(`${server.issuer}/logout`)
  for (const [name, value] of Object.entries(params)) {
    for (const item of [value ?? []].flat()) url.searchParams.append(name, item)
  }
  return fetch(url, { redirect: 'manual' })
}

function loggedIn(server: Server = op): boolean {
  return server.dump().agent_session !== null
}

async function promptNone(server: Server = op): Promise<string | null> {
  return (await authorize(server, authParams(WEB, { prompt: 'none' }))).params.get('error')
}

describe('logout that redirects', () => {
  test('id_token_hint + registered post_logout_redirect_uri + state: 302 there with state; the session ends', async () => {
    const tokens = await codeFlow(op, WEB)
    const response = await logout({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI, state: 'bye-1' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(`${POST_LOGOUT_URI}?state=bye-1`)
    expect(loggedIn()).toBe(false)
    expect(await promptNone()).toBe('login_required')
  })

  test('client_id instead of id_token_hint, and both together', async () => {
    const tokens = await codeFlow(op, WEB)
    const response = await logout({ client_id: 'web', post_logout_redirect_uri: POST_LOGOUT_URI })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(POST_LOGOUT_URI)
    expect(loggedIn()).toBe(false)
    await codeFlow(op, WEB)
    const both = await logout({ client_id: 'web', id_token_hint: tokens.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI, state: 's' })
    expect(both.headers.get('location')).toBe(`${POST_LOGOUT_URI}?state=s`)
  })

  test('POST (form) is answered with 303', async () => {
    const tokens = await codeFlow(op, WEB)
    const response = await postForm(`${ISSUER}/logout`, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe(POST_LOGOUT_URI)
  })

  test('an expired id_token_hint is accepted (§2)', async () => {
    const tokens = await codeFlow(op, WEB)
    op.clock.advance(7200)
    const response = await logout({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI })
    expect(response.status).toBe(302)
  })

  test('grants of the session end with it, offline ones live on (Core §11)', async () => {
    const online = await codeFlow(op, WEB)
    const offline = await codeFlow(op, WEB, { scope: 'openid offline_access' })
    await logout({ id_token_hint: online.id_token! })
    expect((await userinfo(op, online.access_token)).status).toBe(401)
    expect((await userinfo(op, offline.access_token)).status).toBe(200)
    expect((await tokenRequest(op, WEB, { grant_type: 'refresh_token', refresh_token: offline.refresh_token! })).status).toBe(200)
  })
})

describe('logout without a redirect', () => {
  test('no parameters: the session ends and a page says so', async () => {
    await codeFlow(op, WEB)
    const response = await logout({})
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await response.text()).toContain('Logged out')
    expect(loggedIn()).toBe(false)
  })

  test('an id_token_hint of another user than the logged-in one does not end that session', async () => {
    const bob = await codeFlow(op, WEB, { login_hint: 'bob' })
    await codeFlow(op, WEB, { login_hint: 'alice' })
    expect((await logout({ id_token_hint: bob.id_token! })).status).toBe(200)
    expect(loggedIn()).toBe(true)
  })
})

describe('what cannot be verified gets a page, never a redirect; the session stays', () => {
  let tokens: Tokens
  beforeEach(async () => {
    tokens = await codeFlow(op, WEB)
  })

  async function forged(): Promise<string> {
    return new SignJWT({ sub: 'alice', aud: 'web' })
      .setProtectedHeader({ alg: 'ES256', kid: 'forged' })
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(await crypto.subtle.importKey('jwk', CLIENT_KEYS.ES256 as JsonWebKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']))
  }

  const cases: [string, (t: Tokens) => Promise<FormInput> | FormInput][] = [
    ['an unregistered post_logout_redirect_uri', (t) => ({ id_token_hint: t.id_token!, post_logout_redirect_uri: 'https://evil.example/out' })],
    ['a post_logout_redirect_uri with an extra query', (t) => ({ id_token_hint: t.id_token!, post_logout_redirect_uri: `${POST_LOGOUT_URI}?x=1` })],
    ['the post_logout_redirect_uri of another client', (t) => ({ id_token_hint: t.id_token!, post_logout_redirect_uri: SPA.post_logout_redirect_uris![0] })],
    ['a post_logout_redirect_uri without id_token_hint or client_id', () => ({ post_logout_redirect_uri: POST_LOGOUT_URI })],
    ['a malformed id_token_hint', () => ({ id_token_hint: 'a.b.c', post_logout_redirect_uri: POST_LOGOUT_URI })],
    ['an id_token_hint that is no JWT', () => ({ id_token_hint: 'garbage', post_logout_redirect_uri: POST_LOGOUT_URI })],
    ['an id_token_hint signed with another key', async () => ({ id_token_hint: await forged(), post_logout_redirect_uri: POST_LOGOUT_URI })],
    ['an access token as id_token_hint', (t) => ({ id_token_hint: t.access_token, post_logout_redirect_uri: POST_LOGOUT_URI })],
    ['a client_id that is not the hint’s audience (§2)', (t) => ({ id_token_hint: t.id_token!, client_id: 'spa', post_logout_redirect_uri: SPA.post_logout_redirect_uris![0] })],
    ['an unknown client_id', () => ({ client_id: 'ghost', post_logout_redirect_uri: POST_LOGOUT_URI })],
    ['a repeated post_logout_redirect_uri', (t) => ({ id_token_hint: t.id_token!, post_logout_redirect_uri: [POST_LOGOUT_URI, 'https://evil.example/out'] })],
    ['a repeated state', (t) => ({ id_token_hint: t.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI, state: ['a', 'b'] })],
  ]
  test.each(cases)('%s', async (_name, params) => {
    const input = await params(tokens)
    await expectNothingStored(op, async () => {
      await expectErrorPage(await logout(input), 400)
    })
    expect(loggedIn()).toBe(true)
  })
})

describe("with the OP's pages on: the user confirms a logout that carries no id_token_hint", () => {
  test('a confirmation page carrying the request; Log out ends the session and redirects with state', async () => {
    await codeFlow(pages, WEB)
    const response = await logout({ client_id: 'web', post_logout_redirect_uri: POST_LOGOUT_URI, state: 'st-c' }, pages)
    expect(response.status).toBe(200)
    const html = await response.text()
    expect(html).toContain('Log out?')
    expect(formAction(html)).toBe(`${pages.issuer}/logout`)
    const carried = Object.fromEntries(hiddenInputs(html))
    expect(carried).toEqual({ client_id: 'web', post_logout_redirect_uri: POST_LOGOUT_URI, state: 'st-c' })
    expect(loggedIn(pages)).toBe(true)
    const confirmed = await postForm(`${pages.issuer}/logout`, { ...carried, action: 'logout' })
    expect(confirmed.status).toBe(303)
    expect(confirmed.headers.get('location')).toBe(`${POST_LOGOUT_URI}?state=st-c`)
    expect(loggedIn(pages)).toBe(false)
  })

  test('Stay logged in keeps the session and does not redirect', async () => {
    await codeFlow(pages, WEB)
    const response = await postForm(`${pages.issuer}/logout`, { client_id: 'web', post_logout_redirect_uri: POST_LOGOUT_URI, action: 'cancel' })
    expect(response.status).toBe(200)
    expect(response.headers.get('location')).toBeNull()
    expect(loggedIn(pages)).toBe(true)
    expect(await promptNone(pages)).toBeNull()
  })

  test('with a valid id_token_hint no page is needed', async () => {
    const tokens = await codeFlow(pages, WEB)
    const response = await logout({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: POST_LOGOUT_URI }, pages)
    expect(response.status).toBe(302)
    expect(loggedIn(pages)).toBe(false)
  })

  test('an unregistered URI is refused before any page', async () => {
    await codeFlow(pages, WEB)
    await expectErrorPage(await logout({ client_id: 'web', post_logout_redirect_uri: `${RP}/elsewhere` }, pages), 400)
    expect(loggedIn(pages)).toBe(true)
  })
})
