/**
 * The demo's flow timeline: every request the OP answered, in order, grouped by flow, including
 * the ones answered while the OP's login page, not the demo, was open.
 */
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { stopWorkers } from '../worker/_harness.js'
import { expect, flows, openDemo, pickUser, popupLogin, redirectLogin, regions, requestRow, requestsOf, test, waitReady } from './_demo.js'

test.skip(!hasChromium, NO_CHROMIUM)

test('a redirect login, a refresh, a silent renew and a logout, each a flow', async ({ page, origin }) => {
  await openDemo(page, origin)
  await expect(flows(page)).toHaveCount(0)
  await redirectLogin(page, 'Bob Builder', 'bob')

  // The login as a whole: the authorize navigation and the login page happened while the demo
  // page was away; the worker's log brought them back.
  const login = flows(page).filter({ has: page.getByRole('heading', { name: 'Login', exact: true }) })
  await expect(flows(page)).toHaveCount(1)
  await expect.poll(() => requestsOf(login)).toEqual([
    'GET provider_config 200', // discovery, before the redirect
    'GET authorization 303', // to the login page
    'GET interaction 200', // the login page
    'POST interaction 303', // Bob picked: back to the callback with a code
    'GET provider_config 200', // discovery again, on the callback page
    'POST token 200',
    'GET userinfo 200', // oidc-client-ts loads the profile
    'GET jwks 200', // the demo verifies the tokens
  ])
  await expect(login).toContainText('user bob · client demo-spa')
  const authorize = requestRow(login, 'GET', 'authorization')
  await expect(authorize).toContainText('scope openid profile email offline_access')
  await expect(authorize).toContainText('code_challenge_method S256')
  await expect(authorize).toContainText('redirect_uri /callback')
  await expect(requestRow(login, 'POST', 'token')).toContainText('grant_type authorization_code')

  await page.getByRole('button', { name: 'Refresh tokens' }).click()
  const refresh = flows(page).filter({ has: page.getByRole('heading', { name: 'Refresh' }) })
  await expect.poll(async () => (await requestsOf(refresh))[0]).toBe('POST token 200')
  await expect(refresh).toContainText('grant_type refresh_token')

  await page.getByRole('button', { name: 'Silent renew' }).click()
  const renew = flows(page).filter({ has: page.getByRole('heading', { name: 'Silent renew' }) })
  await expect.poll(() => requestsOf(renew)).toEqual(expect.arrayContaining(['GET authorization 302', 'POST token 200']))
  await expect(requestRow(renew, 'GET', 'authorization')).toContainText('prompt none')
  await expect(requestRow(renew, 'GET', 'authorization')).toContainText('redirect_uri /silent')

  await page.getByRole('button', { name: 'Log out' }).click()
  await page.waitForURL(`${origin}/`)
  await waitReady(page)
  const logout = flows(page).filter({ has: page.getByRole('heading', { name: 'Logout' }) })
  await expect.poll(() => requestsOf(logout)).toEqual(['GET session 302'])

  // In the order they happened, each flow once.
  await expect(flows(page).getByRole('heading')).toHaveText(['Login', 'Refresh', 'Silent renew', 'Logout'])
  await expect(regions(page).timeline).toContainText(/\d+ requests in 4 flows/)
})

test('a popup login is a flow of its own; clearing the timeline empties it for good', async ({ page, origin }) => {
  await openDemo(page, origin)
  await popupLogin(page, 'Alice Example')

  // The demo page stayed open: every request came live, the login page's ones too.
  const login = flows(page).filter({ has: page.getByRole('heading', { name: 'Login in a popup' }) })
  await expect
    .poll(() => requestsOf(login))
    .toEqual(['GET provider_config 200', 'GET authorization 303', 'GET interaction 200', 'POST interaction 303', 'POST token 200', 'GET userinfo 200', 'GET jwks 200'])
  await expect(requestRow(login, 'GET', 'authorization')).toContainText('redirect_uri /popup')

  await regions(page).timeline.getByRole('button', { name: 'Clear timeline' }).click()
  await expect(flows(page)).toHaveCount(0)
  await expect(regions(page).timeline).toContainText('No request yet')
  await page.reload()
  await waitReady(page)
  // Only what the reloaded page asked for (it verifies the stored tokens): the login stays gone.
  await expect(flows(page).getByRole('heading')).toHaveText(['Discovery'])
  expect(await requestsOf(flows(page))).toEqual(['GET provider_config 200', 'GET jwks 200'])
})

