/**
 * The authorization surface in the service worker (docs/authorization-surface.md): a pairwise
 * client (OIDC Core §8.1) asking for two resources (RFC 8707) with oidc-client-ts in Chromium.
 * oidc-client-ts checks that UserInfo's `sub` equals the ID token's, so a login that shows the user
 * proves the same pairwise `sub` in both.
 */
import { expect, test } from '@playwright/test'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, configure, serveApp, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

const API = 'https://api.example.test/'
const FILES = 'https://files.example.test/'

let served: ServedApp
test.beforeAll(async () => {
  served = await serveApp({ name: 'ready-made' })
})
test.afterAll(async () => served?.close())

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>
}

test('a pairwise client gets one pairwise sub in the ID token, UserInfo and the access token, whose aud is the requested resources', async ({ page }) => {
  const origin = served.origin
  await configure(page.context(), {
    worker: {
      clients: [
        {
          client_id: 'spa',
          redirect_uris: [`${origin}/callback`, `${origin}/silent`, `${origin}/popup`],
          post_logout_redirect_uris: [`${origin}/`],
          token_endpoint_auth_method: 'none',
          grant_types: ['authorization_code', 'refresh_token'],
          subject_type: 'pairwise',
        },
      ],
    },
  })
  await page.goto(origin)
  expect((await appReady(page)).error).toBeUndefined()
  const metadata = await page.evaluate(async () => (await fetch(`${window.app.op!.issuer}/.well-known/openid-configuration`)).json())
  expect(metadata.subject_types_supported).toEqual(['public', 'pairwise'])

  await page.evaluate(([api, files]) => void window.app.manager!.signinRedirect({ resource: [api!, files!] }), [API, FILES])
  await expect(page).toHaveURL(/\/callback\?/)
  await expect(page.getByRole('status')).toHaveText(/^Logged in as Alice Example \(([A-Za-z0-9_-]{43})\)$/)
  const user = await page.evaluate(() => ({ sub: window.app.user!.profile.sub, access_token: window.app.user!.access_token }))
  expect(user.sub).not.toBe('alice')
  expect(claims(user.access_token)).toMatchObject({ sub: user.sub, aud: [API, FILES] })
  // The OP keeps the local sub in its state.
  const dump = await page.evaluate(() => window.app.op!.dump())
  expect(Object.values(dump.sessions).map((session) => session.sub)).toEqual(['alice'])
  expect(typeof dump.pairwise_salt).toBe('string')
})
