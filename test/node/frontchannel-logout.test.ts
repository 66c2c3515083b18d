/**
 * Front-channel logout (OpenID Connect Front-Channel Logout 1.0): after the end-session endpoint
 * ends a session, its page holds one `<iframe src>` per RP of the session (with `iss` and `sid`
 * where required), and moves on to the `post_logout_redirect_uri` by script and by meta refresh.
 */
import { beforeEach, describe, expect, test } from 'vitest'
import { codeFlow, createOp, ISSUER, POST_LOGOUT_URI, RP, SPA, useMsw, WEB, type TestClient } from './_helpers.js'

const FC_WEB: TestClient = { ...WEB, client_name: 'Web <App>', frontchannel_logout_uri: `${RP}/fc-logout?app=web` }
const FC_SPA: TestClient = { ...SPA, frontchannel_logout_uri: `${RP}/spa-fc-logout`, frontchannel_logout_session_required: true }

const op = createOp({ clients: [FC_WEB, FC_SPA] })
useMsw(op)
beforeEach(() => {
  op.reset()
  op.clock.reset()
})

function logout(params: Record<string, string>): Promise<Response> {
  return fetch(`${ISSUER}/logout?${new URLSearchParams(params)}`, { redirect: 'manual' })
}

function iframeSources(html: string): string[] {
  return [...html.matchAll(/<iframe src="([^"]*)"/g)].map((match) => match[1]!.replace(/&amp;/g, '&'))
}

function sidOf(idToken: string): string {
  return JSON.parse(atob(idToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sid as string
}

test('discovery publishes frontchannel_logout_supported and frontchannel_logout_session_supported', async () => {
  const metadata = (await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()) as Record<string, unknown>
  expect(metadata).toMatchObject({ frontchannel_logout_supported: true, frontchannel_logout_session_supported: true })
})

describe('the logout page', () => {
  test('one iframe per RP of the session, iss and sid only where required, then on to post_logout_redirect_uri', async () => {
    await codeFlow(op, FC_WEB)
    const tokens = await codeFlow(op, FC_SPA)
    const sid = sidOf(tokens.id_token!)
    const response = await logout({ client_id: WEB.client_id, post_logout_redirect_uri: POST_LOGOUT_URI, state: 's<1>' })
    expect(response.status).toBe(200)
    expect(op.dump().agent_session).toBeNull()
    const html = await response.text()
    expect(iframeSources(html)).toEqual([`${RP}/fc-logout?app=web`, `${RP}/spa-fc-logout?${new URLSearchParams({ iss: ISSUER, sid })}`])
    const next = `${POST_LOGOUT_URI}?state=s%3C1%3E`
    // Bounded: a meta refresh moves on by itself; the script moves on once every iframe loaded.
    expect(html).toContain(`<meta http-equiv="refresh" content="5;url=${next}">`)
    expect(html).toMatch(/<script nonce="[^"]+">[\s\S]*location\.replace\("https:\/\/rp\.example\.test\/logged-out\?state=s%3C1%3E"\)/)
    expect(html).toContain('title="Logout of Web &lt;App&gt;"')
    const csp = response.headers.get('content-security-policy')!
    expect(csp).toContain(`frame-src ${RP}`)
    expect(csp).toMatch(/script-src 'nonce-[^']+'/)
    expect(response.headers.get('cache-control')).toMatch(/no-store/)
  })

  test('without a post_logout_redirect_uri the page stays: iframes, no script, no refresh', async () => {
    await codeFlow(op, FC_WEB)
    const html = await (await logout({})).text()
    expect(iframeSources(html)).toEqual([`${RP}/fc-logout?app=web`])
    expect(html).not.toContain('<script')
    expect(html).not.toContain('http-equiv')
  })

  test('RPs without a frontchannel_logout_uri get no iframe; none at all keeps the plain redirect', async () => {
    op.addClient(WEB)
    await codeFlow(op, WEB)
    const response = await logout({ client_id: WEB.client_id, post_logout_redirect_uri: POST_LOGOUT_URI })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(POST_LOGOUT_URI)
  })

  test('no session: the usual answer, no iframe', async () => {
    const response = await logout({ client_id: WEB.client_id, post_logout_redirect_uri: POST_LOGOUT_URI })
    expect(response.status).toBe(302)
  })

  test('a cookie-bound session: the page clears the session cookie', async () => {
    const cookieOp = createOp({ issuer: 'https://cookies.example.test', sessionBinding: 'cookie', clients: [FC_WEB] })
    const authorize = await cookieOp.handle(
      new Request(`${cookieOp.issuer}/authorize?${new URLSearchParams({ client_id: WEB.client_id, redirect_uri: WEB.redirect_uris![0]!, response_type: 'code', scope: 'openid', state: 'x' })}`),
    )
    const cookie = authorize.headers.get('set-cookie')!.split(';')[0]!
    const response = await cookieOp.handle(new Request(`${cookieOp.issuer}/logout?client_id=web&post_logout_redirect_uri=${encodeURIComponent(POST_LOGOUT_URI)}`, { headers: { cookie } }))
    expect(iframeSources(await response.text())).toHaveLength(1)
    expect(response.headers.get('set-cookie')).toMatch(/max-age=0|expires=/i)
  })
})

describe('metadata', () => {
  test.each([
    [{ frontchannel_logout_uri: 'https://elsewhere.example.test/logout' }, 'frontchannel_logout_uri'],
    [{ frontchannel_logout_uri: `${RP}/logout#x` }, 'frontchannel_logout_uri'],
    [{ frontchannel_logout_uri: 'data:text/html,hi' }, 'frontchannel_logout_uri'],
    [{ frontchannel_logout_uri: `${RP}/logout`, frontchannel_logout_session_required: 1 }, 'frontchannel_logout_session_required'],
  ])('refused metadata %j names %s', (bad, field) => {
    expect(() => op.addClient({ ...WEB, client_id: 'bad', ...(bad as object) })).toThrow(field)
    expect(op.dump().clients.bad).toBeUndefined()
  })
})
