/**
 * Single logout over `msw-oidc-provider serve` (issue 12): the logout token POSTed over a real
 * socket to the RP's back-channel receiver (a node:http server of the test), the front-channel
 * logout page with the RP's iframe, and the check_session_iframe page's script answering
 * `unchanged` then `changed` for the browser of a cookie jar.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import * as client from 'openid-client'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CookieJar, ensureBuilt, serve, tempDir, type Served } from './_cli.js'

beforeAll(ensureBuilt, 180_000)
const dir = tempDir()
const RP = 'http://localhost:3000'

/** Logout tokens the RP's back channel received, and a promise of the next one. */
const received: { path: string; contentType: string; logoutToken: string }[] = []
let nextDelivery: (() => void) | undefined
const receiver = createServer((req: IncomingMessage, res) => {
  let body = ''
  req.on('data', (chunk: Buffer) => (body += chunk)).on('end', () => {
    received.push({ path: req.url!, contentType: req.headers['content-type'] ?? '', logoutToken: new URLSearchParams(body).get('logout_token') ?? '' })
    res.writeHead(200).end()
    nextDelivery?.()
  })
})
let backchannel: string
let server: Served
beforeAll(async () => {
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done))
  backchannel = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/backchannel-logout`
  const file = join(dir, 'single-logout.json')
  writeFileSync(
    file,
    JSON.stringify({
      clients: [
        {
          client_id: 'rp',
          client_secret: 'rp-secret',
          token_endpoint_auth_method: 'client_secret_basic',
          redirect_uris: [`${RP}/callback`],
          post_logout_redirect_uris: [`${RP}/`],
          backchannel_logout_uri: backchannel,
          backchannel_logout_session_required: true,
          frontchannel_logout_uri: `${RP}/fc-logout`,
          frontchannel_logout_session_required: true,
        },
      ],
    }),
  )
  server = await serve(['--config', file])
}, 30_000)
afterAll(async () => {
  expect(await server?.stop()).toBe(0)
  await new Promise((done) => receiver.close(done))
})

/** Logs the jar's browser in with openid-client; the tokens and the authorization response. */
async function logIn(jar: CookieJar) {
  const config = await client.discovery(new URL(server.issuer), 'rp', undefined, client.ClientSecretBasic('rp-secret'), { execute: [client.allowInsecureRequests] })
  const state = client.randomState()
  const location = new URL((await jar.fetch(client.buildAuthorizationUrl(config, { redirect_uri: `${RP}/callback`, scope: 'openid', state }))).headers.get('location')!)
  const tokens = await client.authorizationCodeGrant(config, location, { expectedState: state })
  return { config, tokens, location }
}

/** The check_session_iframe page's script, run as the RP's iframe runs it, fetching with the jar. */
async function checkSessionFrame(jar: CookieJar) {
  const html = await (await fetch(`${server.issuer}/check_session`)).text()
  const script = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html)![1]!
  let listener: ((event: object) => Promise<void>) | undefined
  new Function('addEventListener', 'fetch', script)((_type: string, handler: typeof listener) => (listener = handler), (url: string, init: RequestInit) => jar.fetch(url, init))
  return async (data: string): Promise<string> => {
    const answers: string[] = []
    await listener!({ data, origin: RP, source: { postMessage: (message: string) => answers.push(message) } })
    return answers[0]!
  }
}

test('RP-initiated logout: the front-channel page frames the RP with iss and sid, the logout token reaches the RP over a socket, check_session turns to changed', async () => {
  const metadata = (await (await fetch(`${server.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>
  expect(metadata).toMatchObject({ backchannel_logout_supported: true, frontchannel_logout_supported: true, check_session_iframe: `${server.issuer}/check_session` })
  const jar = new CookieJar()
  const { tokens, location } = await logIn(jar)
  const sid = tokens.claims()!.sid as string
  expect(sid).toBeTruthy()

  const post = await checkSessionFrame(jar)
  const message = `rp ${location.searchParams.get('session_state')}`
  expect(await post(message)).toBe('unchanged')
  expect(await post(`spa ${location.searchParams.get('session_state')}`)).toBe('changed')

  const delivered = new Promise<void>((done) => (nextDelivery = done))
  const logout = new URL(`${server.issuer}/logout`)
  logout.search = new URLSearchParams({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${RP}/`, state: 'bye' }).toString()
  const page = await jar.fetch(logout)
  expect(page.status).toBe(200)
  const html = await page.text()
  const frames = [...html.matchAll(/<iframe src="([^"]*)"/g)].map((match) => new URL(match[1]!.replace(/&amp;/g, '&')))
  expect(frames.map((url) => `${url.origin}${url.pathname}`)).toEqual([`${RP}/fc-logout`])
  expect(Object.fromEntries(frames[0]!.searchParams)).toEqual({ iss: server.issuer, sid })
  expect(html).toContain('location.replace("http://localhost:3000/?state=bye")')
  expect(page.headers.get('content-security-policy')).toContain(`frame-src ${RP}`)

  await delivered
  expect(received).toHaveLength(1)
  expect(received[0]).toMatchObject({ path: '/backchannel-logout', contentType: expect.stringMatching(/^application\/x-www-form-urlencoded/) })
  const { payload, protectedHeader } = await jwtVerify(received[0]!.logoutToken, createRemoteJWKSet(new URL(`${server.issuer}/jwks`)), { issuer: server.issuer, audience: 'rp', typ: 'logout+jwt' })
  expect(protectedHeader.typ).toBe('logout+jwt')
  expect(payload).toMatchObject({ sub: 'alice', sid, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } })
  expect(payload).not.toHaveProperty('nonce')

  expect(await post(message)).toBe('changed')
  // The session is gone: prompt=none now needs a login.
  const config = await client.discovery(new URL(server.issuer), 'rp', undefined, client.ClientSecretBasic('rp-secret'), { execute: [client.allowInsecureRequests] })
  const silent = new URL((await jar.fetch(client.buildAuthorizationUrl(config, { redirect_uri: `${RP}/callback`, scope: 'openid', prompt: 'none' }))).headers.get('location')!)
  expect(silent.searchParams.get('error')).toBe('login_required')
})

test('a logout with no session (another browser) sends no logout token and frames no RP', async () => {
  const before = received.length
  const page = await new CookieJar().fetch(`${server.issuer}/logout?${new URLSearchParams({ client_id: 'rp', post_logout_redirect_uri: `${RP}/` })}`)
  expect(page.status).toBe(302)
  expect(page.headers.get('location')).toBe(`${RP}/`)
  // Give a wrongly sent token the time to arrive.
  await new Promise((done) => setTimeout(done, 300))
  expect(received.length).toBe(before)
})
