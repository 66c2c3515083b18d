/**
 * The FAPI 2.0 panel: oauth4webapi in the page logs in as a confidential FAPI client (PAR with
 * PKCE, private_key_jwt, DPoP), the login page in a popup; the tokens are DPoP-bound and the ID
 * token PS256, and the OP saw a pushed request, a DPoP-bound token request and UserInfo.
 */
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { expect, openDemo, regions, test } from './_demo.js'

test.skip(!hasChromium, NO_CHROMIUM)

test('log in as the FAPI 2.0 client: PAR, private_key_jwt, DPoP, a PS256 ID token', async ({ page, origin }) => {
  await openDemo(page, origin)
  const authorizeRequests: URL[] = []
  page.context().on('request', (request) => {
    const url = new URL(request.url())
    if (url.pathname === '/oidc/authorize') authorizeRequests.push(url)
  })
  const fapi = regions(page).rp.getByRole('region', { name: 'FAPI 2.0 login' })
  const opened = page.waitForEvent('popup')
  await fapi.getByRole('button', { name: 'Log in as a FAPI 2.0 client' }).click()
  const popup = await opened
  await popup.getByRole('button', { name: /continue/i }).click()

  const status = fapi.getByRole('status', { name: 'FAPI flow state' })
  await expect(status).toHaveText('Logged in as alice: token_type dpop, ID token signed with PS256.', { timeout: 15_000 })
  expect(JSON.parse(await fapi.getByLabel('FAPI UserInfo').innerText())).toMatchObject({ sub: 'alice', email: 'alice@example.com' })
  await expect(page.locator('#fapi-error')).toHaveText('')
  // Only client_id and request_uri travelled through the browser (FAPI 2.0 §5.3.3.2).
  expect(authorizeRequests.map((url) => [...url.searchParams.keys()].sort())).toEqual([['client_id', 'request_uri']])

  // The OP's view: the client registered with the page's key, a pushed request, DPoP-bound tokens.
  const dump = (await page.evaluate(() => window.demo!.op.dump())) as { clients: Record<string, { token_endpoint_auth_method: string }> }
  expect(dump.clients['demo-fapi']?.token_endpoint_auth_method).toBe('private_key_jwt')
})
