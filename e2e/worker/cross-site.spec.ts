/**
 * Issue 9 in the worker, in Chromium: a page of the origin that never called startWorker cannot
 * control the OP (flaw 9); a page of another origin cannot read the OP (its fetches never reach
 * the worker); a top-level navigation from another site logs in silently by default, and not with
 * `requireSameOriginLogin` (flaw 5b). See docs/security.md.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test'
import { hasChromium, NO_CHROMIUM } from '../_chromium.js'
import { appReady, configure, redirectLogin, serveApp, type ServedApp } from './_harness.js'

test.skip(!hasChromium, NO_CHROMIUM)

const EVIL = 'https://evil.example.test'

let served: ServedApp
test.beforeAll(async () => {
  served = await serveApp({ name: 'ready-made' })
})
test.afterAll(async () => served?.close())

/** A page of another site, whose own document sends no referrer. */
async function evilPage(context: BrowserContext): Promise<Page> {
  await context.route(`${EVIL}/**`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><meta name="referrer" content="no-referrer"><title>another site</title>' }))
  const evil = await context.newPage()
  await evil.goto(`${EVIL}/`)
  return evil
}

/** The authorize URL of the app's client, with `prompt=none`. */
function silentAuthorize(): string {
  const params = new URLSearchParams({
    client_id: 'spa',
    redirect_uri: `${served.origin}/callback`,
    response_type: 'code',
    scope: 'openid',
    prompt: 'none',
    state: 'attacker-state',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuKG-u3Rb6w',
    code_challenge_method: 'S256',
  })
  return `${served.origin}/oidc/authorize?${params}`
}

test('a page of the origin that did not call startWorker cannot dump the keys or add a user through raw messages', async ({ page, context }) => {
  await page.goto(served.origin)
  expect((await appReady(page)).error).toBeUndefined()
  await context.route(`${served.origin}/stray.html`, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>stray</title>' }))
  const stray = await context.newPage()
  await stray.goto(`${served.origin}/stray.html`)
  const replies = await stray.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration()
    const call = (method: string, args: unknown[]) =>
      new Promise<{ ok: boolean; error?: { message: string } }>((resolve) => {
        const { port1, port2 } = new MessageChannel()
        port1.onmessage = (event) => resolve(event.data)
        registration!.active!.postMessage({ type: 'msw-oidc-provider:call', method, args }, [port2])
      })
    return { dump: await call('dump', []), putUser: await call('putUser', [{ sub: 'mallory' }]), hello: await call('hello', []) }
  })
  expect(replies.dump).toMatchObject({ ok: false, error: { message: expect.stringMatching(/did not start the worker/) } })
  expect(replies.putUser).toMatchObject({ ok: false, error: { message: expect.stringMatching(/did not start the worker/) } })
  expect(replies.hello.ok).toBe(true)
  // The app's page, which started the worker, still controls it; mallory was not added.
  const users = await page.evaluate(async () => Object.keys((await window.app.op!.dump()).users))
  expect(users).not.toContain('mallory')
})

test('another origin cannot read the OP; by default its top-level navigation logs in silently (the documented trade-off)', async ({ page, context }) => {
  await page.goto(served.origin)
  await appReady(page)
  await redirectLogin(page)
  const evil = await evilPage(context)
  const reads = await evil.evaluate(async (urls) => {
    const out: string[] = []
    for (const url of urls) out.push(await fetch(url, { credentials: 'include' }).then((r) => `read ${r.status}`, (e: unknown) => `refused: ${String(e)}`))
    return out
  }, [silentAuthorize(), `${served.origin}/oidc/.well-known/openid-configuration`])
  for (const read of reads) expect(read).toMatch(/^refused: TypeError/)

  await evil.goto(silentAuthorize())
  await expect(evil).toHaveURL(/\/callback\?code=/)
})

test('requireSameOriginLogin: the app logs in, a navigation from another site gets a 403 page and no code', async ({ page, context }) => {
  await configure(context, { worker: { requireSameOriginLogin: true } })
  await page.goto(served.origin)
  expect((await appReady(page)).error).toBeUndefined()
  await redirectLogin(page)
  const evil = await evilPage(context)
  const response = await evil.goto(silentAuthorize())
  expect(response?.status()).toBe(403)
  await expect(evil.getByRole('heading')).toHaveText('Login refused')
  expect(evil.url()).not.toContain('code=')
  // The app's own silent renew (an iframe its page starts) still works.
  const before = await page.evaluate(() => window.app.user!.access_token)
  await page.getByRole('button', { name: 'Renew' }).click()
  await expect.poll(() => page.evaluate(() => window.app.user?.access_token)).not.toBe(before)
})
