/**
 * The device-flow panel: a user code and the OP's verification link, the panel polling the token
 * endpoint, and tokens once the user is approved (by the button, or on the OP's /device page).
 */
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { expect, openDemo, regions, test } from './_demo.js'

test.skip(!hasChromium, NO_CHROMIUM)

test('start a device login, approve it: the panel gets tokens', async ({ page, origin }) => {
  // Approved before the first poll (the interval is 5 s): no poll is answered authorization_pending.
  await openDemo(page, origin)
  const device = regions(page).rp.getByRole('region', { name: 'Device login' })
  await device.getByRole('button', { name: 'Start a device login' }).click()
  await expect(device.getByLabel('User code')).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/)
  await expect(device.getByRole('link', { name: `${origin}/oidc/device` })).toHaveAttribute('target', '_blank')
  await expect(device.getByRole('status', { name: 'Device flow state' })).toHaveText('Waiting for the user to approve…')

  await device.getByRole('button', { name: 'Approve as the first user' }).click()
  await expect(device.getByRole('status', { name: 'Device flow state' })).toHaveText('Approved: the device holds tokens.', { timeout: 15_000 })
  const tokens = JSON.parse(await device.getByLabel('Device tokens').innerText()) as Record<string, unknown>
  expect(tokens).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String), id_token: expect.any(String) })
})

test('the verification link opens the OP’s device page in a new tab', async ({ page, origin }) => {
  await openDemo(page, origin)
  const device = regions(page).rp.getByRole('region', { name: 'Device login' })
  await device.getByRole('button', { name: 'Start a device login' }).click()
  const opened = page.waitForEvent('popup')
  await device.getByRole('link', { name: `${origin}/oidc/device` }).click()
  const tab = await opened
  await expect(tab).toHaveURL(new RegExp(`^${origin}/oidc/device`))
  await expect(tab.locator('body')).toContainText(/code/i)
})
