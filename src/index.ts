/**
 * msw-oidc-provider: an OpenID Provider that runs in memory, for tests and development.
 *
 * ```ts
 * const op = new Server({ issuer: 'https://op.example.test', clients: [...], users: [...] })
 * setupServer(...op.handlers)
 * ```
 *
 * Everything `msw-oidc-provider/core` exports, with the `Server` that has `op.handlers` (msw).
 */
export * from './core.js'
export { Server } from './msw/server.js'
