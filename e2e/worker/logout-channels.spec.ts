/**
 * Single logout in the worker: the logout page loads the RP's `frontchannel_logout_uri` in an
 * iframe, then goes on to the `post_logout_redirect_uri`; the back-channel logout token is POSTed
 * to the app's own msw handler (custom-worker.ts) before the network; a slow iframe does not hang
 * the logout.
 */
import { expect, test, type Page } from '@playwright/test'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, configure, redirectLogin, serveApp, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

let served: ServedApp
test.beforeAll(async () => {
  served = await serveApp({ name: 'logout-channels', plugin: { entry: 'custom-worker.ts' } })
})
test.afterAll(async () => served?.close())

/** The test page's client, with both logout URIs. */
function spaClient(origin: string) {
  return {
    client_id: 'spa',
    redirect_uris: [`${origin}/callback`, `${origin}/silent`, `${origin}/popup`],
    post_logout_redirect_uris: [`${origin}/`],
    token_endpoint_auth_method: 'none' as const,
    grant_types: ['authorization_code', 'refresh_token'],
    frontchannel_logout_uri: `${origin}/rp/fc-logout`,
    frontchannel_logout_session_required: true,
    backchannel_logout_uri: `${origin}/api/backchannel-logout`,
  }
}

async function logInAndOut(page: Page): Promise<void> {
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  await page.getByRole('button', { name: 'Log out' }).click()
}

test('logout: the RP iframe is loaded with iss and sid, then the post_logout_redirect_uri; the back-channel POST reaches the app handler', async ({ page, context }) => {
  await configure(context, { worker: { clients: [spaClient(served.origin)] } })
  const iframes: string[] = []
  await context.route('**/rp/fc-logout?**', (route) => {
    iframes.push(route.request().url())
    return route.fulfill({ contentType: 'text/html', body: '<p>RP logged out</p>' })
  })
  await logInAndOut(page)
  await page.waitForURL(`${served.origin}/`)
  await appReady(page)
  await expect(page.getByRole('status')).toHaveText('Logged out')

  expect(iframes).toHaveLength(1)
  const url = new URL(iframes[0]!)
  expect(url.searchParams.get('iss')).toBe(`${served.origin}/oidc`)
  expect(url.searchParams.get('sid')).toMatch(/.+/)
  // The worker's log holds the delivery: the app's handler answered 202 (the network would not).
  await expect
    .poll(async () => (await page.evaluate(() => window.app.op!.events())).filter((m) => m.event.endpoint === 'backchannel_logout').map((m) => m.event.status))
    .toEqual([202])
})

test('a slow RP iframe does not hang the logout: the page moves on by itself', async ({ page, context }) => {
  await configure(context, { worker: { clients: [spaClient(served.origin)] } })
  let held = 0
  // Never answered: the page's own bound (5 s) moves it on.
  await context.route('**/rp/fc-logout?**', () => void held++)
  await logInAndOut(page)
  await page.waitForURL(`${served.origin}/`, { timeout: 15_000 })
  expect(held).toBe(1)
  await appReady(page)
  await expect(page.getByRole('status')).toHaveText('Logged out')
})
