/**
 * What the worker specs share: the test page (e2e/worker/app) served by Vite on a free port with
 * the package's Vite plugin as built in dist/ (the shipped plugin and worker script), and steps
 * that drive the page.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, type BrowserContext, type CDPSession, type Page } from '@playwright/test'
import type { AliasOptions, Plugin } from 'vite'
import type { AppState, E2eSettings } from './app/main.js'
import type * as VitePlugin from '../../src/vite/index.js'

export type { AppState, E2eSettings }

const here = { root: fileURLToPath(new URL('./app', import.meta.url)), dist: fileURLToPath(new URL('../../dist/', import.meta.url)) }

export interface ServeOptions {
  /** `dev` (default): `vite dev`; `preview`: `vite build` into a temporary folder, served by `vite preview`. */
  mode?: 'dev' | 'preview'
  /** Default 127.0.0.1. */
  host?: string
  /** Let the page reload when the plugin asks (dev). Default false. */
  hmr?: boolean
  plugin?: VitePlugin.OidcWorkerPluginOptions
  alias?: AliasOptions
  plugins?: Plugin[]
  /** A cache folder of its own per server setup (the optimizer runs per alias set). */
  name: string
  /**
   * Another checkout of this repository, built (its dist/): serves its test page and worker, for
   * measurements that compare two revisions side by side. Default: this one.
   */
  checkout?: string
}

export interface ServedApp {
  origin: string
  /** In `preview` mode: the built app. */
  outDir?: string
  close(): Promise<void>
}

/** Serves the test page with `vite dev` (or build + preview) and `oidcWorker()` from dist/ (run `npm run build` first). */
export async function serveApp(options: ServeOptions): Promise<ServedApp> {
  const { root, dist } = options.checkout ? { root: join(options.checkout, 'e2e/worker/app'), dist: join(options.checkout, 'dist/') } : here
  const pluginFile = `${dist}vite/index.js`
  if (!existsSync(pluginFile) || !existsSync(`${dist}msw-oidc-worker.js`)) {
    throw new Error('dist/ has no Vite plugin or worker script: run `npm run build` before the worker specs')
  }
  const { oidcWorker } = (await import(pluginFile)) as typeof VitePlugin
  const { build, createServer, preview } = await import('vite')
  const host = options.host ?? '127.0.0.1'
  const common = {
    configFile: false as const,
    root,
    cacheDir: fileURLToPath(new URL(`../../node_modules/.vite/e2e-worker-${options.name}`, import.meta.url)),
    logLevel: 'warn' as const,
    clearScreen: false,
    resolve: { alias: options.alias ?? [] },
    plugins: [oidcWorker(options.plugin), ...(options.plugins ?? [])],
  }
  if (options.mode === 'preview') {
    const outDir = mkdtempSync(join(tmpdir(), 'msw-oidc-e2e-'))
    await build({ ...common, build: { outDir, emptyOutDir: true } })
    const server = await preview({ ...common, build: { outDir }, preview: { host, port: 0, strictPort: true } })
    return {
      origin: `http://${host}:${port(server.httpServer.address())}`,
      outDir,
      close: async () => {
        await server.close()
        rmSync(outDir, { recursive: true, force: true })
      },
    }
  }
  const server = await createServer({
    ...common,
    server: { host, port: 0, strictPort: true, hmr: options.hmr ?? false },
    optimizeDeps: { include: ['oidc-client-ts', 'jose'] },
  })
  await server.listen()
  return { origin: `http://${host}:${port(server.httpServer!.address())}`, close: () => server.close() }
}

function port(address: string | { port: number } | null): number {
  if (!address || typeof address === 'string') throw new Error('Vite did not listen on a TCP port')
  return address.port
}

/** Configures the test page of every page of the context (popups included). */
export async function configure(context: BrowserContext, settings: E2eSettings): Promise<void> {
  await context.addInitScript((value) => {
    ;(window as unknown as { e2e: unknown }).e2e = value
  }, settings as Record<string, unknown>)
}

/** Waits until the page started the OP (or failed to), and returns what it knows. */
export async function appReady(page: Page): Promise<Omit<AppState, 'op' | 'manager'>> {
  await page.waitForFunction(() => !!window.app && (!!window.app.manager || !!window.app.error))
  return page.evaluate(() => {
    const { op: _op, manager: _manager, ...rest } = window.app
    return rest
  })
}

/** Logs in with a top-level redirect and waits for the callback page to show the user. */
export async function redirectLogin(page: Page, name = 'Alice Example'): Promise<void> {
  await page.getByRole('button', { name: 'Log in', exact: true }).click()
  await expect(page).toHaveURL(/\/callback\?/)
  await expect(page.getByRole('status')).toHaveText(new RegExp(`Logged in as ${name}`))
}

/** The OP worker's current `bootId` (asking wakes a stopped worker). */
export function bootId(page: Page): Promise<string> {
  return page.evaluate(async () => (await window.app.op!.info()).bootId)
}

/**
 * Stops every service worker of the browser, as Chrome does to an idle one (CDP
 * `ServiceWorker.stopAllWorkers`), and waits until they are stopped. Playwright keeps workers
 * alive, so this is the only way a test sees a restart.
 */
export async function stopWorkers(page: Page): Promise<void> {
  const cdp: CDPSession = await page.context().newCDPSession(page)
  const running = new Map<string, string>()
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) running.set(version.versionId, version.runningStatus)
  })
  await cdp.send('ServiceWorker.enable')
  await cdp.send('ServiceWorker.stopAllWorkers')
  await expect.poll(() => [...running.values()].every((status) => status === 'stopped') && running.size > 0).toBe(true)
  await cdp.send('ServiceWorker.disable')
  await cdp.detach()
}

/**
 * On a callback page held back by `manualCallback`: stops the worker, then completes the login
 * (the code exchange goes to a worker the browser starts again). Returns both boot ids.
 */
export async function completeLoginAfterRestart(page: Page, name: string): Promise<{ before: string; after: string }> {
  await expect(page.getByRole('status')).toHaveText('Callback received')
  await appReady(page)
  const before = await bootId(page)
  await stopWorkers(page)
  await page.getByRole('button', { name: 'Complete login' }).click()
  await expect(page.getByRole('status')).toHaveText(new RegExp(`^Logged in as ${name}`))
  return { before, after: await bootId(page) }
}

/** Messages the page's `op.subscribe` received, by type. */
export function messages<T extends AppState['messages'][number]['type']>(page: Page, type: T): Promise<Extract<AppState['messages'][number], { type: T }>[]> {
  return page.evaluate((t) => window.app.messages.filter((m) => m.type === t), type) as Promise<Extract<AppState['messages'][number], { type: T }>[]>
}
