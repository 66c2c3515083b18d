/**
 * The import rules of src/ (`npm run lint:deps`, part of `npm test`). Layers, top to bottom:
 *
 *   hosts (browser, worker, vite, playwright, msw, serve, protocol, cli*, index.ts)
 *   → server (server/, core.ts) → endpoints/ → features (every other folder: tokens, dpop,
 *   client-auth, pages…) → context (context/, config/) → model (client/, claims/)
 *   → store/ → utilities (errors/, http/, internal/, consts.ts, version.ts)
 *
 * An arrow may go down any number of layers, never up; type imports count as arrows.
 */
const HOSTS = '^src/(browser|worker|vite|playwright|msw|serve|protocol)/|^src/cli[^/]*\\.ts$|^src/index\\.ts$'
const SERVER = '^src/server/|^src/core\\.ts$'
const ENDPOINTS = '^src/endpoints/'
const CONTEXT = '^src/(context|config)/'
const MODEL = '^src/(client|claims)/'
const STORE = '^src/store/'
const UTILITIES = '^src/(errors|http|internal)/|^src/(consts|version)\\.ts$'
const NAMED = 'server|endpoints|context|config|client|claims|store|errors|http|internal|browser|worker|vite|playwright|msw|serve|protocol'
/** Every other folder of src/: the protocol features and domain objects. */
const FEATURES = `^src/(?!(${NAMED})/)[^/]+/`
const TESTS = '\\.test\\.ts$'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circle, type imports included: each module can be read and tested after the ones it imports.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-is-host-free',
      comment: 'The core runs on Web APIs only (Request, Response, URL, WebCrypto): no msw, Node, Vite or Playwright, not even their types.',
      severity: 'error',
      from: { path: '^src/', pathNot: [HOSTS, TESTS] },
      to: { path: ['^node_modules/(msw|vite|@playwright/test|playwright|@types/node)/', '^(msw|vite|@playwright/test)(/|$)'] },
    },
    {
      name: 'core-uses-no-node-builtin',
      comment: 'node:* modules are for the hosts (the CLI, the standalone server).',
      severity: 'error',
      from: { path: '^src/', pathNot: [HOSTS, TESTS] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-does-not-see-hosts',
      comment: 'Hosts compose the core; the core never reaches back into one.',
      severity: 'error',
      from: { path: '^src/', pathNot: [HOSTS, TESTS] },
      to: { path: HOSTS },
    },
    {
      name: 'endpoints-do-not-see-the-server',
      comment: 'Endpoints reach the OP through EndpointHost (endpoints/endpoint.ts), which the server implements.',
      severity: 'error',
      from: { path: ENDPOINTS },
      to: { path: SERVER },
    },
    {
      name: 'features-do-not-see-endpoints',
      comment: 'Tokens, client authentication, DPoP, pages… are used by endpoints, never the other way.',
      severity: 'error',
      from: { path: FEATURES },
      to: { path: [SERVER, ENDPOINTS] },
    },
    {
      name: 'context-does-not-see-features',
      comment: 'The context and the configuration are what features share: they import none of them.',
      severity: 'error',
      from: { path: CONTEXT },
      to: { path: [SERVER, ENDPOINTS, FEATURES] },
    },
    {
      name: 'model-is-below-context',
      comment: 'Client metadata and claims rules are plain data and checks: they see only the store and utilities.',
      severity: 'error',
      from: { path: MODEL },
      to: { path: [SERVER, ENDPOINTS, FEATURES, CONTEXT] },
    },
    {
      name: 'store-is-the-lowest-layer',
      comment: 'The store holds plain JSON state: it imports only utilities.',
      severity: 'error',
      from: { path: STORE },
      to: { path: [SERVER, ENDPOINTS, FEATURES, CONTEXT] },
    },
    {
      name: 'store-does-not-see-the-model',
      comment: 'State types are plain data declared in store/: the model (client metadata checks, claims rules) builds on them, not the other way.',
      severity: 'error',
      from: { path: STORE },
      to: { path: MODEL },
    },
    {
      name: 'utilities-are-leaves',
      comment: 'Errors, HTTP rendering and helpers are used everywhere, so they import only each other.',
      severity: 'error',
      from: { path: UTILITIES },
      to: { path: '^src/', pathNot: UTILITIES },
    },
    {
      name: 'no-orphans',
      comment: 'A source file nothing imports is dead code or an entry that the build does not list.',
      severity: 'error',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', TESTS, '^src/(cli|core|index)\\.ts$', '^src/[^/]+/index\\.ts$', '^src/worker/main\\.ts$', '^src/worker/tough-cookie-stub\\.ts$', '^src/worker/msw-stub\\.ts$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: TESTS },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
}
