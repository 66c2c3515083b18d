/**
 * What the demo specs share: the demo served by `vite dev` with its own config (demo/vite.config.ts,
 * the worker bundled from source, as `npm run demo` does), a check that no page of a test logged a
 * console error, and steps that drive the demo by role.
 */
import { fileURLToPath } from 'node:url'
import { test as base, expect, type Locator, type Page } from '@playwright/test'
import { serveVite } from '../_vite.js'

export { expect }

interface DemoFixtures {
  /**
   * Console errors a test expects (a request the test makes fail on purpose): each pattern must
   * match at least one error, and every error must match a pattern.
   */
  expectConsoleErrors: (...patterns: RegExp[]) => void
  allowedConsoleErrors: RegExp[]
  /** Checks every page (popups included) for console errors and uncaught exceptions. */
  consoleGuard: void
}

export const test = base.extend<DemoFixtures, { origin: string }>({
  /** The demo's origin, e.g. http://127.0.0.1:41234. */
  origin: [
    async ({}, use) => {
      const demo = await serveVite({
        configFile: fileURLToPath(new URL('../../demo/vite.config.ts', import.meta.url)),
        cacheDir: fileURLToPath(new URL('../../node_modules/.vite/e2e-demo', import.meta.url)),
      })
      // The first request for the worker bundles it from source: do it before any test waits on it.
      const script = await fetch(`${demo.origin}/msw-oidc-worker.js`)
      if (!script.ok) throw new Error(`the demo served no worker script: ${script.status}`)
      await use(demo.origin)
      await demo.close()
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  allowedConsoleErrors: async ({}, use) => use([]),
  expectConsoleErrors: async ({ allowedConsoleErrors }, use) => use((...patterns) => void allowedConsoleErrors.push(...patterns)),
  consoleGuard: [
    async ({ context, allowedConsoleErrors: allowed }, use) => {
      const errors: string[] = []
      context.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`)
      })
      context.on('weberror', (error) => errors.push(`uncaught: ${error.error().message}`))
      await use()
      expect(errors.filter((text) => !allowed.some((pattern) => pattern.test(text)))).toEqual([])
      for (const pattern of allowed) expect(errors.some((text) => pattern.test(text)), `an expected console error ${pattern}`).toBe(true)
    },
    { auto: true },
  ],
})

/** Opens the demo and waits until the OP runs and the page shows what the RP holds. */
export async function openDemo(page: Page, origin: string): Promise<void> {
  await page.goto(origin)
  await waitReady(page)
}

export async function waitReady(page: Page): Promise<void> {
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 })
  await expect(page.getByRole('alert').filter({ hasText: /./ })).toHaveCount(0)
}

export const regions = (page: Page) => ({
  rp: page.getByRole('region', { name: 'Relying party' }),
  inspector: page.getByRole('region', { name: 'OP inspector' }),
  timeline: page.getByRole('region', { name: 'Timeline' }),
})

export const loginState = (page: Page): Locator => page.getByRole('status', { name: 'Login state' })

/** On the OP's login page (in the page or a popup): picks a user and continues. */
export async function pickUser(page: Page, name: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Log in' })).toBeVisible()
  await page.getByRole('radio', { name: new RegExp(name) }).check()
  await page.getByRole('button', { name: 'Continue' }).click()
}

/** A login in a popup as `name`: resolves once oidc-client-ts has closed the popup. */
export async function popupLogin(page: Page, name: string): Promise<void> {
  const opened = page.waitForEvent('popup')
  await page.getByRole('button', { name: 'Log in with a popup' }).click()
  const popup = await opened
  const closed = popup.waitForEvent('close')
  await pickUser(popup, name)
  await closed
}

/** A full-page redirect login as `name`, back on the demo with the user shown. */
export async function redirectLogin(page: Page, name: string, sub: string): Promise<void> {
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
  await pickUser(page, name)
  await waitReady(page)
  await expect(loginState(page)).toHaveText(`Logged in as ${name} (${sub})`)
}

/** A named section of the inspector (Users, Login sessions, Grants, Codes and tokens, …). */
export function inspectorList(page: Page, title: string): Locator {
  return regions(page).inspector.getByRole('region', { name: title }).getByRole('listitem')
}

/** The flows of the timeline, each an article named by its title. */
export function flows(page: Page): Locator {
  return regions(page).timeline.getByRole('article')
}

/** The requests of a flow (each a pair of arrows in the diagram) as "METHOD endpoint status" lines. */
export async function requestsOf(flow: Locator): Promise<string[]> {
  const lines = await flow.locator('.request').all()
  return Promise.all(
    lines.map(async (line) => {
      const [method, endpoint, status] = await Promise.all(['.method', '.endpoint', '.status'].map((c) => line.locator(c).innerText()))
      return `${method} ${endpoint} ${status}`
    }),
  )
}

/** One request row of a flow, by method and endpoint name (the first when the flow has several). */
export function requestRow(flow: Locator, method: string, endpoint: string): Locator {
  return flow
    .locator('.request')
    .filter({ has: flow.page().locator('.method', { hasText: method }) })
    .filter({ has: flow.page().locator('.endpoint', { hasText: new RegExp(`^${endpoint}$`) }) })
    .first()
}
