/**
 * Measurements for docs/browser.md (medians, reported, never asserted):
 *
 *   MEASURE=1 npx playwright test e2e/worker/measure.spec.ts
 *
 * Skipped unless MEASURE is set: it takes a minute and proves nothing the other specs do not.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, redirectLogin, serveApp, stopWorkers, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)
test.skip(!process.env.MEASURE, 'set MEASURE=1 to measure')

const RUNS = Number(process.env.MEASURE_RUNS ?? 10)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const ms = (value: number) => `${Math.round(value)} ms`

/**
 * ms from the navigation's start until startWorker resolved with the page controlled, and how
 * much of that startWorker itself took (the rest is loading the page and its modules).
 */
async function controlledAfter(page: Page, into: { total: number[]; startWorker: number[] }): Promise<void> {
  const state = await appReady(page)
  expect(state.error).toBeUndefined()
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
  into.total.push(state.controlledAt!)
  into.startWorker.push(state.controlledAt! - state.scriptAt)
}

/** ms from the login click until the callback page showed the user (both ends in the page's clock). */
async function loginTime(page: Page): Promise<number> {
  await redirectLogin(page)
  await page.waitForFunction(() => window.app?.renderedAt !== undefined)
  const { clickedAt, renderedAt } = await page.evaluate(() => ({ clickedAt: window.app.clickedAt!, renderedAt: window.app.renderedAt! }))
  return renderedAt - clickedAt
}

async function inFreshContext<T>(browser: Browser, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext()
  try {
    return await run(await context.newPage())
  } finally {
    await context.close()
  }
}

interface Times {
  firstVisit: { total: number[]; startWorker: number[] }
  reload: { total: number[]; startWorker: number[] }
  hardReload: { total: number[]; startWorker: number[] }
  firstLogin: number[]
  laterLogin: number[]
  warmFetch: number[]
  coldFetch: number[]
}

async function measure(browser: Browser, served: ServedApp): Promise<Times> {
  const times: Times = {
    firstVisit: { total: [], startWorker: [] },
    reload: { total: [], startWorker: [] },
    hardReload: { total: [], startWorker: [] },
    firstLogin: [],
    laterLogin: [],
    warmFetch: [],
    coldFetch: [],
  }
  for (let i = 0; i < RUNS; i++) {
    await inFreshContext(browser, async (page) => {
      await page.goto(served.origin)
      await controlledAfter(page, times.firstVisit)
      await page.reload()
      await controlledAfter(page, times.reload)
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Page.reload', { ignoreCache: true })
      await page.waitForFunction(() => window.app?.controlledAtStart === false)
      await controlledAfter(page, times.hardReload)
      times.firstLogin.push(await loginTime(page))
      for (let j = 0; j < 3; j++) {
        await page.goto(served.origin)
        await appReady(page)
        times.laterLogin.push(await loginTime(page))
      }
      const discovery = () =>
        page.evaluate(async () => {
          const started = performance.now()
          const response = await fetch('/oidc/.well-known/openid-configuration')
          await response.json()
          return performance.now() - started
        })
      times.warmFetch.push(await discovery())
      await stopWorkers(page)
      times.coldFetch.push(await discovery())
    })
  }
  return times
}

test('measure', async ({ browser }) => {
  test.setTimeout(RUNS * 60_000)
  const results: Times[] = []
  for (const mode of ['dev', 'preview'] as const) {
    // vite build emits the worker script only with build: true (dd91155).
    const served = await serveApp({ name: `measure-${mode}`, mode, ...(mode === 'preview' ? { plugin: { build: true } } : {}) })
    try {
      results.push(await measure(browser, served))
    } finally {
      await served.close()
    }
  }
  const controlled = (pick: (t: Times) => Times['reload']) =>
    results.map((t) => `${ms(median(pick(t).total))} (startWorker ${ms(median(pick(t).startWorker))})`)
  const plain = (pick: (t: Times) => number[]) => results.map((t) => ms(median(pick(t))))
  const rows: [string, ...string[]][] = [
    ['Page load → controlled page, first visit (registers and installs the worker)', ...controlled((t) => t.firstVisit)],
    ['Page load → controlled page, reload (already controlled)', ...controlled((t) => t.reload)],
    ['Page load → controlled page, hard reload (starts uncontrolled; the worker claims it)', ...controlled((t) => t.hardReload)],
    ['Login click → callback rendered, first login in a fresh profile', ...plain((t) => t.firstLogin)],
    ['Login click → callback rendered, later logins', ...plain((t) => t.laterLogin)],
    ['A discovery fetch, worker running', ...plain((t) => t.warmFetch)],
    ['A discovery fetch, worker stopped (it restarts from IndexedDB)', ...plain((t) => t.coldFetch)],
  ]
  const script = readFileSync(fileURLToPath(new URL('../../dist/msw-oidc-worker.js', import.meta.url)))
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, load ${loadavg()[0]!.toFixed(1)}, ${browser.browserType().name()} ${browser.version()}, ${RUNS} runs`
  console.log(
    [
      machine,
      '',
      '| median | vite dev | vite build + preview |',
      '|---|---|---|',
      ...rows.map((row) => `| ${row.join(' | ')} |`),
      '',
      `dist/msw-oidc-worker.js: ${(script.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(script, { level: 9 }).length / 1024).toFixed(1)} KiB gzip -9`,
    ].join('\n'),
  )
  // The benchmark table (npm run bench) shows these beside the Node figures.
  const figures: Record<string, number> = {}
  for (const [i, mode] of (['vite dev', 'vite preview'] as const).entries()) {
    const t = results[i]!
    figures[`page load → controlled, first visit (${mode}), ms`] = round(median(t.firstVisit.total))
    figures[`page load → controlled, reload (${mode}), ms`] = round(median(t.reload.total))
    figures[`login click → callback rendered (${mode}), ms`] = round(median(t.laterLogin))
  }
  figures['dist/msw-oidc-worker.js, gzip -9, KiB'] = round(gzipSync(script, { level: 9 }).length / 1024)
  writeFileSync(
    fileURLToPath(new URL('../../bench/results/browser.json', import.meta.url)),
    `${JSON.stringify({ figures, date: new Date().toISOString().slice(0, 10), browser: `${browser.browserType().name()} ${browser.version()}`, machine }, null, 2)}\n`,
  )
  expect(results).toHaveLength(2)
})

function round(value: number): number {
  return Math.round(value * 10) / 10
}
