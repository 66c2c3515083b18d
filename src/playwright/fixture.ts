/**
 * The Playwright fixture: every test gets a fresh OP in the test process, and the browser context's
 * requests for its issuer are routed to it, so the app under test may use any issuer origin, with
 * real cookies, across pages, tabs, popups and iframes.
 */
import {
  test as base,
  type BrowserContext,
  type Fixtures,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type TestType,
} from '@playwright/test'
import type { ServerConfiguration } from '../config/options.js'
import { Server } from '../msw/server.js'
import type { User } from '../store/state.js'
import { routeIssuer } from './route.js'
import { recordRoutes } from './outbound.js'

/** The issuer of the fixture's OP unless `oidc.issuer` says otherwise. */
export const DEFAULT_ISSUER = 'https://login.example.test'

/** The user the fixture's OP knows when `oidc.users` is not given. */
export const DEFAULT_USER: User = { sub: 'alice', name: 'Alice Example', email: 'alice@example.com', email_verified: true }

/**
 * The configuration of the fixture's OP: a {@link ServerConfiguration} whose `issuer` may be left
 * out. Defaults: issuer {@link DEFAULT_ISSUER}, `sessionBinding: 'cookie'` (a session cookie per
 * browser context, as a real OP), users `[DEFAULT_USER]`.
 */
export type OidcConfiguration = Omit<ServerConfiguration, 'issuer'> & { issuer?: string }

/** The fixture's options, set with `test.use({ oidc: {...} })`. */
export interface OidcTestOptions {
  /**
   * The OP's configuration, as `test.use({ oidc: { clients, users, ... } })`. A fixture function
   * works too, for values known only at run time: `oidc: async ({ baseURL }, use) => use({...})`.
   */
  oidc: OidcConfiguration
}

/** The fixtures `test` gains: `op`, the OP of this test. */
export interface OidcTestFixtures {
  /**
   * The OP of this test (a {@link Server}): read its state with `op.dump()` or `op.serverGet(...)`,
   * change it with `op.putUser(...)`, move its clock with `op.clock`. It is created before the test's
   * first page and dropped after the test.
   */
  op: Server
}

type BaseTestArgs = PlaywrightTestArgs & PlaywrightTestOptions
type BaseWorkerArgs = PlaywrightWorkerArgs & PlaywrightWorkerOptions

/** Builds and starts the OP of one test, routed on `context`; resolves to it and its teardown. */
async function startOP(context: BrowserContext, oidc: OidcConfiguration, serviceWorkers: 'allow' | 'block') {
  const given = Object.fromEntries(Object.entries(oidc).filter(([, value]) => value !== undefined)) as OidcConfiguration
  const configuration: ServerConfiguration = {
    issuer: DEFAULT_ISSUER,
    sessionBinding: 'cookie',
    users: [DEFAULT_USER],
    ...given,
  }
  const op = new Server(configuration)
  await op.ready()
  const unroute = await routeIssuer(context, op)
  // The OP's requests out (a request_uri, a jwks_uri, back-channel logout) go through the test's routes.
  const routes = recordRoutes(context)
  op.outboundFetch = (request) => routes.fetch(request)
  const issuerOrigin = new URL(op.issuer).origin
  const warnOfWorker = (worker: { url(): string }) => {
    if (new URL(worker.url()).origin !== issuerOrigin) return
    console.warn(
      `[msw-oidc-provider] a service worker started at ${worker.url()}, on the issuer's origin: requests it answers ` +
        "itself never reach the test's OP. Leave the fixture's default serviceWorkers: 'block', or do not start it.",
    )
  }
  if (serviceWorkers !== 'block') context.on('serviceworker', warnOfWorker)
  return {
    op,
    async stop() {
      context.off('serviceworker', warnOfWorker)
      routes.stop()
      await unroute()
    },
  }
}

/**
 * The fixtures, to spread into a suite's own `test.extend(...)`:
 * `oidc` (option), `op` (automatic, one per test), and `serviceWorkers: 'block'` as the default
 * (the app's service worker would otherwise answer requests before the routes see them).
 */
export const oidcFixtures: Fixtures<OidcTestOptions & OidcTestFixtures, {}, BaseTestArgs, BaseWorkerArgs> = {
  oidc: [{}, { option: true }],
  serviceWorkers: 'block',
  op: [
    async ({ context, oidc, serviceWorkers }, use) => {
      const { op, stop } = await startOP(context, oidc, serviceWorkers ?? 'allow')
      await use(op)
      await stop()
    },
    { auto: true },
  ],
}

/**
 * Adds the fixtures to a suite's existing `test`:
 *
 * ```ts
 * import { test as appTest } from './fixtures'
 * import { withOidc } from 'msw-oidc-provider/playwright'
 * export const test = withOidc(appTest)
 * ```
 */
export function withOidc<T extends BaseTestArgs, W extends BaseWorkerArgs>(test: TestType<T, W>): TestType<T & OidcTestOptions & OidcTestFixtures, W> {
  return test.extend<OidcTestOptions & OidcTestFixtures>(oidcFixtures as Fixtures<OidcTestOptions & OidcTestFixtures, {}, T, W>)
}

/**
 * `@playwright/test`'s `test` with an OP per test:
 *
 * ```ts
 * import { test, expect } from 'msw-oidc-provider/playwright'
 * test.use({ oidc: { clients: [{ client_id: 'spa', redirect_uris: ['http://localhost:5173/callback'],
 *                                 token_endpoint_auth_method: 'none' }] } })
 * test('logs in', async ({ page, op }) => { ... })
 * ```
 */
export const test = withOidc(base)
