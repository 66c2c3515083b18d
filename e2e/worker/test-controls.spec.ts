/**
 * The test controls through the page's handle, across `postMessage`, against an app (oidc-client-ts)
 * whose requests the worker answers: the clock expires the app's token, faults reach the app's
 * fetch (both across a worker restart), a minted token passes the worker's UserInfo, `waitForRequest` sees the app's token
 * request; and `claimRules` (plain JSON) cross to the worker and reach the app's tokens and UserInfo.
 */
import { expect, test, type Page } from '@playwright/test'
import { decodeJwt } from 'jose'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, bootId, configure, redirectLogin, serveApp, stopWorkers, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

let served: ServedApp
test.beforeAll(async () => {
  served = await serveApp({ name: 'ready-made' })
})
test.afterAll(async () => served?.close())

/** UserInfo as the app's own fetch gets it, with `token` (the app's access token by default). */
function userinfoFromPage(page: Page, token?: string): Promise<{ status: number; challenge: string | null; body: Record<string, unknown> }> {
  return page.evaluate(async (given) => {
    const token = given ?? window.app.user!.access_token
    const response = await fetch(`${window.app.op!.issuer}/userinfo`, { headers: { authorization: `Bearer ${token}` } })
    return { status: response.status, challenge: response.headers.get('www-authenticate'), body: (await response.json()) as Record<string, unknown> }
  }, token)
}

/** Logs in with a refresh token (offline_access), so that Renew is a refresh_token grant. */
async function loginWithRefreshToken(page: Page): Promise<void> {
  await configure(page.context(), { scope: 'openid profile email offline_access' })
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  expect(await page.evaluate(() => window.app.user!.refresh_token)).toBeTruthy()
}

/** Clicks Renew and waits until the app shows an error, or holds a new access token. */
async function renew(page: Page): Promise<{ error?: { code?: string; message: string; error?: string }; renewed: boolean }> {
  const before = await page.evaluate(() => {
    window.app.error = undefined
    return window.app.user!.access_token
  })
  await page.getByRole('button', { name: 'Renew' }).click()
  await page.waitForFunction((old) => !!window.app.error || window.app.user?.access_token !== old, before)
  return page.evaluate((old) => ({ ...(window.app.error ? { error: window.app.error } : {}), renewed: window.app.user?.access_token !== old }), before)
}

test('clock.advance expires the token the app holds, a restarted worker too; clock.reset brings it back', async ({ page }) => {
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  expect((await userinfoFromPage(page)).status).toBe(200)

  await page.evaluate(() => window.app.op!.clock.advance(3601))
  const expired = await userinfoFromPage(page)
  expect(expired.status).toBe(401)
  expect(expired.challenge).toContain('error="invalid_token"')
  // The clock is saved with the state: a worker the browser stopped and started again does not revive the token.
  const before = await bootId(page)
  await stopWorkers(page)
  expect((await userinfoFromPage(page)).status).toBe(401)
  expect(await bootId(page)).not.toBe(before)

  await page.evaluate(() => window.app.op!.clock.reset())
  expect((await userinfoFromPage(page)).status).toBe(200)
  // clock.set takes a Date across postMessage as well as ms.
  await page.evaluate(() => window.app.op!.clock.set(new Date(Date.now() + 2 * 3600_000)))
  expect((await userinfoFromPage(page)).status).toBe(401)
  await page.evaluate(() => window.app.op!.clock.set(Date.now()))
  expect((await userinfoFromPage(page)).status).toBe(200)
})

test('failNext(token): an invalid_grant answer and a network error reach the app’s refresh; the next one works', async ({ page }) => {
  await loginWithRefreshToken(page)

  await page.evaluate(() => window.app.op!.failNext('token', { error: 'invalid_grant', error_description: 'refused by the test' }, { where: { grant_type: 'refresh_token' } }))
  const refused = await renew(page)
  expect(refused.renewed).toBe(false)
  expect(refused.error).toMatchObject({ error: 'invalid_grant', message: expect.stringContaining('refused by the test') })

  await page.evaluate(() => window.app.op!.failNext('token', { networkError: true }))
  const offline = await renew(page)
  expect(offline.renewed).toBe(false)
  expect(offline.error?.message).toMatch(/network|fetch/i)

  // Each fault was for one request: the refresh token still works (a fault changes no state).
  expect(await renew(page)).toEqual({ renewed: true })

  // A wrong fault is refused through the handle, naming the field.
  const wrong = await page.evaluate(() => window.app.op!.failNext('token', { status: 1 }).then(() => undefined, (error: { code?: string; field?: string }) => ({ code: error.code, field: error.field })))
  expect(wrong).toEqual({ code: 'invalid_configuration', field: 'fault.status' })
})

test('failNext with times: Infinity crosses postMessage and lasts until clearFaults', async ({ page }) => {
  await loginWithRefreshToken(page)
  await page.evaluate(() => window.app.op!.failNext('token', { status: 503, body: 'down' }, { times: Infinity }))
  expect((await renew(page)).renewed).toBe(false)
  expect((await renew(page)).renewed).toBe(false)
  await page.evaluate(() => window.app.op!.clearFaults())
  expect(await renew(page)).toEqual({ renewed: true })
})

