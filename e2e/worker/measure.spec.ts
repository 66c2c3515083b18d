/**
 * Measurements for docs/browser.md (medians, reported, never asserted):
 *
 *   MEASURE=1 npx playwright test e2e/worker/measure.spec.ts
 *
 * Two revisions side by side, runs alternating (the other one a built checkout, e.g. from
 * `git archive <rev> | tar -x -C /tmp/before`, with node_modules linked and `npm run build`):
 *
 *   MEASURE=1 MEASURE_AB=/tmp/before MEASURE_MODES=preview npx playwright test e2e/worker/measure.spec.ts
 *
 * Each run is followed by one without the harness (e2e/worker/_direct-chromium.ts: Chromium
 * launched directly, no DevTools protocol attached, the page timing itself), so both sets of figures
 * come from the same minutes; their column and browser.json labels say "without DevTools".
 * `MEASURE_DIRECT=0` leaves those out, `MEASURE_DIRECT=only` takes only them.
 *
 * Skipped unless MEASURE is set: it takes a minute and proves nothing the other specs do not.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { hasDirectChromium, startReporter, type DirectRun, type Reporter } from './_direct-chromium.js'
import { appReady, redirectLogin, serveApp, stopWorkers, type AppState, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)
test.skip(!process.env.MEASURE, 'set MEASURE=1 to measure')

const RUNS = Number(process.env.MEASURE_RUNS ?? 10)

function median(values: number[]): number {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const ms = (value: number) => (Number.isNaN(value) ? '—' : `${Math.round(value)} ms`)

/**
 * Waits until `check` holds in the page, asking with plain `page.evaluate` every 10 ms. Locators,
 * `expect(page)` and `waitForFunction` would load Playwright's injected script into each new
 * document, about 15 ms of compiling on the page's main thread while it loads: a cost no user has,
 * inside the times measured. `MEASURE_WAIT=locators` waits as the other specs do, to compare.
 */
