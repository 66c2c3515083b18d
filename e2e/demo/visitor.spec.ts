/**
 * What a visitor reads first: the status line (the OP's issuer, whether its worker controls the
 * page, where its state came from, how many clients and users), the highlighted button that
 * follows the login state, and a login the OP ended, which the app learns on its next call.
 */
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { stopWorkers } from '../worker/_harness.js'
import { expect, flows, inspectorList, loginState, openDemo, redirectLogin, regions, requestsOf, test } from './_demo.js'

test.skip(!hasChromium, NO_CHROMIUM)

const opStatus = (page: import('@playwright/test').Page) => page.getByRole('status', { name: 'OP status' })

test('the status line says where the OP answers, that its worker controls the page, and what it holds', async ({ page, origin }) => {
  await openDemo(page, origin)
  const status = opStatus(page)
  await expect(status.getByLabel('issuer')).toHaveText(`${origin}/oidc`)
  await expect(status).toContainText('its service worker controls this page')
  await expect(status).toContainText('1 client, 2 users')
  await expect(status).not.toContainText(/boot/i)

  const form = regions(page).inspector.getByRole('form', { name: 'Add a user' })
  await form.getByLabel('sub').fill('erin')
  await form.getByRole('button', { name: 'Add user' }).click()
  await expect(status).toContainText('1 client, 3 users')

  // The browser stops idle workers; the next one starts from what the last one saved.
  await stopWorkers(page)
  await page.reload()
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
  await expect(status).toContainText('state restored from IndexedDB')
  await expect(status).toContainText('1 client, 3 users')
})

test('the highlighted button is the next thing to do: Log in, then Call UserInfo', async ({ page, origin }) => {
  await openDemo(page, origin)
  const button = (name: string) => regions(page).rp.getByRole('button', { name, exact: true })
  await expect(button('Log in')).toHaveClass(/\bprimary\b/)
  await expect(button('Call UserInfo')).not.toHaveClass(/\bprimary\b/)
  await expect(button('Call UserInfo')).toBeDisabled()
  await expect(regions(page).rp.locator('button.primary')).toHaveCount(1)

  await redirectLogin(page, 'Alice Example', 'alice')
  await expect(button('Call UserInfo')).toHaveClass(/\bprimary\b/)
  await expect(button('Log in')).not.toHaveClass(/\bprimary\b/)
  await expect(regions(page).rp.locator('button.primary')).toHaveCount(1)
})

test('after a reset of the OP, the next call shows the OP’s refusal and the app logs out', async ({ page, origin, expectConsoleErrors }) => {
  expectConsoleErrors(
    /Failed to load resource: the server responded with a status of 401.*\/oidc\/userinfo/,
    /Failed to load resource: the server responded with a status of 400.*\/oidc\/token/,
  )
  await openDemo(page, origin)
  await redirectLogin(page, 'Bob Builder', 'bob')
  await regions(page).inspector.getByRole('button', { name: 'Reset the OP' }).click()
  await expect(inspectorList(page, 'Grants')).toHaveText(['No grant.'])
  // The app cannot know yet: nothing told it.
  await expect(loginState(page)).toHaveText('Logged in as Bob Builder (bob)')

  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  await expect(loginState(page)).toHaveText('Logged out')
  const alert = regions(page).rp.getByRole('alert')
  await expect(alert).toContainText('The OP ended this login, so the app logged out.')
  await expect(alert).toContainText('UserInfo refused the access token (HTTP 401')
  await expect(alert).toContainText('invalid_grant')
  await expect(regions(page).rp.getByRole('region', { name: 'UserInfo response' })).toContainText('HTTP 401')
  await expect(regions(page).rp.getByRole('button', { name: 'Log in', exact: true })).toHaveClass(/\bprimary\b/)
  // The diagram shows both refusals: UserInfo's 401, then the token endpoint's 400.
  await expect.poll(async () => (await Promise.all((await flows(page).all()).map(requestsOf))).flat()).toEqual(
    expect.arrayContaining(['GET userinfo 401', 'POST token 400']),
  )

  // The app forgot its tokens: a reload stays logged out.
  await page.reload()
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
  await expect(loginState(page)).toHaveText('Logged out')
})
