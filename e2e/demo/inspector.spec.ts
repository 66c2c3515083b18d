/**
 * The demo's inspector: the OP's state from the worker, mirrored in the page's store, and the
 * actions that change it (add a user, edit claims, revoke a token, reset), seen from the RP too.
 */
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { expect, inspectorList, loginState, openDemo, pickUser, redirectLogin, regions, test, waitReady } from './_demo.js'

test.skip(!hasChromium, NO_CHROMIUM)

test('the inspector shows the worker state, mirrored in the page store', async ({ page, origin }) => {
  await openDemo(page, origin)
  await expect(inspectorList(page, 'Users')).toHaveCount(2)
  await expect(inspectorList(page, 'Clients')).toContainText(['Demo SPA demo-spa'])
  await expect(inspectorList(page, 'Codes and tokens')).toHaveText(['No token.'])
  await redirectLogin(page, 'Bob Builder', 'bob')

  await expect(inspectorList(page, 'Login sessions')).toHaveCount(1)
  await expect(inspectorList(page, 'Login sessions')).toContainText('Bob Builder')
  await expect(inspectorList(page, 'Grants')).toContainText(['Bob Builder → demo-spa'])
  const tokens = inspectorList(page, 'Codes and tokens')
  await expect(tokens.filter({ hasText: 'Authorization code' })).toContainText(['redeemed'])
  await expect(tokens.filter({ hasText: 'held by this page' })).toHaveCount(2) // the access and the refresh token
  await expect(tokens.filter({ hasText: 'Access token' })).toContainText(/expires in (9|10) min/)

  // The page's zustand store holds what the worker holds.
  const { mirrored, dumped } = await page.evaluate(async () => ({ mirrored: window.demo!.store.getState().op, dumped: await window.demo!.op.dump() }))
  expect(mirrored).toEqual(dumped)
  expect(Object.keys(dumped.tokens)).toHaveLength(2)
})

test('add a user, then log in as them', async ({ page, origin }) => {
  await openDemo(page, origin)
  const form = regions(page).inspector.getByRole('form', { name: 'Add a user' })
  await form.getByLabel('sub').fill('carol')
  await form.getByLabel('Name').fill('Carol Danvers')
  await form.getByLabel('Email').fill('carol@example.com')
  await form.getByRole('button', { name: 'Add user' }).click()
  await expect(inspectorList(page, 'Users')).toHaveCount(3)
  await expect(inspectorList(page, 'Users').nth(2)).toContainText('Carol Danvers carol')
  await expect(form.getByLabel('sub')).toHaveValue('')

  // The same sub again is refused.
  await form.getByLabel('sub').fill('carol')
  await form.getByRole('button', { name: 'Add user' }).click()
  await expect(form.getByRole('alert')).toHaveText("A user 'carol' exists: edit their claims instead.")
  await expect(inspectorList(page, 'Users')).toHaveCount(3)

  await page.getByRole('button', { name: 'Log in', exact: true }).click()
  await expect(page.getByRole('radio')).toHaveCount(3)
  await pickUser(page, 'Carol Danvers')
  await waitReady(page)
  await expect(loginState(page)).toHaveText('Logged in as Carol Danvers (carol)')
  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  const body = regions(page).rp.getByRole('region', { name: 'UserInfo response' }).getByLabel('UserInfo body')
  await expect(body).toContainText('"email": "carol@example.com"')
})

test('edit claims: UserInfo answers with the new claims', async ({ page, origin }) => {
  await openDemo(page, origin)
  await redirectLogin(page, 'Alice Example', 'alice')
  await regions(page).inspector.getByRole('button', { name: 'Edit claims of Alice Example' }).click()
  const dialog = page.getByRole('dialog', { name: 'Claims of Alice Example' })
  await expect(dialog).toBeVisible()
  const claims = dialog.getByLabel('Claims (JSON)')
  expect(JSON.parse(await claims.inputValue())).toMatchObject({ name: 'Alice Example', email: 'alice@example.com' })

  await claims.fill('{ "name": "Alice Example",')
  await dialog.getByRole('button', { name: 'Save claims' }).click()
  await expect(dialog.getByRole('alert')).toHaveText('Claims must be valid JSON.')

  await claims.fill(JSON.stringify({ name: 'Alice Liddell', email: 'alice@wonderland.example', nickname: 'ali' }))
  await dialog.getByRole('button', { name: 'Save claims' }).click()
  await expect(dialog).toBeHidden()
  await expect(inspectorList(page, 'Users').first()).toContainText('Alice Liddell alice')

  // The OP answers from the user's claims now: the RP's current access token sees the change.
  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  const body = regions(page).rp.getByRole('region', { name: 'UserInfo response' }).getByLabel('UserInfo body')
  await expect(body).toContainText('"name": "Alice Liddell"')
  expect(JSON.parse(await body.innerText())).toEqual({ sub: 'alice', name: 'Alice Liddell', email: 'alice@wonderland.example', nickname: 'ali' })
})

