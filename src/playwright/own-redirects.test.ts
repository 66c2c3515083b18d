import type { Request as PlaywrightRequest } from '@playwright/test'
import { expect, test } from 'vitest'
import { refreshToOwnPages } from './own-redirects.js'

const issuer = 'https://login.example.test'
const serves = (url: URL) => url.origin === issuer
const navigation = (url: string, isNavigation = true) => ({ url: () => url, isNavigationRequest: () => isNavigation }) as unknown as PlaywrightRequest

test('a navigation redirected to the OP itself becomes a page that refreshes to it, keeping its cookies', () => {
  const answered = { status: 302, headers: { location: '/interaction/abc', 'set-cookie': 'a=1', 'content-length': '0' } }
  const refreshed = refreshToOwnPages(answered, navigation(`${issuer}/authorize?x=1`), serves)
  expect(refreshed?.status).toBe(200)
  expect(refreshed?.headers).toEqual({ 'set-cookie': 'a=1', 'content-type': 'text/html; charset=utf-8', refresh: `0;url=${issuer}/interaction/abc` })
  expect(refreshed?.body).toContain(`href="${issuer}/interaction/abc"`)
})

test('redirects elsewhere, keeping the method (307), or of a fetch stay redirects', () => {
  const toApp = { status: 302, headers: { location: 'http://127.0.0.1:5173/callback?code=x' } }
  expect(refreshToOwnPages(toApp, navigation(`${issuer}/authorize`), serves)).toBe(toApp)
  const keepsMethod = { status: 307, headers: { location: `${issuer}/token` } }
  expect(refreshToOwnPages(keepsMethod, navigation(`${issuer}/x`), serves)).toBe(keepsMethod)
  const fromFetch = { status: 302, headers: { location: `${issuer}/interaction/abc` } }
  expect(refreshToOwnPages(fromFetch, navigation(`${issuer}/authorize`, false), serves)).toBe(fromFetch)
  const page = { status: 200, headers: {} }
  expect(refreshToOwnPages(page, navigation(`${issuer}/authorize`), serves)).toBe(page)
})
