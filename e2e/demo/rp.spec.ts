/**
 * The demo's relying party, driven as a person would: logins (redirect and popup) that pick a user
 * on the OP's login page, the tokens decoded and verified, UserInfo, refresh, silent renew, logout.
 */
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import type { Page } from '@playwright/test'
import { expect, inspectorList, loginState, openDemo, pickUser, popupLogin, redirectLogin, regions, test } from './_demo.js'

test.skip(!hasChromium, NO_CHROMIUM)

/** The `jti` of the access token the RP shows. */
async function accessTokenJti(page: Page): Promise<string> {
  const claims = await regions(page).rp.getByRole('region', { name: 'Access token' }).getByLabel('Access token claims').innerText()
  return (JSON.parse(claims) as { jti: string }).jti
}

test('redirect login: pick a user on the OP login page; the tokens are decoded and their signatures verified', async ({ page, origin }) => {
  await openDemo(page, origin)
  await expect(loginState(page)).toHaveText('Logged out')
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
  // The OP's own login page, answered by the worker, lists the configured users.
  await expect(page).toHaveURL(new RegExp(`^${origin}/oidc/interaction/`))
  await expect(page.getByRole('radio')).toHaveCount(2)
  await pickUser(page, 'Bob Builder')
  await expect(loginState(page)).toHaveText('Logged in as Bob Builder (bob)')
  await expect(page).toHaveURL(`${origin}/`) // the callback's code and state are gone from the address bar

  const rp = regions(page).rp
  const idToken = rp.getByRole('region', { name: 'ID token' })
  await expect(idToken.getByText('Signature verified')).toBeVisible()
  const idClaims = JSON.parse(await idToken.getByLabel('ID token claims').innerText()) as Record<string, unknown>
  expect(idClaims).toMatchObject({ iss: `${origin}/oidc`, sub: 'bob', aud: 'demo-spa', amr: ['pwd'] })
  expect(JSON.parse(await idToken.getByLabel('ID token header').innerText())).toMatchObject({ alg: 'RS256', kid: expect.any(String) })

  const accessToken = rp.getByRole('region', { name: 'Access token' })
  await expect(accessToken.getByText('Signature verified')).toBeVisible()
  expect(JSON.parse(await accessToken.getByLabel('Access token header').innerText())).toMatchObject({ typ: 'at+jwt' })
  expect(JSON.parse(await accessToken.getByLabel('Access token claims').innerText())).toMatchObject({
    client_id: 'demo-spa',
    sub: 'bob',
    scope: 'openid profile email offline_access',
  })
  await expect(rp.getByRole('region', { name: 'Refresh token' })).toContainText('Opaque (43 characters)')
})

test('a token whose signature does not match the JWKS is shown as not verified', async ({ page, origin }) => {
  await openDemo(page, origin)
  await redirectLogin(page, 'Alice Example', 'alice')
  // Change the stored ID token's signature, as an attacker in the storage could; the page reads it back.
  await page.evaluate(() => {
    for (const key of Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user:'))) {
      const user = JSON.parse(sessionStorage.getItem(key)!) as { id_token: string }
      const [header, payload, signature] = user.id_token.split('.')
      const flipped = (signature!.startsWith('A') ? 'B' : 'A') + signature!.slice(1)
      sessionStorage.setItem(key, JSON.stringify({ ...user, id_token: `${header}.${payload}.${flipped}` }))
    }
  })
  await page.reload()
  await expect(loginState(page)).toHaveText('Logged in as Alice Example (alice)')
  const idToken = regions(page).rp.getByRole('region', { name: 'ID token' })
  await expect(idToken.getByText('Signature not verified')).toBeVisible()
  await expect(idToken).toContainText('signature verification failed')
  await expect(regions(page).rp.getByRole('region', { name: 'Access token' }).getByText('Signature verified')).toBeVisible()
})

test('UserInfo, refresh, silent renew', async ({ page, origin }) => {
  await openDemo(page, origin)
  await redirectLogin(page, 'Alice Example', 'alice')
  const rp = regions(page).rp
  const userinfo = rp.getByRole('region', { name: 'UserInfo response' })

  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  await expect(userinfo).toContainText('HTTP 200')
  expect(JSON.parse(await userinfo.getByLabel('UserInfo body').innerText())).toEqual({
    sub: 'alice',
    name: 'Alice Example',
    given_name: 'Alice',
    family_name: 'Example',
    email: 'alice@example.com',
    email_verified: true,
  })

  // Refresh: the refresh_token grant gives a new access token, and rotates the refresh token.
  const first = await accessTokenJti(page)
  await page.getByRole('button', { name: 'Refresh tokens' }).click()
  await expect.poll(() => accessTokenJti(page)).not.toBe(first)
  const afterRefresh = await accessTokenJti(page)
  await expect(inspectorList(page, 'Codes and tokens').filter({ hasText: 'Refresh token' }).filter({ hasText: 'rotated' })).toHaveCount(1)

  // Silent renew: prompt=none in a hidden iframe, answered from the OP's login session.
  await page.getByRole('button', { name: 'Silent renew' }).click()
  await expect.poll(() => accessTokenJti(page)).not.toBe(afterRefresh)
  await expect(loginState(page)).toHaveText('Logged in as Alice Example (alice)')
  await expect(rp.getByRole('region', { name: 'ID token' }).getByText('Signature verified')).toBeVisible()
  expect(page.frames()).toHaveLength(1) // oidc-client-ts removed its iframe

  // The token the RP holds now still works.
  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  await expect(userinfo).toContainText('HTTP 200')
  await expect(rp.getByRole('alert')).toHaveCount(0) // shown only when there is an error (see the logout test)
})

test('popup login: the OP login page opens in a popup, the page stays', async ({ page, origin }) => {
  await openDemo(page, origin)
  await popupLogin(page, 'Bob Builder')
  await expect(loginState(page)).toHaveText('Logged in as Bob Builder (bob)')
  await expect(page).toHaveURL(`${origin}/`)
  await expect(regions(page).rp.getByRole('region', { name: 'ID token' }).getByText('Signature verified')).toBeVisible()
})

test('logout ends the login session at the OP and returns to the demo', async ({ page, origin }) => {
  await openDemo(page, origin)
  await redirectLogin(page, 'Alice Example', 'alice')
  await expect(inspectorList(page, 'Login sessions').filter({ hasText: 'this browser' })).toHaveCount(1)

  await page.getByRole('button', { name: 'Log out' }).click()
  await page.waitForURL(`${origin}/`)
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
  await expect(loginState(page)).toHaveText('Logged out')
  await expect(inspectorList(page, 'Login sessions')).toHaveText(['No login session.'])
  await expect(page.getByRole('button', { name: 'Log out' })).toBeDisabled()

  // With no session, a silent renew cannot log in: the OP says so, and the page shows it.
  await page.getByRole('button', { name: 'Silent renew' }).click()
  await expect(regions(page).rp.getByRole('alert')).toHaveText(/login_required/)
})