test('revoke the access token: the RP sees UserInfo refuse it', async ({ page, origin, expectConsoleErrors }) => {
  // The browser logs the refused UserInfo request: that one is expected.
  expectConsoleErrors(/Failed to load resource: the server responded with a status of 401.*\/oidc\/userinfo/)
  await openDemo(page, origin)
  await redirectLogin(page, 'Bob Builder', 'bob')
  const userinfo = regions(page).rp.getByRole('region', { name: 'UserInfo response' })
  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  await expect(userinfo).toContainText('HTTP 200')

  const held = inspectorList(page, 'Codes and tokens').filter({ hasText: 'Access token' }).filter({ hasText: 'held by this page' })
  await held.getByRole('button', { name: /^Revoke access token/ }).click()
  await expect(held).toContainText('revoked')
  await expect(held.getByRole('button')).toHaveCount(0)

  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  await expect(userinfo).toContainText('HTTP 401')
  await expect(userinfo).toContainText('error="invalid_token"')
  // The refresh token was not revoked: the app's own refresh after the 401 worked, it stays logged in…
  await expect(loginState(page)).toHaveText('Logged in as Bob Builder (bob)')
  // …and a refresh gets a working access token again.
  await page.getByRole('button', { name: 'Refresh tokens' }).click()
  await expect(inspectorList(page, 'Codes and tokens').filter({ hasText: 'Access token' }).filter({ hasText: 'held by this page' })).toContainText(['active'])
  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  await expect(userinfo).toContainText('HTTP 200')
})

test('reset: back to the configured users, with no session, grant or token', async ({ page, origin, expectConsoleErrors }) => {
  expectConsoleErrors(
    /Failed to load resource: the server responded with a status of 401.*\/oidc\/userinfo/,
    /Failed to load resource: the server responded with a status of 400.*\/oidc\/token/, // the app's refresh, refused
  )
  await openDemo(page, origin)
  const form = regions(page).inspector.getByRole('form', { name: 'Add a user' })
  await form.getByLabel('sub').fill('dave')
  await form.getByRole('button', { name: 'Add user' }).click()
  await expect(inspectorList(page, 'Users')).toHaveCount(3)
  await redirectLogin(page, 'Alice Example', 'alice')
  await expect(inspectorList(page, 'Grants')).toHaveCount(1)
  const keys = await inspectorList(page, 'Signing keys').allTextContents()
  // Issue 17: a key for every advertised signing algorithm (RS256…PS512, ES256…ES512, EdDSA).
  expect(keys).toHaveLength(10)

  await regions(page).inspector.getByRole('button', { name: 'Reset the OP' }).click()
  await expect(inspectorList(page, 'Login sessions')).toHaveText(['No login session.'])
  await expect(inspectorList(page, 'Grants')).toHaveText(['No grant.'])
  await expect(inspectorList(page, 'Codes and tokens')).toHaveText(['No token.'])
  await expect(inspectorList(page, 'Users')).toHaveCount(2)
  await expect(inspectorList(page, 'Users')).not.toContainText(['dave'])
  await expect(inspectorList(page, 'Signing keys')).toHaveText(keys)

  // The RP still holds its tokens; the OP no longer knows them: its next call finds out.
  await page.getByRole('button', { name: 'Call UserInfo' }).click()
  await expect(regions(page).rp.getByRole('region', { name: 'UserInfo response' })).toContainText('HTTP 401')
  await expect(loginState(page)).toHaveText('Logged out')
})

test('end the session, revoke the grant, remove a user: the RP feels each one', async ({ page, origin, expectConsoleErrors }) => {
  expectConsoleErrors(/Failed to load resource: the server responded with a status of 400.*\/oidc\/token/)
  await openDemo(page, origin)
  await redirectLogin(page, 'Bob Builder', 'bob')
  const rpAlert = regions(page).rp.getByRole('alert')

  // No login session at the OP: a silent renew needs one.
  await regions(page).inspector.getByRole('button', { name: 'End session of Bob Builder' }).click()
  await expect(inspectorList(page, 'Login sessions')).toHaveText(['No login session.'])
  await page.getByRole('button', { name: 'Silent renew' }).click()
  await expect(rpAlert).toHaveText(/login_required/)

  // The grant revoked: its tokens with it, and the refresh token no longer refreshes.
  await regions(page).inspector.getByRole('button', { name: /^Revoke grant/ }).click()
  await expect(inspectorList(page, 'Grants')).toContainText(['revoked'])
  await expect(inspectorList(page, 'Codes and tokens').filter({ hasText: 'held by this page' }).filter({ hasText: 'revoked' })).toHaveCount(2)
  await page.getByRole('button', { name: 'Refresh tokens' }).click()
  await expect(rpAlert).toHaveText(/invalid_grant/)

  await regions(page).inspector.getByRole('button', { name: 'Remove Bob Builder' }).click()
  await expect(inspectorList(page, 'Users')).toHaveCount(1)
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
  await expect(page.getByRole('radio')).toHaveCount(1)
  await expect(page.getByRole('radio', { name: /Alice Example/ })).toBeChecked()
})
