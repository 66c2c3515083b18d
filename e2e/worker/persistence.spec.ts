/**
 * A worker the browser stops loses nothing: the OP (configuration, keys, clients, sessions, codes,
 * tokens) is in IndexedDB and the next start restores it. Chrome stops idle workers after ~30 s;
 * Playwright keeps them alive, so the tests stop them with CDP `ServiceWorker.stopAllWorkers`.
 */
import { expect, test } from '@playwright/test'
import { decodeProtectedHeader } from 'jose'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, bootId, completeLoginAfterRestart, configure, messages, redirectLogin, serveApp, stopWorkers, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

let served: ServedApp
test.beforeAll(async () => {
  served = await serveApp({ name: 'ready-made' })
})
test.afterAll(async () => served?.close())

test('the worker stopped between authorize and token: the code is still redeemable', async ({ page, context }) => {
  await configure(context, { manualCallback: true })
  await page.goto(served.origin)
  await appReady(page)
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
  const { before, after } = await completeLoginAfterRestart(page, 'Alice Example')
  expect(after).not.toBe(before)
  const token = (await messages(page, 'request')).find((m) => m.event.endpoint === 'token')
  expect(token).toEqual(expect.objectContaining({ bootId: after }))
  expect(token!.event.status).toBe(200)
  const started = (await messages(page, 'started')).find((m) => m.bootId === after)
  expect(started?.restored).toBe(true)
  // The log of requests survived too, numbered on across the restart.
  const log = await page.evaluate(() => window.app.op!.events())
  const authorization = log.find((m) => m.event.endpoint === 'authorization')
  expect(authorization).toEqual(expect.objectContaining({ bootId: before }))
  expect(token!.seq).toBeGreaterThan(authorization!.seq)
  await page.evaluate(() => window.app.op!.clearEvents())
  expect(await page.evaluate(() => window.app.op!.events())).toEqual([])
})

test('the worker stopped between login and refresh: tokens still validate, the refresh token works', async ({ page, context }) => {
  await configure(context, { scope: 'openid profile email offline_access' })
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  const first = await page.evaluate(() => ({ ...window.app.user! }))
  expect(first.refresh_token).toBeTruthy()
  const before = await bootId(page)

  await stopWorkers(page)
  // The access token issued before the stop still works at UserInfo (keys and token records were saved).
  const userinfo = await page.evaluate(async (token) => {
    const response = await fetch('/oidc/userinfo', { headers: { authorization: `Bearer ${token}` } })
    return { status: response.status, body: (await response.json()) as { sub: string } }
  }, first.access_token)
  expect(userinfo).toEqual({ status: 200, body: expect.objectContaining({ sub: 'alice' }) })
  expect(await bootId(page)).not.toBe(before)

  await stopWorkers(page)
  await page.getByRole('button', { name: 'Renew' }).click() // a refresh_token grant
  await expect.poll(() => page.evaluate(() => window.app.user?.access_token)).not.toBe(first.access_token)
  await expect(page.getByRole('alert')).toBeEmpty()
  const second = await page.evaluate(() => ({ ...window.app.user! }))
  expect(second.refresh_token).not.toBe(first.refresh_token) // rotated
  expect(decodeProtectedHeader(second.id_token!).kid).toBe(decodeProtectedHeader(first.id_token!).kid)
  const refresh = (await messages(page, 'request')).filter((m) => m.event.endpoint === 'token').at(-1)
  expect(refresh?.event.status).toBe(200)
})

test('a worker the browser restarts serves at once, before any page sends it a configuration', async ({ page, context }) => {
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  await stopWorkers(page)

  // A new tab that loads no app code: the navigation itself starts the worker.
  const tab = await context.newPage()
  const response = await tab.goto(`${served.origin}/oidc/.well-known/openid-configuration`)
  expect(response?.status()).toBe(200)
  expect(response?.fromServiceWorker()).toBe(true)
  expect(((await response?.json()) as { issuer: string }).issuer).toBe(`${served.origin}/oidc`)
  // …and it still holds the session: a prompt=none authorization in that tab gets a code.
  const authorize = new URL(`${served.origin}/oidc/authorize`)
  authorize.search = new URLSearchParams({
    client_id: 'spa',
    redirect_uri: `${served.origin}/silent`,
    response_type: 'code',
    scope: 'openid',
    prompt: 'none',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
  }).toString()
  await tab.goto(authorize.href)
  expect(new URL(tab.url()).searchParams.get('code')).toBeTruthy()
})

test('a changed configuration: new users and settings apply at once, the session and tokens stay', async ({ page }) => {
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  const accessToken = await page.evaluate(() => window.app.user!.access_token)

  const result = await page.evaluate(async () => {
    const op = window.app.op!
    const current = await op.dump()
    await op.putUser({ sub: 'dave', name: 'Dave, added at run time' })
    return op.configure({
      clients: Object.values(current.clients).map(({ client_id_issued_at: _at, ...metadata }) => metadata),
      users: [...current.users.filter((u) => u.sub !== 'dave'), { sub: 'carol', name: 'Carol Configured' }],
      ttl: { AccessToken: 120 },
    })
  })
  expect(result.outcome).toBe('updated')

  await page.evaluate(() => window.app.manager!.removeUser())
  await page.getByRole('button', { name: 'Renew' }).click() // the session survived: prompt=none works
  await expect.poll(() => page.evaluate(() => window.app.user?.access_token)).not.toBe(accessToken)
  await expect(page.getByRole('alert')).toBeEmpty()
  const renewed = await page.evaluate(() => ({ expiresIn: window.app.user!.expires_in!, token: window.app.user!.access_token }))
  expect(renewed.expiresIn).toBeLessThanOrEqual(120) // the new lifetime
  const still = await page.evaluate(async (token) => (await fetch('/oidc/userinfo', { headers: { authorization: `Bearer ${token}` } })).status, accessToken)
  expect(still).toBe(200) // the token from before the change

  const users = async () => (await page.evaluate(() => window.app.op!.dump())).users.map((u) => u.sub)
  expect(await users()).toEqual(['alice', 'bob', 'dave', 'carol'])
  // The page loads again with its own configuration: carol (configured, now unlisted) goes, dave (run time) stays.
  await page.goto(served.origin)
  await appReady(page)
  expect(await page.evaluate(() => window.app.op!.started.outcome)).toBe('updated')
  expect(await users()).toEqual(['alice', 'bob', 'dave'])
})
