/**
 * The inspector's "Faults and clock" section: an injected fault shows as an error in the app and
 * as a failed request in the timeline; "+1 hour" expires the access token, and the app's next
 * UserInfo call is refused, so it refreshes.
 */
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import type { Page } from '@playwright/test'
import { expect, flows, loginState, openDemo, popupLogin, regions, requestsOf, test } from './_demo.js'

test.skip(!hasChromium, NO_CHROMIUM)

const faults = (page: Page) => regions(page).inspector.getByRole('region', { name: 'Faults and clock' })

test('a failed token request: the refresh is refused, the app logs out, the timeline marks it', async ({ page, origin, expectConsoleErrors }) => {
  expectConsoleErrors(/Failed to load resource: the server responded with a status of 400.*\/oidc\/token/)
  await openDemo(page, origin)
  await popupLogin(page, 'Alice Example')
  await expect(loginState(page)).toHaveText('Logged in as Alice Example (alice)')

  await faults(page).getByRole('button', { name: 'Fail the next token request' }).click()
  await expect(faults(page).getByRole('status', { name: 'Faults' })).toContainText('invalid_grant')
  await page.getByRole('button', { name: 'Refresh tokens' }).click()
  await expect(loginState(page)).toHaveText('Logged out')
  await expect(regions(page).rp.getByRole('alert').first()).toContainText('invalid_grant: a fault injected in the demo')

  const refresh = flows(page).filter({ has: page.getByRole('heading', { name: 'Refresh' }) }).last()
  await expect(refresh.getByText('failed')).toBeVisible()
  expect(await requestsOf(refresh)).toContain('POST token 400')
})

test('the OP down: the app’s call fails with a network error, the timeline shows no answer; cleared, it works again', async ({ page, origin, expectConsoleErrors }) => {
  expectConsoleErrors(/Failed to load resource|Failed to fetch|network error/i)
  await openDemo(page, origin)
  await popupLogin(page, 'Alice Example')

  await faults(page).getByRole('button', { name: 'Take the OP down' }).click()
  await expect(faults(page).getByRole('status', { name: 'Faults' })).toContainText('the OP is down')
  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  await expect(regions(page).rp.getByRole('alert').first()).toContainText('Failed to fetch')
  const userinfo = flows(page).filter({ has: page.getByRole('heading', { name: 'UserInfo' }) }).last()
  await expect.poll(() => requestsOf(userinfo), { timeout: 10_000 }).toEqual(['GET userinfo no answer'])
  await expect(userinfo.getByText('failed')).toBeVisible()

  await faults(page).getByRole('button', { name: 'Clear faults' }).click()
  await expect(faults(page).getByRole('status', { name: 'Faults' })).toHaveText('No fault: the OP answers normally.')
  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  await expect(regions(page).rp.getByLabel('UserInfo body')).toContainText('"sub": "alice"')
})

test('+1 hour: the access token expired, UserInfo refuses it, the app refreshes and stays logged in', async ({ page, origin, expectConsoleErrors }) => {
  expectConsoleErrors(/Failed to load resource: the server responded with a status of 401.*\/oidc\/userinfo/)
  await openDemo(page, origin)
  await popupLogin(page, 'Alice Example')

  await faults(page).getByRole('button', { name: '+1 hour' }).click()
  await expect(faults(page).getByRole('status', { name: 'OP clock' })).toHaveText("The OP's clock is 1 h ahead.")
  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  await expect(regions(page).rp.getByText('HTTP 401')).toBeVisible()
  // The app refreshes after the 401, and the timeline shows it once the OP's event arrives: wait for both.
  await expect(loginState(page)).toHaveText('Logged in as Alice Example (alice)')
  const refresh = flows(page).filter({ has: page.getByRole('heading', { name: 'Refresh' }) }).last()
  await expect.poll(() => requestsOf(refresh), { timeout: 10_000 }).toContain('POST token 200')

  await faults(page).getByRole('button', { name: 'Reset the clock' }).click()
  await expect(faults(page).getByRole('status', { name: 'OP clock' })).toHaveText('The OP runs on real time.')
})
