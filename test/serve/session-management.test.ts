/**
 * Session Management and several accounts over `msw-oidc-provider serve`: real sockets, the
 * browser's session cookie in a jar; the check_session_iframe page and the browser state it reads.
 */
import * as client from 'openid-client'
import { beforeAll, expect, test } from 'vitest'
import { sessionState } from '../../src/add-ons/session-management/session-state.js'
import { CookieJar, ensureBuilt, serve } from './_cli.js'

beforeAll(ensureBuilt, 180_000)
const REDIRECT_URI = 'http://localhost:3000/callback'

test('session_state over http, two accounts in one cookie, the browser state per cookie, logout of one', async () => {
  const server = await serve()
  try {
    const config = await client.discovery(new URL(server.issuer), 'app', undefined, client.ClientSecretBasic('app-secret'), { execute: [client.allowInsecureRequests] })
    expect(config.serverMetadata().check_session_iframe).toBe(`${server.issuer}/check_session`)
    const jar = new CookieJar()
    const browserState = async (fetcher: { fetch(url: string): Promise<Response> }) =>
      ((await (await fetcher.fetch(`${server.issuer}/check_session?op_browser_state`)).json()) as { browser_state: string }).browser_state
    async function login(extra: Record<string, string>) {
      const state = client.randomState()
      const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', state, ...extra })
      const location = new URL((await jar.fetch(url)).headers.get('location')!)
      const tokens = await client.authorizationCodeGrant(config, location, { expectedState: state })
      return { tokens, session_state: location.searchParams.get('session_state')! }
    }
    const alice = await login({ login_hint: 'alice' })
    const bob = await login({ login_hint: 'bob', prompt: 'login' })
    const salt = bob.session_state.split('.')[1]!
    expect(sessionState('app', 'http://localhost:3000', await browserState(jar), salt)).toBe(bob.session_state)
    expect(await browserState({ fetch: (url) => fetch(url) })).not.toBe(await browserState(jar))

    const back = await login({ prompt: 'none', id_token_hint: alice.tokens.id_token! })
    expect(back.tokens.claims()?.sub).toBe('alice')

    const page = await fetch(`${server.issuer}/check_session`)
    expect(page.headers.get('x-frame-options')).toBeNull()
    expect(await page.text()).toContain("addEventListener('message'")

    const before = await browserState(jar)
    const logout = new URL(`${server.issuer}/logout`)
    logout.search = new URLSearchParams({ id_token_hint: alice.tokens.id_token!, post_logout_redirect_uri: 'http://localhost:3000/' }).toString()
    expect((await jar.fetch(logout)).status).toBe(302)
    expect(await browserState(jar)).not.toBe(before)
    expect((await login({ prompt: 'none' })).tokens.claims()?.sub).toBe('bob')
  } finally {
    expect(await server.stop()).toBe(0)
  }
})
