/**
 * Implicit, hybrid, form_post and JARM navigations answered by the OP in the service worker: the
 * authorize navigation redirects to the app with the response in the fragment, or the form_post
 * page POSTs it (through the worker, on to Vite).
 */
import { createHash } from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { decodeJwt } from 'jose'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, configure, serveApp, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

let served: ServedApp
test.beforeAll(async () => {
  served = await serveApp({ name: 'ready-made' })
})
test.afterAll(async () => served?.close())

const landing = () => `${served.origin}/landing`

test.beforeEach(async ({ page, context }) => {
  await configure(context, {
    worker: {
      clients: [
        {
          client_id: 'hybrid',
          client_secret: 'hybrid-secret',
          redirect_uris: [landing()],
          response_types: ['code id_token', 'code id_token token', 'id_token token'],
          grant_types: ['authorization_code', 'implicit'],
          token_endpoint_auth_method: 'client_secret_basic',
        },
        ...(['ES384', 'EdDSA'] as const).map((alg) => ({ client_id: `hybrid-${alg}`, client_secret: 'hybrid-secret', redirect_uris: [landing()], response_types: ['code id_token token'], grant_types: ['authorization_code', 'implicit'], id_token_signed_response_alg: alg })),
      ],
    },
  })
  await page.goto(served.origin)
  expect((await appReady(page)).error).toBeUndefined()
})

function authorizeUrl(params: Record<string, string>, without?: string): string {
  const query = new URLSearchParams({ client_id: 'hybrid', redirect_uri: landing(), scope: 'openid', state: 'st-w', nonce: 'n-w', ...params })
  if (without) query.delete(without)
  return `${served.origin}/oidc/authorize?${query}`
}

function fragmentOf(page: Page): URLSearchParams {
  return new URLSearchParams(new URL(page.url()).hash.slice(1))
}

test('id_token token: the worker redirects with the fragment, and the access token works at its UserInfo', async ({ page }) => {
  await page.goto(authorizeUrl({ response_type: 'id_token token' }))
  await expect(page).toHaveURL(new RegExp(`^${landing()}#`))
  const params = fragmentOf(page)
  expect(decodeJwt(params.get('id_token')!)).toMatchObject({ sub: 'alice', nonce: 'n-w', aud: 'hybrid' })
  await appReady(page)
  const status = await page.evaluate(async (token) => (await fetch('/oidc/userinfo', { headers: { authorization: `Bearer ${token}` } })).status, params.get('access_token'))
  expect(status).toBe(200)
})

test('form_post: the page the worker answers POSTs the hybrid response to the app', async ({ page }) => {
  const posted = page.waitForRequest((request) => request.method() === 'POST' && request.url() === landing())
  await page.goto(authorizeUrl({ response_type: 'code id_token token', response_mode: 'form_post' }))
  const body = new URLSearchParams((await posted).postData()!)
  expect([...body.keys()].sort()).toEqual(['access_token', 'code', 'expires_in', 'id_token', 'iss', 'scope', 'session_state', 'state', 'token_type'])
})

test('JARM: fragment.jwt from the worker, and an error after trust as JARM', async ({ page }) => {
  await page.goto(authorizeUrl({ response_type: 'code id_token', response_mode: 'fragment.jwt' }))
  expect(decodeJwt(fragmentOf(page).get('response')!)).toMatchObject({ iss: `${served.origin}/oidc`, aud: 'hybrid', state: 'st-w' })
  await page.goto(authorizeUrl({ response_type: 'code id_token', response_mode: 'jwt' }, 'nonce'))
  expect(decodeJwt(fragmentOf(page).get('response')!)).toMatchObject({ error: 'invalid_request', state: 'st-w' })
})

test.describe('at_hash and c_hash with the hash of the ID token algorithm (SHA-384, and SHA-512 for EdDSA)', () => {
  for (const [alg, hash] of [['ES384', 'sha384'], ['EdDSA', 'sha512']] as const) {
    test(alg, async ({ page }) => {
      await page.goto(authorizeUrl({ client_id: `hybrid-${alg}`, response_type: 'code id_token token' }))
      await expect(page).toHaveURL(new RegExp(`^${landing()}#`))
      const params = fragmentOf(page)
      const leftHalf = (value: string) => createHash(hash).update(value).digest().subarray(0, hash === 'sha384' ? 24 : 32).toString('base64url')
      expect(decodeJwt(params.get('id_token')!)).toMatchObject({ aud: `hybrid-${alg}`, at_hash: leftHalf(params.get('access_token')!), c_hash: leftHalf(params.get('code')!) })
    })
  }
})
