/**
 * Single logout in the demo: the second RP logs in by single sign-on; a logout of the first app
 * logs it out too, by the front-channel iframe of the OP's logout page, and the timeline shows the
 * back-channel POST of its logout token as part of the logout.
 */
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { expect, flows, loginState, openDemo, redirectLogin, requestsOf, test } from './_demo.js'

test.skip(!hasChromium, NO_CHROMIUM)

test('one logout lights up both RPs: front channel in an iframe, back channel in the timeline', async ({ page, origin }) => {
  await openDemo(page, origin)
  const second = page.getByRole('status', { name: 'Second RP state' })
  await expect(second).toHaveText('Logged out')
  await redirectLogin(page, 'Alice Example', 'alice')

  // The first time, the user consents to the second app in a popup; the OP's session logs them in.
  const opened = page.waitForEvent('popup')
  await page.getByRole('button', { name: 'Log in by single sign-on' }).click()
  const popup = await opened
  const closed = popup.waitForEvent('close')
  await popup.getByRole('button', { name: 'Allow' }).click()
  await closed
  await expect(second).toHaveText(/^Logged in as Alice Example \(sid .+\)$/)
  const sid = /sid (.+)\)/.exec((await second.textContent())!)![1]!

  const iframe = page.waitForRequest((request) => request.url().startsWith(`${origin}/rp2/frontchannel-logout?`))
  await page.getByRole('button', { name: 'Log out' }).click()
  const loaded = new URL((await iframe).url())
  expect(Object.fromEntries(loaded.searchParams)).toEqual({ iss: `${origin}/oidc`, sid })
  await page.waitForURL(`${origin}/`)
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
  await expect(loginState(page)).toHaveText('Logged out')
  await expect(second).toHaveText(`Logged out by the OP's logout page (front channel, sid ${sid})`)

  const logout = flows(page).filter({ has: page.getByRole('heading', { name: 'Logout' }) })
  await expect.poll(() => requestsOf(logout)).toEqual(['GET session 200', 'POST backchannel_logout 200'])
  await expect(logout).toContainText('Back-channel logout: the OP POSTs a logout token to demo-rp2')
})
