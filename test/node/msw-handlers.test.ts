/**
 * `op.handlers` beside an app's own msw handlers: what the OP claims and what it leaves to the
 * handlers after it or to `onUnhandledRequest`, handlers placed before it and `server.use()`
 * overrides winning, and the URLs msw's string patterns used to match (any letter case, a trailing
 * slash) still the OP's. The same whatever shape `op.handlers` has inside (issue 16).
 */
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { createOp, expectOAuthError, ISSUER } from './_helpers.js'

const API = 'https://api.example.test'
const TENANT_ORIGIN = 'https://idp.example.test'
const TENANT = `${TENANT_ORIGIN}/tenant`

const op = createOp()
const tenant = createOp({ issuer: TENANT })
const app = (label: string) => () => Response.json({ answeredBy: label })

const msw = setupServer(
  // Placed before the OP's: an app's own UserInfo (GET only).
  http.get(`${ISSUER}/userinfo`, app('app, before')),
  ...op.handlers,
  ...tenant.handlers,
  // Placed after the OP's.
  http.get(`${API}/ping`, app('app, after')),
  http.get(`${ISSUER}/nothing-here`, app('app, after')),
  http.get(`${TENANT_ORIGIN}/.well-known/other`, app('app, after')),
)
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }))
afterEach(() => msw.resetHandlers())
afterAll(() => msw.close())

const answeredBy = async (response: Response): Promise<unknown> => ((await response.json()) as { answeredBy?: string }).answeredBy

describe('handlers of the app beside the OP', () => {
  test('a handler placed before the OP answers its endpoint URL, for its method only', async () => {
    expect(await answeredBy(await fetch(`${ISSUER}/userinfo`))).toBe('app, before')
    const post = await fetch(`${ISSUER}/userinfo`, { method: 'POST' })
    expect(post.status).toBe(401)
    expect(post.headers.get('www-authenticate')).toMatch(/^Bearer/)
  })

  test('server.use() overrides an endpoint until the handlers are reset', async () => {
    msw.use(http.get(`${ISSUER}/jwks`, app('override')))
    expect(await answeredBy(await fetch(`${ISSUER}/jwks`))).toBe('override')
    msw.resetHandlers()
    expect(((await (await fetch(`${ISSUER}/jwks`)).json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0)
  })

  test('server.use() overrides the handler placed before the OP too', async () => {
    msw.use(http.get(`${ISSUER}/userinfo`, app('override')))
    expect(await answeredBy(await fetch(`${ISSUER}/userinfo`))).toBe('override')
  })

  test('requests outside the issuer go on to the handlers after the OP, or to onUnhandledRequest', async () => {
    expect(await answeredBy(await fetch(`${API}/ping`))).toBe('app, after')
    await expect(fetch(`${API}/unknown`)).rejects.toThrow()
    await expect(fetch(`${TENANT_ORIGIN}/elsewhere`)).rejects.toThrow()
  })

  test('under the issuer the OP answers everything, with a 404 where no endpoint is', async () => {
    await expectOAuthError(await fetch(`${ISSUER}/nothing-here`), 404, 'not_found')
  })
})

describe('the URLs the OP claims', () => {
  test('an endpoint URL in another letter case or with a trailing slash is the OP’s', async () => {
    expect((await fetch(`${ISSUER}/JWKS/`)).status).toBe(404)
    await expectOAuthError(await fetch(`${TENANT_ORIGIN}/.well-known/oauth-authorization-server/TENANT/`), 404, 'not_found')
    await expectOAuthError(await fetch(`${TENANT_ORIGIN}/TENANT/token`), 404, 'not_found')
  })

  test('an issuer with a path: its RFC 8414 metadata at the origin’s root is the OP’s, other well-known URLs go on', async () => {
    const metadata = (await (await fetch(`${TENANT_ORIGIN}/.well-known/oauth-authorization-server/tenant`)).json()) as { issuer: string }
    expect(metadata.issuer).toBe(TENANT)
    expect((await fetch(`${TENANT}/.well-known/openid-configuration`)).status).toBe(200)
    expect(await answeredBy(await fetch(`${TENANT_ORIGIN}/.well-known/other`))).toBe('app, after')
  })

  test('op.handlers is a fresh array of msw handlers each time', () => {
    expect(op.handlers).not.toBe(op.handlers)
    expect(op.handlers.every((handler) => typeof handler.run === 'function')).toBe(true)
  })
})