test('a fault armed before the browser stops the worker still fails the app’s request after the restart, its count carried on', async ({ page }) => {
  await loginWithRefreshToken(page)
  await page.evaluate(() => window.app.op!.failNext('token', { error: 'temporarily_unavailable', error_description: 'down for the test', status: 503 }, { times: 2, where: { grant_type: 'refresh_token' } }))
  expect((await renew(page)).renewed).toBe(false)
  // Saved beside the state in IndexedDB, as the clock is: the restarted worker arms the one left.
  const before = await bootId(page)
  await stopWorkers(page)
  const second = await renew(page)
  expect(await bootId(page)).not.toBe(before)
  expect(second.renewed).toBe(false)
  expect(second.error).toMatchObject({ error: 'temporarily_unavailable', message: expect.stringContaining('down for the test') })
  expect(await renew(page)).toEqual({ renewed: true })
})

test('waitForRequest(token) resolves with the app’s token request; it rejects on timeout with what arrived', async ({ page }) => {
  await loginWithRefreshToken(page)
  await page.evaluate(async () => {
    const op = window.app.op!
    const state = window as unknown as { waiting: Promise<unknown> }
    state.waiting = op.waitForRequest('token', { where: { grant_type: 'refresh_token' }, timeout: 15_000 })
    // The worker answers calls in order: once this one is back, the wait is listening.
    await op.info()
  })
  await page.getByRole('button', { name: 'Renew' }).click()
  const event = await page.evaluate(() => (window as unknown as { waiting: Promise<{ endpoint: string; status: number; client_id?: string; params?: Record<string, string> }> }).waiting)
  expect(event).toMatchObject({ endpoint: 'token', status: 200, client_id: 'spa', params: { grant_type: 'refresh_token' } })
  expect(JSON.stringify(event)).not.toContain(await page.evaluate(() => window.app.user!.refresh_token!))

  const timedOut = await page.evaluate(() => window.app.op!.waitForRequest('token', { timeout: 300 }).then(() => 'resolved', (error: Error) => error.message))
  expect(timedOut).toMatch(/none within 300 ms; arrived: /)
  // A timeout no timer can hold is refused by the worker, not cut short by the page's timer.
  const endless = await page.evaluate(() => window.app.op!.waitForRequest('token', { timeout: Infinity }).then(() => 'resolved', (error: Error) => error.message))
  expect(endless).toMatch(/options\.timeout/)
})

test('issueToken: a token minted through the handle passes the worker’s UserInfo, no flow run', async ({ page }) => {
  await page.goto(served.origin)
  await appReady(page)
  const token = await page.evaluate(() => window.app.op!.issueToken({ client_id: 'spa', sub: 'bob', scope: 'openid email' }))
  expect(decodeJwt(token)).toMatchObject({ sub: 'bob', client_id: 'spa', iss: `${served.origin}/oidc` })
  const answer = await userinfoFromPage(page, token)
  expect(answer).toMatchObject({ status: 200, body: { sub: 'bob', email: 'bob@example.com' } })
  const denied = await page.evaluate(() => window.app.op!.issueToken({ client_id: 'nobody' }).then(() => 'issued', (error: Error) => error.message))
  expect(denied).toMatch(/client_id/)
})

test('claimRules cross to the worker: the app’s ID token, access token and UserInfo carry them', async ({ page, context }) => {
  await configure(context, {
    worker: {
      claimRules: [
        { match: { client_id: 'spa', login_hint: 'alice@example.com' }, claims: { roles: ['admin'], tenant: 'acme' } },
        { claims: { from_userinfo: true }, targets: ['userinfo'] },
        { match: { sub: 'bob' }, claims: { roles: ['guest'] } },
      ],
    },
  })
  await page.goto(served.origin)
  expect((await appReady(page)).error).toBeUndefined()
  await redirectLogin(page)
  const user = await page.evaluate(() => ({ id_token: window.app.user!.id_token!, access_token: window.app.user!.access_token, profile: window.app.user!.profile }))
  expect(decodeJwt(user.id_token)).toMatchObject({ sub: 'alice', roles: ['admin'], tenant: 'acme' })
  expect(decodeJwt(user.id_token)).not.toHaveProperty('from_userinfo')
  expect(decodeJwt(user.access_token)).toMatchObject({ sub: 'alice', roles: ['admin'], tenant: 'acme' })
  // oidc-client-ts merged the UserInfo answer into the profile.
  expect(user.profile).toMatchObject({ sub: 'alice', roles: ['admin'], tenant: 'acme', from_userinfo: true })

  // A bad rule is refused by the worker, naming the field.
  const refused = await page.evaluate(() => window.app.op!.configure({ claimRules: [{ claims: { nonce: 'n' } }] }).then(() => undefined, (error: { code?: string; field?: string }) => ({ code: error.code, field: error.field })))
  expect(refused).toEqual({ code: 'invalid_configuration', field: 'claimRules[0].claims.nonce' })
})
