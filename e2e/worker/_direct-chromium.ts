/**
 * The worker measurement without a harness: Chromium launched as a user would run it, with no
 * DevTools protocol attached (no Playwright, no --remote-debugging-*), and the test page timing
 * itself in its measurement mode (e2e/worker/app/self-measure.ts), POSTing each figure to a
 * node:http endpoint here.
 *
 * Why: Playwright attaches to every new worker with `waitForDebuggerOnStart`, so under it a service
 * worker's script fetch waits for Playwright's Node process (47–75 ms in a Chromium trace of a first
 * visit): a pause no user has. measure.spec.ts runs this beside its own runs, alternating.
 */
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MeasureReport } from './app/self-measure.js'
import { chromiumArgs, chromiumExecutablePath } from '../chromium.js'

/** The browser: the one every browser test launches (e2e/chromium.ts), else Debian's path. */
export const chromiumPath = chromiumExecutablePath ?? '/usr/bin/chromium'
/** Whether that browser is there (else the spec leaves these runs out). */
export const hasDirectChromium = existsSync(chromiumPath)

/** The flags of every browser test (e2e/chromium.ts), and headless. */
const FLAGS = ['--headless', ...chromiumArgs]

/**
 * ms the new browser idles on a start page before it opens the app: Playwright's runs open theirs
 * in a browser launched long before, so neither pays for the browser's own start-up.
 */
const SETTLE_MS = Number(process.env.MEASURE_DIRECT_SETTLE_MS ?? 1500)
const RUN_TIMEOUT_MS = 60_000

/** One fresh profile's figures (ms), as the page reported them. */
export interface DirectRun {
  firstVisit: { total: number; startWorker: number }
  reload: { total: number; startWorker: number }
  firstLogin: number
  laterLogins: number[]
}

/** The endpoint the page reports to; one run at a time. */
export interface Reporter {
  url: string
  /** Launches Chromium with a fresh profile on `origin` and resolves with what the page reported. */
  run(origin: string): Promise<DirectRun>
  close(): Promise<void>
}

/** Starts the endpoint the pages report to (port chosen by the system), and the start page new browsers open. */
export async function startReporter(): Promise<Reporter> {
  let collect: ((report: MeasureReport) => void) | undefined
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const target = new URL(request.url ?? '/', 'http://localhost').searchParams.get('to')
      if (request.url?.startsWith('/start?') && target) {
        response.writeHead(200, { 'content-type': 'text/html' }).end(startPage(target))
        return
      }
      response.writeHead(204, { 'access-control-allow-origin': '*' }).end()
      if (request.method !== 'POST') return
      try {
        collect?.(JSON.parse(Buffer.concat(chunks).toString('utf8')) as MeasureReport)
      } catch {
        // Not a figure: ignored.
      }
    })
  })
  // Both loopback addresses: the start page is on localhost, another site than the app's 127.0.0.1,
  // so the app gets a renderer of its own as a typed URL would. (Not data:, which may not reach loopback.)
  const dualStack = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false))
    server.listen(0, '::', () => resolve(true))
  })
  if (!dualStack) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('the reporter did not listen on a TCP port')
  const url = `http://127.0.0.1:${address.port}/report`
  const start = `http://${dualStack ? 'localhost' : '127.0.0.1'}:${address.port}/start`

  async function run(origin: string): Promise<DirectRun> {
    const profile = mkdtempSync(join(tmpdir(), 'msw-oidc-direct-'))
    const target = `${origin}/?measure=${encodeURIComponent(url)}`
    const reports: MeasureReport[] = []
    // Its own process group, so that ending it ends its renderers and helpers too.
    // MEASURE_DIRECT_LOG=<file>: Chromium's log, with the pages' console, for when a run fails.
    const log = process.env.MEASURE_DIRECT_LOG ? openSync(process.env.MEASURE_DIRECT_LOG, 'a') : 'ignore'
    const flags = [...FLAGS, ...(log === 'ignore' ? [] : ['--enable-logging=stderr']), `--user-data-dir=${profile}`]
    const browser = spawn(chromiumPath, [...flags, `${start}?to=${encodeURIComponent(target)}`], { detached: true, stdio: ['ignore', log, log] })
    if (typeof log === 'number') closeSync(log)
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no 'done' from the page in ${RUN_TIMEOUT_MS} ms; got ${JSON.stringify(reports.slice(0, 8))}`)), RUN_TIMEOUT_MS)
        browser.once('exit', (code) => {
          clearTimeout(timer)
          reject(new Error(`Chromium exited (${code}) before the page was done; got ${JSON.stringify(reports)}`))
        })
        collect = (report) => {
          reports.push(report)
          if (report.kind !== 'done' && report.kind !== 'error') return
          clearTimeout(timer)
          if (report.kind === 'error') reject(new Error(`the page failed: ${report.message}`))
          else resolve()
        }
      })
    } finally {
      collect = undefined
      await stop(browser.pid!)
      rmSync(profile, { recursive: true, force: true })
    }
    return toRun(reports)
  }

  return { url, run, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

function startPage(target: string): string {
  return `<!doctype html><title>settling</title><script>setTimeout(() => location.href = ${JSON.stringify(target)}, ${SETTLE_MS})</script>`
}

function toRun(reports: MeasureReport[]): DirectRun {
  type Visit = Extract<MeasureReport, { startWorker: number }>
  type Login = Extract<MeasureReport, { status: string }>
  const visit = (kind: Visit['kind']) => reports.find((r): r is Visit => r.kind === kind)
  const logins = (kind: Login['kind']) => reports.filter((r): r is Login => r.kind === kind)
  const wrong = [...logins('firstLogin'), ...logins('laterLogin')].find((login) => !/Logged in as Alice Example/.test(login.status))
  if (wrong) throw new Error(`a login ended with "${wrong.status}"`)
  const [firstVisit, reload, firstLogin] = [visit('firstVisit'), visit('reload'), logins('firstLogin')[0]]
  if (!firstVisit || !reload || !firstLogin) throw new Error(`missing figures: ${JSON.stringify(reports)}`)
  return {
    firstVisit: { total: firstVisit.total, startWorker: firstVisit.startWorker },
    reload: { total: reload.total, startWorker: reload.startWorker },
    firstLogin: firstLogin.total,
    laterLogins: logins('laterLogin').map((login) => login.total),
  }
}

/** Ends the browser this module started (its process group), and waits until it is gone. */
async function stop(pid: number): Promise<void> {
  try {
    process.kill(-pid, 'SIGTERM')
  } catch {
    return
  }
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
    try {
      process.kill(-pid, 0)
    } catch {
      return
    }
  }
  process.kill(-pid, 'SIGKILL')
}
