/**
 * The OP's own pages, served by the worker (navigations and form POSTs) and driven by role: the
 * login page (pick a user, or type a sub, edit the claims as JSON), the consent page, and the
 * logout confirmation.
 */
import { expect, test, type Page } from '@playwright/test'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, configure, serveApp, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

let served: ServedApp
test.beforeAll(async () => {
  served = await serveApp({ name: 'ready-made' })
})
test.afterAll(async () => served?.close())

async function startLogin(page: Page, prompt?: string): Promise<void> {
  if (prompt) await page.evaluate((p) => void window.app.manager!.signinRedirect({ prompt: p }), prompt)
  else await page.getByRole('button', { name: 'Log in', exact: true }).click()
}

test.describe('interaction: login', () => {
  test.beforeEach(async ({ page, context }) => {
    await configure(context, { worker: { interaction: 'login' } })
    await page.goto(served.origin)
    await appReady(page)
  })

  test('pick a configured user by role and edit the claims', async ({ page }) => {
    await startLogin(page)
    await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible()
    await expect(page.getByRole('radio', { name: /Alice Example/ })).toBeChecked()
    await page.getByRole('radio', { name: /Bob Builder/ }).check()
    const claims = page.getByRole('textbox', { name: 'Claims (JSON)' })
    await expect(claims).toHaveValue(/"Bob Builder"/) // the page's script shows the chosen user's claims
    await claims.fill(JSON.stringify({ name: 'Bob the Builder', email: 'bob@example.com', locale: 'en-GB' }))
    await page.getByRole('button', { name: 'Continue' }).click()

    await expect(page.getByRole('status')).toHaveText('Logged in as Bob the Builder (bob)')
    expect(await page.evaluate(() => window.app.user!.profile.locale)).toBe('en-GB')
    const bob = (await page.evaluate(() => window.app.op!.dump())).users.find((u) => u.sub === 'bob')
    expect(bob).toEqual({ sub: 'bob', name: 'Bob the Builder', email: 'bob@example.com', locale: 'en-GB' })
  })

  test('type a sub that is not configured; bad JSON is shown, not sent', async ({ page }) => {
    await startLogin(page)
    await page.getByRole('textbox', { name: 'Or log in as another user (sub)' }).fill('carol')
    await expect(page.getByRole('radio', { checked: true })).toHaveCount(0)
    const claims = page.getByRole('textbox', { name: 'Claims (JSON)' })
    await claims.fill('{ "name": "Carol" ')
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect(page.getByRole('alert')).toHaveText('Claims must be valid JSON.')
    await expect(page.getByRole('textbox', { name: 'Or log in as another user (sub)' })).toHaveValue('carol')

    await page.getByRole('textbox', { name: 'Claims (JSON)' }).fill('{ "name": "Carol New" }')
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect(page.getByRole('status')).toHaveText('Logged in as Carol New (carol)')
  })

  test('Cancel sends access_denied back to the app', async ({ page }) => {
    await startLogin(page)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await expect(page.getByRole('status')).toHaveText('Login failed')
    await expect(page.getByRole('alert')).toHaveText(/^access_denied/)
  })

  test('a logout without id_token_hint asks first', async ({ page }) => {
    await startLogin(page)
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect(page.getByRole('status')).toHaveText('Logged in as Alice Example (alice)')

    await page.goto(`${served.origin}/oidc/logout`)
    await expect(page.getByRole('heading', { name: 'Log out?' })).toBeVisible()
    await page.getByRole('button', { name: 'Log out' }).click()
    await expect(page.getByRole('heading', { name: 'Logged out' })).toBeVisible()
    await page.goto(served.origin)
    await appReady(page)
    expect((await page.evaluate(() => window.app.op!.dump())).agent_session).toBeNull()
  })
})

test.describe('interaction: prompt', () => {
  test.beforeEach(async ({ page, context }) => {
    await configure(context, { worker: { interaction: 'prompt' } })
    await page.goto(served.origin)
    await appReady(page)
    await startLogin(page) // no page: automatic
    await expect(page.getByRole('status')).toHaveText('Logged in as Alice Example (alice)')
  })

  test('prompt=login shows the login page', async ({ page }) => {
    await startLogin(page, 'login')
    await page.getByRole('radio', { name: /Bob Builder/ }).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect(page.getByRole('status')).toHaveText('Logged in as Bob Builder (bob)')
  })

  test('prompt=select_account shows the account chooser with the current account (docs/sessions.md)', async ({ page }) => {
    await startLogin(page, 'select_account')
    await expect(page.getByRole('heading', { name: 'Choose an account' })).toBeVisible()
    await page.getByRole('button', { name: 'Alice Example (alice)' }).click()
    await expect(page.getByRole('status')).toHaveText('Logged in as Alice Example (alice)')
  })

  test('prompt=consent shows the consent page: Allow, then Deny', async ({ page }) => {
    await startLogin(page, 'consent')
    await expect(page.getByRole('heading', { name: 'Allow access?' })).toBeVisible()
    await expect(page.getByRole('listitem')).toHaveText(['openid', 'profile', 'email'])
    await page.getByRole('button', { name: 'Allow' }).click()
    await expect(page.getByRole('status')).toHaveText('Logged in as Alice Example (alice)')
    await expect(page).toHaveURL(/\/callback\?/)

    await startLogin(page, 'consent')
    await page.getByRole('button', { name: 'Deny' }).click()
    await expect(page.getByRole('alert')).toHaveText(/^access_denied/)
  })
})
