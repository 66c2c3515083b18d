/**
 * Real browser flows against the OP in the service worker: oidc-client-ts in Chromium, with no
 * backend but Vite serving the page. Every OP request (the authorize navigation, iframes, popups,
 * fetches) is answered inside the worker; the page's `subscribe` sees each one.
 */
import { expect, test } from '@playwright/test'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, configure, messages, redirectLogin, serveApp, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

let served: ServedApp
test.beforeAll(async () => {
  served = await serveApp({ name: 'ready-made' })
})
test.afterAll(async () => served?.close())

test('redirect login: the authorize navigation and the token request are answered in the worker', async ({ page }) => {
  const documents: { url: string; fromServiceWorker: boolean }[] = []
  page.on('response', (response) => {
    if (response.request().isNavigationRequest()) documents.push({ url: response.url(), fromServiceWorker: response.fromServiceWorker() })
  })
  await page.goto(served.origin)
  const state = await appReady(page)
  expect(state.error).toBeUndefined()
  await redirectLogin(page)

  const authorize = documents.find((d) => d.url.startsWith(`${served.origin}/oidc/authorize`))
  expect(authorize).toEqual(expect.objectContaining({ fromServiceWorker: true }))
  const answered = (await messages(page, 'request')).map((m) => `${m.event.endpoint} ${m.event.status}`)
  // The callback page subscribed after its own startWorker: it sees the token exchange and UserInfo.
  expect(answered).toEqual(expect.arrayContaining(['token 200', 'userinfo 200']))
  // The worker's log also has what no page heard: the authorize navigation, while the app was unloaded.
  const log = await page.evaluate(() => window.app.op!.events())
  expect(log.map((m) => `${m.event.endpoint} ${m.event.status}`)).toEqual(
    expect.arrayContaining(['provider_config 200', 'authorization 302', 'token 200', 'userinfo 200']),
  )
  expect(log.map((m) => m.seq)).toEqual(log.map((_, i) => log[0]!.seq + i))
  const live = (await messages(page, 'request')).map((m) => m.seq)
  expect(log.map((m) => m.seq)).toEqual(expect.arrayContaining(live))
  const dump = await page.evaluate(() => window.app.op!.dump())
  expect(Object.values(dump.sessions).map((s) => s.sub)).toEqual(['alice'])
  expect(dump.agent_session).toBe(Object.keys(dump.sessions)[0])
})

test('silent renew with prompt=none in a hidden iframe', async ({ page }) => {
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  const before = await page.evaluate(() => window.app.user!.access_token)
  // No refresh token (no offline_access), so oidc-client-ts renews through an iframe.
  expect(await page.evaluate(() => window.app.user!.refresh_token)).toBeFalsy()

  await page.getByRole('button', { name: 'Renew' }).click()
  await expect.poll(() => page.evaluate(() => window.app.user?.access_token)).not.toBe(before)
  await expect(page.getByRole('alert')).toBeEmpty()
  const renew = (await messages(page, 'request')).find((m) => m.event.endpoint === 'authorization')
  expect(renew?.event.params?.prompt).toBe('none')
  expect(renew?.event.status).toBe(302)
  expect(page.frames().length).toBe(1) // oidc-client-ts removed its iframe
})

test('popup login', async ({ page }) => {
  await page.goto(served.origin)
  await appReady(page)
  const popup = page.waitForEvent('popup')
  await page.getByRole('button', { name: 'Log in with a popup' }).click()
  await (await popup).waitForEvent('close')
  await expect(page.getByRole('status')).toHaveText('Logged in as Alice Example (alice)')
  await expect(page).toHaveURL(`${served.origin}/`)
})

test('prompt=none in a popup: the worker session answers without a page', async ({ page }) => {
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  const before = await page.evaluate(() => window.app.user!.access_token)
  const popup = page.waitForEvent('popup')
  const renewed = page.evaluate(async () => {
    const user = await window.app.manager!.signinPopup({ prompt: 'none' })
    return { sub: user.profile.sub, token: user.access_token }
  })
  await (await popup).waitForEvent('close')
  const { sub, token } = await renewed
  expect(sub).toBe('alice')
  expect(token).not.toBe(before)
  const silent = (await messages(page, 'request')).filter((m) => m.event.endpoint === 'authorization').at(-1)
  expect(silent?.event).toEqual(expect.objectContaining({ status: 302, params: expect.objectContaining({ prompt: 'none' }) }))
})

test('logout ends the session: prompt=none then gives login_required', async ({ page }) => {
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  await page.getByRole('button', { name: 'Log out' }).click()
  await page.waitForURL(`${served.origin}/`) // post_logout_redirect_uri
  await appReady(page)
  await expect(page.getByRole('status')).toHaveText('Logged out')
  expect((await page.evaluate(() => window.app.op!.dump())).agent_session).toBeNull()

  await page.getByRole('button', { name: 'Renew' }).click()
  await expect(page.getByRole('alert')).toHaveText(/login_required/)
})

test('a second tab shares the session, and every page hears every request', async ({ page, context }) => {
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)

  const second = await context.newPage()
  await second.goto(served.origin)
  const started = await appReady(second)
  expect(started.error).toBeUndefined()
  await expect(second.getByRole('status')).toHaveText('Logged in as Alice Example (alice)') // oidc-client-ts's stored user
  await second.evaluate(() => window.app.manager!.removeUser())
  await second.getByRole('button', { name: 'Renew' }).click() // prompt=none: no login page, no choice
  await expect(second.getByRole('status')).toHaveText('Logged in as Alice Example (alice)')
  await expect(second.getByRole('alert')).toBeEmpty()

  // The first tab's subscriber saw the second tab's silent authorization.
  await expect
    .poll(async () => (await messages(page, 'request')).some((m) => m.event.endpoint === 'authorization' && m.event.params?.prompt === 'none'))
    .toBe(true)
  // …and the state after it: two access tokens now, one per tab.
  await expect.poll(async () => Object.keys((await messages(page, 'state')).at(-1)?.state.tokens ?? {}).length).toBe(2)
})

