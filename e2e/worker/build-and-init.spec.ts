/**
 * The two other ways a worker script reaches an app: `vite build` with the plugin (which emits it
 * beside the app, served here by `vite preview`), and `npx msw-oidc-provider init <publicDir>`
 * (which copies it into the public folder, for an app without the plugin).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, redirectLogin, serveApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

const root = fileURLToPath(new URL('./app', import.meta.url))
const dist = fileURLToPath(new URL('../../dist/', import.meta.url))
const cacheDir = fileURLToPath(new URL('../../node_modules/.vite/e2e-worker-build', import.meta.url))

for (const entry of [undefined, 'custom-worker.ts']) {
  test(`vite build with build: true emits the worker (${entry ? 'an entry of the app' : 'ready-made'}); the built app logs in`, async ({ page }) => {
    const served = await serveApp({ name: 'build', mode: 'preview', plugin: entry ? { entry, build: true } : { build: true } })
    try {
      const emitted = readFileSync(join(served.outDir!, 'msw-oidc-worker.js'), 'utf8')
      if (entry) expect(emitted).toContain('from the app handler')
      else expect(emitted).toBe(readFileSync(`${dist}msw-oidc-worker.js`, 'utf8'))
      await page.goto(served.origin)
      expect((await appReady(page)).error).toBeUndefined()
      await redirectLogin(page)
      if (entry) expect(await page.evaluate(async () => (await fetch('/api/hello')).json())).toEqual({ hello: 'from the app handler' })
    } finally {
      await served.close()
    }
  })
}

test('npx msw-oidc-provider init <publicDir> copies the worker; an app without the plugin logs in', async ({ page }) => {
  const publicDir = join(mkdtempSync(join(tmpdir(), 'msw-oidc-init-')), 'public')
  try {
    const output = execFileSync(process.execPath, [`${dist}cli.js`, 'init', publicDir], { encoding: 'utf8' })
    expect(output).toContain('Copied the OpenID Provider worker')
    expect(existsSync(join(publicDir, 'msw-oidc-worker.js'))).toBe(true)

    const { createServer } = await import('vite')
    const server = await createServer({
      configFile: false,
      root,
      publicDir,
      cacheDir,
      logLevel: 'warn',
      server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: false },
      optimizeDeps: { include: ['oidc-client-ts', 'jose'] },
    })
    await server.listen()
    try {
      const address = server.httpServer!.address()
      if (!address || typeof address === 'string') throw new Error('Vite did not listen on a TCP port')
      await page.goto(`http://127.0.0.1:${address.port}`)
      expect((await appReady(page)).error).toBeUndefined()
      await redirectLogin(page)
    } finally {
      await server.close()
    }
  } finally {
    rmSync(join(publicDir, '..'), { recursive: true, force: true })
  }
})