async function until(page: Page, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000
  // A navigation under way destroys the context being asked: ask the next one.
  while (!(await page.evaluate(check).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${check.toString()}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
const LOCATORS = process.env.MEASURE_WAIT === 'locators'

/** {@link appReady} without Playwright's injected script (see {@link until}). */
async function settled(page: Page): Promise<Omit<AppState, 'op' | 'manager'>> {
  if (LOCATORS) return appReady(page)
  await until(page, () => !!window.app && (!!window.app.manager || !!window.app.error))
  return page.evaluate(() => {
    const { op: _op, manager: _manager, ...rest } = window.app
    return rest
  })
}

/**
 * ms from the navigation's start until startWorker resolved with the page controlled, and how
 * much of that startWorker itself took (the rest is loading the page and its modules).
 */
async function controlledAfter(page: Page, into: { total: number[]; startWorker: number[] }): Promise<void> {
  const state = await settled(page)
  expect(state.error).toBeUndefined()
  expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
  into.total.push(state.controlledAt!)
  into.startWorker.push(state.controlledAt! - state.scriptAt)
}

/** The parts of a login, in order: each ends where the next begins (ms). */
const LOGIN_PHASES = [
  'click → navigation (discovery, PKCE)',
  '/authorize (worker: code issued and saved) → redirect',
  '/callback document',
  "page's module fetched and evaluated",
  'startWorker (already controlled)',
  'discovery, state → token request',
  '/token (worker: tokens signed and saved)',
  'ID token checks → /userinfo answered',
  'JWKS fetched, signature checked, rendered',
] as const

/**
 * ms from the login click until the callback page showed the user (both ends in the page's clock),
 * and its parts (`LOGIN_PHASES`) from the callback page's navigation and resource timings.
 */
async function loginTime(page: Page): Promise<{ total: number; phases: number[] }> {
  if (LOCATORS) {
    await redirectLogin(page)
    await page.waitForFunction(() => window.app?.renderedAt !== undefined)
  } else {
    await page.evaluate(() => document.getElementById('login')!.click())
    await page.waitForURL(/\/callback\?/)
    await until(page, () => window.app?.renderedAt !== undefined || !!window.app?.error)
    // Checked once the times are taken.
    await expect(page.getByRole('status')).toHaveText(/Logged in as Alice Example/)
  }
  return page.evaluate(() => {
    const { clickedAt, renderedAt, scriptAt, controlledAt } = window.app
    const origin = performance.timeOrigin
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
    const resource = (path: string) =>
      (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((entry) => new URL(entry.name).pathname.endsWith(path))!
    const marks = [
      clickedAt!,
      origin,
      origin + nav.redirectEnd,
      origin + nav.responseEnd,
      origin + scriptAt,
      origin + controlledAt!,
      origin + resource('/token').startTime,
      origin + resource('/token').responseEnd,
      origin + resource('/userinfo').responseEnd,
      renderedAt!,
    ]
    return { total: renderedAt! - clickedAt!, phases: marks.slice(1).map((mark, i) => mark - marks[i]!) }
  })
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
  /** Per later login, its parts (LOGIN_PHASES). */
  loginPhases: number[][]
  warmFetch: number[]
  coldFetch: number[]
}

function emptyTimes(): Times {
  return {
    firstVisit: { total: [], startWorker: [] },
    reload: { total: [], startWorker: [] },
    hardReload: { total: [], startWorker: [] },
    firstLogin: [],
    laterLogin: [],
    loginPhases: [],
    warmFetch: [],
    coldFetch: [],
  }
}

/** One run in a fresh profile: first visit, reloads, a first login and three later ones, fetches. */
async function measureOnce(browser: Browser, served: ServedApp, times: Times): Promise<void> {
  await inFreshContext(browser, async (page) => {
    await page.goto(served.origin)
    await controlledAfter(page, times.firstVisit)
    await page.reload()
    await controlledAfter(page, times.reload)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Page.reload', { ignoreCache: true })
    await until(page, () => window.app?.controlledAtStart === false)
    await controlledAfter(page, times.hardReload)
    times.firstLogin.push((await loginTime(page)).total)
    for (let j = 0; j < 3; j++) {
      await page.goto(served.origin)
      await settled(page)
      const login = await loginTime(page)
      times.laterLogin.push(login.total)
      times.loginPhases.push(login.phases)
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

/** Adds one run without the harness to `times` (the figures it has: no hard reload, parts or fetches). */
async function measureDirect(reporter: Reporter, served: ServedApp, times: Times): Promise<void> {
  const run: DirectRun = await reporter.run(served.origin)
  for (const key of ['firstVisit', 'reload'] as const) {
    times[key].total.push(run[key].total)
    times[key].startWorker.push(run[key].startWorker)
  }
  times.firstLogin.push(run.firstLogin)
  times.laterLogin.push(...run.laterLogins)
}

/**
 * `MEASURE_AB=<another checkout, built>`: measures it too, one run of each in turn, and prints both
 * side by side (this checkout first); browser.json is left as it is. `MEASURE_MODES=preview` (or
 * `dev`) measures one mode only.
 */
const OTHER = process.env.MEASURE_AB
const MODES = (process.env.MEASURE_MODES ?? 'dev,preview').split(',') as ('dev' | 'preview')[]
const SIDES = OTHER ? [{ label: 'this checkout' }, { label: OTHER, checkout: OTHER }] : [{ label: 'this checkout' }]
const DIRECT = process.env.MEASURE_DIRECT ?? '1'
const HARNESSES = [...(DIRECT === 'only' ? [] : (['playwright'] as const)), ...(DIRECT !== '0' && hasDirectChromium ? (['direct'] as const) : [])]
/** An older checkout's test page may have no measurement mode. */
const selfMeasuring = (checkout?: string) => !checkout || existsSync(join(checkout, 'e2e/worker/app/self-measure.ts'))

interface Result {
  mode: 'dev' | 'preview'
  side: string
  /** `direct`: Chromium without DevTools attached (e2e/worker/_direct-chromium.ts). */
  harness: 'playwright' | 'direct'
  times: Times
}

/** Each mode's times, per side and harness: runs alternate between the sides and the harnesses. */
async function measureModes(browser: Browser): Promise<Result[]> {
  const results: Result[] = []
  const reporter = await startReporter()
  try {
    for (const mode of MODES) results.push(...(await measureMode(browser, reporter, mode)))
  } finally {
    await reporter.close()
  }
  return results
}

async function measureMode(browser: Browser, reporter: Reporter, mode: 'dev' | 'preview'): Promise<Result[]> {
  const results: Result[] = []
  {
    // vite build emits the worker script only with build: true (dd91155).
    const served = await Promise.all(
      SIDES.map((side, i) => serveApp({ name: `measure-${mode}-${i}`, mode, ...(side.checkout ? { checkout: side.checkout } : {}), ...(mode === 'preview' ? { plugin: { build: true } } : {}) })),
    )
    const runs = SIDES.flatMap((side, s) =>
      HARNESSES.filter((harness) => harness === 'playwright' || selfMeasuring(side.checkout)).map((harness) => ({ side, s, harness, times: emptyTimes() })),
    )
    try {
      for (let i = 0; i < RUNS; i++) {
        for (const { s, harness, times } of runs) {
          if (harness === 'playwright') await measureOnce(browser, served[s]!, times)
          else await measureDirect(reporter, served[s]!, times)
        }
      }
    } finally {
      await Promise.all(served.map((app) => app.close()))
    }
    for (const { side, harness, times } of runs) results.push({ mode, side: side.label, harness, times })
  }
  return results
}

test('measure', async ({ browser }) => {
  test.setTimeout(RUNS * SIDES.length * MODES.length * HARNESSES.length * 30_000)
  const loadBefore = loadavg()[0]!
  const results = await measureModes(browser)
  const column = (result: Result) =>
    `${result.mode === 'dev' ? 'vite dev' : 'vite build + preview'}${result.harness === 'direct' ? ', without DevTools' : ''}${OTHER ? `, ${result.side}` : ''}`
  const controlled = (pick: (t: Times) => Times['reload']) =>
    results.map(({ times }) => `${ms(median(pick(times).total))} (startWorker ${ms(median(pick(times).startWorker))})`)
  const plain = (pick: (t: Times) => number[]) => results.map(({ times }) => ms(median(pick(times))))
  const rows: [string, ...string[]][] = [
    ['Page load → controlled page, first visit (registers and installs the worker)', ...controlled((t) => t.firstVisit)],
    ['Page load → controlled page, reload (already controlled)', ...controlled((t) => t.reload)],
    ['Page load → controlled page, hard reload (starts uncontrolled; the worker claims it)', ...controlled((t) => t.hardReload)],
    ['Login click → callback rendered, first login in a fresh profile', ...plain((t) => t.firstLogin)],
    ['Login click → callback rendered, later logins', ...plain((t) => t.laterLogin)],
    ...LOGIN_PHASES.map((phase, i): [string, ...string[]] => [`— of which: ${phase}`, ...plain((t) => t.loginPhases.map((parts) => parts[i]!))]),
    ['A discovery fetch, worker running', ...plain((t) => t.warmFetch)],
    ['A discovery fetch, worker stopped (it restarts from IndexedDB)', ...plain((t) => t.coldFetch)],
  ]
  const script = readFileSync(fileURLToPath(new URL('../../dist/msw-oidc-worker.js', import.meta.url)))
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, load ${loadBefore.toFixed(1)}–${loadavg()[0]!.toFixed(1)}, ${browser.browserType().name()} ${browser.version()}, ${RUNS} runs${
    HARNESSES.includes('direct') ? ` (each followed by one in Chromium launched without DevTools attached, the page timing itself)` : ''
  }`
  console.log(
    [
      machine,
      '',
      `| median | ${results.map(column).join(' | ')} |`,
      `|---|${results.map(() => '---|').join('')}`,
      ...rows.map((row) => `| ${row.join(' | ')} |`),
      '',
      `dist/msw-oidc-worker.js: ${(script.length / 1024).toFixed(1)} KiB minified, ${(gzipSync(script, { level: 9 }).length / 1024).toFixed(1)} KiB gzip -9`,
    ].join('\n'),
  )
  expect(results.length).toBeGreaterThanOrEqual(MODES.length)
  if (OTHER || MODES.length !== 2 || !HARNESSES.includes('playwright')) return
  // The benchmark table (npm run bench) shows these beside the Node figures.
  const figures: Record<string, number> = {}
  for (const { mode, harness, times: t } of [...results].sort((a, b) => Number(a.harness === 'direct') - Number(b.harness === 'direct'))) {
    // The Playwright figures keep their labels; the others say what they are.
    const label = `${mode === 'dev' ? 'vite dev' : 'vite preview'}${harness === 'direct' ? ', Chromium without DevTools attached' : ''}`
    figures[`page load → controlled, first visit (${label}), ms`] = round(median(t.firstVisit.total))
    figures[`page load → controlled, reload (${label}), ms`] = round(median(t.reload.total))
    figures[`login click → callback rendered (${label}), ms`] = round(median(t.laterLogin))
  }
  figures['dist/msw-oidc-worker.js, gzip -9, KiB'] = round(gzipSync(script, { level: 9 }).length / 1024)
  writeFileSync(
    fileURLToPath(new URL('../../bench/results/browser.json', import.meta.url)),
    `${JSON.stringify({ figures, date: new Date().toISOString().slice(0, 10), browser: `${browser.browserType().name()} ${browser.version()}`, machine }, null, 2)}\n`,
  )
})

function round(value: number): number {
  return Math.round(value * 10) / 10
}