test('the browser stops the worker while the login page is open: the timeline keeps the whole login', async ({ page, origin }) => {
  await openDemo(page, origin)
  const before = await page.evaluate(async () => (await window.demo!.op.info()).bootId)
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible()
  await stopWorkers(page) // as Chrome does to a worker idle for 30 s
  await pickUser(page, 'Alice Example')
  await waitReady(page)
  expect(await page.evaluate(async () => (await window.demo!.op.info()).bootId)).not.toBe(before)

  const login = flows(page).filter({ has: page.getByRole('heading', { name: 'Login', exact: true }) })
  await expect.poll(() => requestsOf(login)).toEqual([
    'GET provider_config 200',
    'GET authorization 303',
    'GET interaction 200', // answered by the worker that was stopped: its log was saved
    'POST interaction 303', // answered by the new one
    'GET provider_config 200',
    'POST token 200',
    'GET userinfo 200',
    'GET jwks 200',
  ])
})

test('the diagram: lanes for the browser, the app and the OP; an arrow to the OP and one back for each request', async ({ page, origin }) => {
  await openDemo(page, origin)
  await redirectLogin(page, 'Bob Builder', 'bob')
  const lanes = regions(page).timeline.getByRole('list', { name: 'Lanes' }).getByRole('listitem')
  await expect(lanes).toHaveText([/^Browser/, /^App/, /^OP/])

  const login = flows(page).filter({ has: page.getByRole('heading', { name: 'Login', exact: true }) })
  await expect(login).toContainText('Authorization code flow with PKCE')
  const authorize = requestRow(login, 'GET', 'authorization')
  const token = requestRow(login, 'POST', 'token')
  const submit = requestRow(login, 'POST', 'interaction')
  // The front channel leaves from the browser, the back channel from the app.
  await expect(authorize).toHaveClass(/\bfrom-browser\b/)
  await expect(authorize).toHaveClass(/\bto-browser\b/) // to the login page
  await expect(authorize.locator('.answer')).toHaveText('303 → login page')
  await expect(submit.locator('.answer')).toHaveText('303 → /callback with a code')
  await expect(submit).toHaveClass(/\bto-app\b/)
  await expect(token).toHaveClass(/\bfrom-app\b/)
  await expect(token.locator('.answer')).toHaveText('200 tokens')

  // Each arrow runs from its lane's lifeline to the OP's.
  const centre = async (index: number) => {
    const box = (await lanes.nth(index).boundingBox())!
    return box.x + box.width / 2
  }
  const [browser, app, op] = [await centre(0), await centre(1), await centre(2)]
  const call = (await authorize.locator('.call').boundingBox())!
  expect(Math.abs(call.x - browser)).toBeLessThan(3)
  expect(Math.abs(call.x + call.width - op)).toBeLessThan(3)
  const exchange = (await token.locator('.call').boundingBox())!
  expect(Math.abs(exchange.x - app)).toBeLessThan(3)
  expect(Math.abs(exchange.x + exchange.width - op)).toBeLessThan(3)

  // A click shows what the step means and what it sent.
  const detail = token.locator('.step-detail')
  await expect(detail).toBeHidden()
  await token.locator('summary').click()
  await expect(detail).toBeVisible()
  await expect(detail).toContainText('the app swaps the code and its PKCE verifier')
  await expect(detail).toContainText('grant_type authorization_code')
  await expect(detail).toContainText('POST /oidc/token')
})
