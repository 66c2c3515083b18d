/**
 * msw-oidc-provider/playwright: an OpenID Provider per Playwright test, in the test process, with
 * the browser's requests for its issuer routed to it.
 *
 * ```ts
 * import { test, expect } from 'msw-oidc-provider/playwright'
 *
 * test.use({ oidc: { clients: [...], users: [...] } })
 * test('logs in', async ({ page, op }) => {
 *   await page.goto('/')
 *   ...
 *   expect(Object.keys(op.dump().sessions)).toHaveLength(1)
 * })
 * ```
 */
export { expect } from '@playwright/test'
export { test, withOidc, oidcFixtures, DEFAULT_ISSUER, DEFAULT_USER } from './fixture.js'
export type { OidcConfiguration, OidcTestOptions, OidcTestFixtures } from './fixture.js'
export { routeIssuer, issuerPatterns } from './route.js'
export type { Unroute, RouteTarget } from './route.js'
