/**
 * An app's own worker entry, bundled by the Vite plugin, with its own MSW handlers beside the OP's,
 * once with msw 2 and once with msw 3 (the `msw3` alias of msw@3): the same flows work with both.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '@playwright/test'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, completeLoginAfterRestart, configure, redirectLogin, serveApp, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

// msw 3 has its own install (compat/package.json, by `npm run test:msw3`): it wants Node 22.
const msw3 = fileURLToPath(new URL('../../compat/node_modules/msw3', import.meta.url))

const variants = [
  { msw: 'msw 2', name: 'custom-msw2', alias: [], bundled: 'node_modules/msw/', installed: true },
  {
    msw: 'msw 3',
    name: 'custom-msw3',
    alias: [
      { find: /^msw$/, replacement: msw3 },
      { find: /^msw\/(.*)$/, replacement: `${msw3}/$1` },
    ],
    bundled: 'node_modules/msw3/',
    installed: existsSync(msw3),
  },
]

for (const variant of variants) {
  test.describe(`a worker entry of the app's own, with ${variant.msw}`, () => {
    test.skip(!variant.installed, `${variant.msw} is not installed: \`npm run test:msw3\` installs it (compat/package.json) and runs these`)
    let served: ServedApp
    test.beforeAll(async () => {
      served = await serveApp({ name: variant.name, alias: variant.alias, plugin: { entry: 'custom-worker.ts' } })
    })
    test.afterAll(async () => served?.close())

    test('the plugin bundles the entry with that msw', async ({ request }) => {
      const response = await request.get(`${served.origin}/msw-oidc-worker.js`)
      expect(response.headers()['service-worker-allowed']).toBe('/')
      const script = await response.text()
      expect(script).toContain(variant.bundled)
      expect(script).toContain('e2e/worker/app/custom-worker.ts')
      // The stand-in comes before msw's cookie store asks for localStorage.
      expect(script.indexOf('Object.defineProperty(globalThis, "localStorage"')).toBeGreaterThan(-1)
      expect(script.indexOf('Object.defineProperty(globalThis, "localStorage"')).toBeLessThan(script.indexOf('__msw-cookie-store__'))
    })

    test('redirect login, and the app handlers answer beside the OP', async ({ page }) => {
      await page.goto(served.origin)
      expect((await appReady(page)).error).toBeUndefined()
      await redirectLogin(page)
      const answers = await page.evaluate(async () => {
        const hello = await fetch('/api/hello')
        const through = await fetch('/api/through')
        const unmocked = await fetch('/api/unmocked')
        const extension = await fetch('/oidc/app-extension')
        return {
          hello: await hello.json(),
          through: [through.status, through.headers.get('content-type')],
          unmocked: [unmocked.status, unmocked.headers.get('content-type')],
          extension: await extension.json(),
        }
      })
      expect(answers).toEqual({
        hello: { hello: 'from the app handler' },
        through: [200, 'text/html'], // Vite's fallback page
        unmocked: [200, 'text/html'],
        extension: { extension: true },
      })
    })

    test('a request object by reference: the OP fetches the request_uri through the app handler', async ({ page, context }) => {
      const { origin } = served
      const object = new URLSearchParams({
        client_id: 'jar', response_type: 'code', redirect_uri: `${origin}/callback`, scope: 'openid', state: 'from-the-object',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256',
      })
      const spa = { client_id: 'spa', redirect_uris: [`${origin}/callback`], token_endpoint_auth_method: 'none', grant_types: ['authorization_code'] }
      const jar = { ...spa, client_id: 'jar', request_object_signing_alg: 'none', request_uris: [`${origin}/ro/request.jwt?${object}`] }
      await configure(context, { worker: { clients: [spa, jar] as never } })
      await page.goto(origin)
      await appReady(page)
      const authorize = new URL(`${origin}/oidc/authorize`)
      authorize.search = new URLSearchParams({ client_id: 'jar', request_uri: `${origin}/ro/request.jwt?${object}` }).toString()
      // A request_uri that is not registered is refused on an error page.
      await page.goto(`${origin}/oidc/authorize?client_id=jar&request_uri=${encodeURIComponent(`${origin}/ro/other.jwt`)}`)
      await expect(page.locator('body')).toContainText('invalid_request_uri')
      await page.goto(authorize.href)
      await page.waitForURL(/\/callback\?/)
      const back = new URL(page.url())
      expect(back.searchParams.get('state')).toBe('from-the-object')
      expect(back.searchParams.get('code')).toBeTruthy()
    })

    test('the login page and a worker restart', async ({ page, context }) => {
      await configure(context, { worker: { interaction: 'login' }, manualCallback: true })
      await page.goto(served.origin)
      await appReady(page)
      await page.getByRole('button', { name: 'Log in', exact: true }).click()
      await page.getByRole('radio', { name: /Bob Builder/ }).check()
      await page.getByRole('button', { name: 'Continue' }).click()
      const { before, after } = await completeLoginAfterRestart(page, 'Bob Builder')
      expect(after).not.toBe(before)
    })
  })
}

test('an edit to the worker entry reaches the browser: bundled again, the page reloaded, the new worker installed', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'msw-oidc-entry-'))
  const entry = join(dir, 'worker.ts')
  const source = (version: number) =>
    [
      "import { http, HttpResponse } from 'msw'",
      "import { setupOidcWorker } from 'msw-oidc-provider/worker'",
      `setupOidcWorker({ handlers: [http.get('/api/version', () => HttpResponse.json({ version: ${version} }))] })`,
    ].join('\n')
  writeFileSync(entry, source(1))
  // The entry lives outside the project (so outside the dev server's own watch): resolve its imports here.
  const served = await serveApp({
    name: 'custom-msw2',
    hmr: true,
    plugin: { entry },
    alias: [
      { find: /^msw$/, replacement: fileURLToPath(import.meta.resolve('msw')) },
      { find: /^msw-oidc-provider\/worker$/, replacement: fileURLToPath(new URL('../../src/worker/index.ts', import.meta.url)) },
    ],
  })
  try {
    const version = () => page.evaluate(async () => ((await (await fetch('/api/version')).json()) as { version: number }).version)
    await page.goto(served.origin)
    await appReady(page)
    expect(await version()).toBe(1)

    const reloaded = page.waitForEvent('load')
    writeFileSync(entry, source(2))
    await reloaded
    await appReady(page)
    await expect.poll(version).toBe(2)
  } finally {
    await served.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