test('after a hard reload the page starts uncontrolled; startWorker takes control again', async ({ page }) => {
  await page.goto(served.origin)
  expect((await appReady(page)).controlledAtStart).toBe(false) // first visit
  await page.reload()
  expect((await appReady(page)).controlledAtStart).toBe(true)

  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Page.reload', { ignoreCache: true })
  await page.waitForFunction(() => window.app?.controlledAtStart === false)
  const state = await appReady(page)
  expect(state.controlledAtStart).toBe(false)
  expect(state.error).toBeUndefined()
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
  await redirectLogin(page)
})

test('the worker answers only under the issuer: other requests pass through untouched', async ({ page }) => {
  await page.goto(served.origin)
  await appReady(page)
  const fromWorker = new Map<string, boolean>()
  page.on('response', (response) => fromWorker.set(new URL(response.url()).pathname, response.fromServiceWorker()))
  const answers = await page.evaluate(async () => {
    const discovery = await fetch('/oidc/.well-known/openid-configuration')
    const missing = await fetch('/oidc/no-such-endpoint')
    const app = await fetch('/index.html')
    return {
      discovery: { status: discovery.status, issuer: ((await discovery.json()) as { issuer: string }).issuer },
      missing: missing.status,
      app: { status: app.status, html: (await app.text()).includes('RP test page') },
    }
  })
  expect(answers.discovery).toEqual({ status: 200, issuer: `${served.origin}/oidc` })
  expect(answers.missing).toBe(404)
  expect(answers.app).toEqual({ status: 200, html: true })
  expect(Object.fromEntries(fromWorker)).toEqual({
    '/oidc/.well-known/openid-configuration': true,
    '/oidc/no-such-endpoint': true,
    '/index.html': false,
  })
})

test('a state message comes when the state changed, not for every request', async ({ page }) => {
  await page.goto(served.origin)
  await appReady(page)
  const requests = async () => (await messages(page, 'request')).length
  const states = async () => (await messages(page, 'state')).length
  const fetchAndHear = async (path: string) => {
    const heard = await requests()
    await page.evaluate(async (p) => void (await fetch(p)), path)
    // One sender's messages arrive in order: a state message sent before this request's arrives first.
    await expect.poll(requests).toBe(heard + 1)
  }
  await fetchAndHear('/oidc/jwks') // the signing keys exist from here on
  const before = await states()
  await fetchAndHear('/oidc/.well-known/openid-configuration')
  await fetchAndHear('/oidc/jwks')
  expect(await states()).toBe(before)
  await page.evaluate(() => window.app.op!.putUser({ sub: 'zoe' }))
  await expect.poll(states).toBe(before + 1)
})

test('the handle changes the OP: revokeToken, revokeGrant, endSession, clients and users', async ({ page, context }) => {
  await configure(context, { scope: 'openid profile email offline_access' })
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  const userinfo = (token: string) =>
    page.evaluate(async (t) => (await fetch('/oidc/userinfo', { headers: { authorization: `Bearer ${t}` } })).status, token)
  const { access_token: accessToken } = await page.evaluate(() => ({ ...window.app.user! }))
  expect(await userinfo(accessToken)).toBe(200)

  const dump = await page.evaluate(() => window.app.op!.dump())
  const accessKey = Object.entries(dump.tokens).find(([, t]) => t.kind === 'access_token')![0]
  expect(await page.evaluate((key) => window.app.op!.revokeToken(key), accessKey)).toBe(true)
  expect(await userinfo(accessToken)).toBe(401)

  const grantId = Object.keys(dump.grants)[0]!
  expect(await page.evaluate((id) => window.app.op!.revokeGrant(id), grantId)).toBe(true)
  await page.getByRole('button', { name: 'Renew' }).click() // a refresh_token grant, on a revoked grant
  await expect(page.getByRole('alert')).toHaveText(/invalid_grant/)

  expect(await page.evaluate((sid) => window.app.op!.endSession(sid), dump.agent_session!)).toBe(true)
  await page.evaluate(() => window.app.manager!.removeUser())
  await page.getByRole('button', { name: 'Renew' }).click() // prompt=none in an iframe: nobody is logged in
  await expect(page.getByRole('alert')).toHaveText(/login_required/)

  const added = await page.evaluate(() =>
    window.app.op!.addClient({ client_id: 'another', client_secret: 's3cret', redirect_uris: ['http://localhost/cb'] }),
  )
  expect(added.client_id).toBe('another')
  expect(await page.evaluate(() => window.app.op!.removeUser('bob'))).toBe(true)
  const after = await page.evaluate(() => window.app.op!.dump())
  expect(Object.keys(after.clients).sort()).toEqual(['another', 'spa'])
  expect(after.users.map((u) => u.sub)).toEqual(['alice'])
  await page.evaluate(() => window.app.op!.reset())
  const reset = await page.evaluate(() => window.app.op!.dump())
  expect({ clients: Object.keys(reset.clients), users: reset.users.map((u) => u.sub), tokens: reset.tokens }).toEqual({
    clients: ['spa'],
    users: ['alice', 'bob'],
    tokens: {},
  })
})
