/**
 * `startWorker`'s errors say what is wrong and what to do: no service workers, the worker script
 * missing or from another release, an origin where a mock OP must not run. The worker refuses such
 * an origin on its own too, and says so in its console.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test, type ConsoleMessage } from '@playwright/test'
import type { Plugin } from 'vite'
import { VERSION } from '../../src/version.js'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, configure, redirectLogin, serveApp, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

/** Serves the ready-made worker as if it came from another release. */
function oldWorker(): Plugin {
  return {
    name: 'old-worker',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== '/old-worker.js') return next()
        const script = readFileSync(fileURLToPath(new URL('../../dist/msw-oidc-worker.js', import.meta.url)), 'utf8')
        const old = script.replaceAll(`\`${VERSION}\``, '`0.0.1-old`')
        if (old === script) throw new Error(`the worker script does not hold its version ${VERSION} as expected`)
        res.setHeader('content-type', 'text/javascript')
        res.end(old)
      })
    },
  }
}

let served: ServedApp
test.beforeAll(async () => {
  served = await serveApp({ name: 'ready-made', plugins: [oldWorker()] })
})
test.afterAll(async () => served?.close())

test('no service workers', async ({ page, context }) => {
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined }))
  await page.goto(served.origin)
  const state = await appReady(page)
  expect(state.error?.code).toBe('unsupported')
  expect(state.error?.message).toMatch(/no service workers .*secure context/)
})

for (const url of ['/no-such-worker.js', '/no-such-folder/']) {
  test(`the worker script is missing (${url})`, async ({ page, context }) => {
    await configure(context, { worker: { url } })
    await page.goto(served.origin)
    const state = await appReady(page)
    expect(state.error?.code).toBe('script_missing')
    expect(state.error?.message).toContain('npx msw-oidc-provider init <publicDir>')
  })
}

test('the worker script is from another release', async ({ page, context }) => {
  await configure(context, { worker: { url: '/old-worker.js' } })
  await page.goto(served.origin)
  const state = await appReady(page)
  expect(state.error?.code).toBe('script_outdated')
  expect(state.error?.message).toContain(`msw-oidc-provider 0.0.1-old, this page uses ${VERSION}`)
})

test('the worker script is from another release, on a page it controls already (a reload)', async ({ page, context }) => {
  await configure(context, { worker: { url: '/old-worker.js' } })
  await page.goto(served.origin)
  expect((await appReady(page)).error?.code).toBe('script_outdated')
  await page.reload()
  const state = await appReady(page)
  expect(state.controlledAtStart).toBe(true)
  expect(state.error?.code).toBe('script_outdated')
})

const refused = [
  { worker: { ttl: { AccessToken: -1 } }, field: 'ttl.AccessToken' },
  { worker: { sessionBinding: 'cookie' as const }, field: 'sessionBinding' },
]
for (const { worker, field } of refused) {
  test(`a configuration the worker refuses names the field (${field})`, async ({ page, context }) => {
    await configure(context, { worker })
    await page.goto(served.origin)
    const state = await appReady(page)
    expect(state.error).toEqual(expect.objectContaining({ code: 'invalid_configuration' }))
    expect(state.error?.message).toContain(field)
  })
}

test('functions cannot cross to the worker: the page says which', async ({ page }) => {
  await page.goto(served.origin)
  await appReady(page)
  const error = await page.evaluate(async () => {
    try {
      // @ts-expect-error a clock is not part of what the worker accepts
      await window.app.op!.configure({ clock: () => Date.now() })
      return undefined
    } catch (thrown) {
      const { code, field, message } = thrown as { code: string; field: string; message: string }
      return { code, field, message }
    }
  })
  expect(error).toEqual({ code: 'invalid_configuration', field: 'clock', message: expect.stringContaining('only JSON can be sent to the worker') })
})

test.describe('an origin that is not loopback', () => {
  let other: ServedApp
  test.beforeAll(async () => {
    // 127.0.0.2 is this machine too, and a secure context, but not one of the names the worker trusts.
    other = await serveApp({ name: 'ready-made', host: '127.0.0.2' })
  })
  test.afterAll(async () => other?.close())

  test('startWorker refuses it, and registers nothing', async ({ page }) => {
    await page.goto(other.origin)
    const state = await appReady(page)
    expect(state.error?.code).toBe('origin_not_allowed')
    expect(state.error?.message).toContain(`refusing to serve the mock OpenID Provider on ${other.origin}`)
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)).toBe(0)
  })

  test('allowedOrigins lets it serve there', async ({ page, context }) => {
    await configure(context, { worker: { allowedOrigins: [other.origin] } })
    await page.goto(other.origin)
    expect((await appReady(page)).error).toBeUndefined()
    await redirectLogin(page)
  })

  test('the worker itself refuses to serve there, and says so in its console', async ({ page, context }) => {
    const consoleLines: string[] = []
    const listen = (message: ConsoleMessage) => consoleLines.push(message.text())
    context.on('console', listen)
    context.on('serviceworker', (worker) => worker.on('console', listen))
    await page.goto(`${other.origin}/no-app`) // the test page without its script: nothing calls startWorker
    const reply = await page.evaluate(async (issuer) => {
      const registration = await navigator.serviceWorker.register(`/msw-oidc-worker.js?issuer=${encodeURIComponent(issuer)}`)
      const worker = registration.installing ?? registration.waiting ?? registration.active!
      const { port1, port2 } = new MessageChannel()
      const answered = new Promise<{ ok: boolean; error?: { message: string } }>((resolve) => (port1.onmessage = (e) => resolve(e.data)))
      worker.postMessage({ type: 'msw-oidc-provider:call', method: 'configure', args: [{ issuer, users: [{ sub: 'x' }] }] }, [port2])
      return answered
    }, `${other.origin}/oidc`)
    expect(reply.ok).toBe(false)
    expect(reply.error?.message).toContain('refusing to serve')

    await page.reload() // now controlled by the worker
    expect(await page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true)
    const discovery = await page.evaluate(async () => {
      const response = await fetch('/oidc/.well-known/openid-configuration')
      return { status: response.status, type: response.headers.get('content-type') }
    })
    expect(discovery).toEqual({ status: 200, type: 'text/html' }) // Vite's fallback page, not the OP's JSON
    await expect.poll(() => consoleLines.some((line) => line.includes(`refusing to serve the mock OpenID Provider on ${other.origin}`))).toBe(true)
  })
})
