/**
 * Session Management 1.0 in the worker: oidc-client-ts's `monitorSession` loads the OP's
 * `check_session_iframe` (same origin, answered in the worker) and sees `userSignedOut` after
 * `op.endSession` or a logout in another tab; several accounts and `prompt=select_account`.
 */
import { expect, test, type Page } from '@playwright/test'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, configure, redirectLogin, serveApp, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

let served: ServedApp
test.beforeAll(async () => {
  served = await serveApp({ name: 'ready-made' })
})
test.afterAll(async () => served?.close())

/** Logs in with monitorSession on; resolves once the check_session_iframe answered `unchanged`. */
async function monitoredLogin(page: Page): Promise<void> {
  await configure(page.context(), { monitorSession: true })
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  await appReady(page)
  expect(await page.evaluate(() => window.app.user!.session_state)).toMatch(/^[0-9a-f]{64}\./)
  await page.evaluate(() => {
    const state = window as unknown as { signedOut?: boolean }
    window.app.manager!.events.addUserSignedOut(() => {
      state.signedOut = true
    })
  })
  // The RP's hidden iframe is the OP's page, served by the worker.
  await expect.poll(() => page.frames().some((frame) => frame.url() === `${served.origin}/oidc/check_session`)).toBe(true)
  // A few polls pass with nothing to report.
  await page.waitForTimeout(2500)
  expect(await page.evaluate(() => (window as unknown as { signedOut?: boolean }).signedOut)).toBeUndefined()
}

const signedOut = (page: Page) => page.evaluate(() => (window as unknown as { signedOut?: boolean }).signedOut === true)

test('monitorSession: userSignedOut after op.endSession', async ({ page }) => {
  await monitoredLogin(page)
  await page.evaluate(async () => {
    const sid = window.app.user!.profile.sid as string
    if (!(await window.app.op!.endSession(sid))) throw new Error('no such session')
  })
  await expect.poll(() => signedOut(page), { timeout: 10_000 }).toBe(true)
})

test('monitorSession: userSignedOut after a logout in another tab', async ({ page, context }) => {
  await monitoredLogin(page)
  const other = await context.newPage()
  await other.goto(`${served.origin}/oidc/logout`)
  await expect(other.getByRole('heading')).toHaveText('Logged out')
  await expect.poll(() => signedOut(page), { timeout: 10_000 }).toBe(true)
})

test('two accounts in the worker, prompt=select_account lists both and picks one', async ({ page }) => {
  await configure(page.context(), { worker: { interaction: 'prompt' } })
  await page.goto(served.origin)
  await appReady(page)
  await page.evaluate(() => void window.app.manager!.signinRedirect({ login_hint: 'alice', prompt: 'login' }))
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('status')).toHaveText(/Logged in as Alice Example/)
  await appReady(page)
  await page.evaluate(() => void window.app.manager!.signinRedirect({ prompt: 'login', login_hint: 'bob' }))
  await page.getByRole('button', { name: 'Continue' }).click()
  await expect(page.getByRole('status')).toHaveText(/Logged in as Bob Builder/)
  await appReady(page)
  await page.evaluate(() => void window.app.manager!.signinRedirect({ prompt: 'select_account' }))
  await expect(page.getByRole('heading', { name: 'Choose an account' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Use another account' })).toBeVisible()
  await page.getByRole('button', { name: 'Alice Example (alice)' }).click()
  await expect(page.getByRole('status')).toHaveText(/Logged in as Alice Example/)
  await appReady(page)
  const dump = await page.evaluate(() => window.app.op!.dump())
  expect(Object.values(dump.sessions).map((s) => s.sub).sort()).toEqual(['alice', 'bob'])
})
