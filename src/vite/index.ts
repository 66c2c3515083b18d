/**
 * msw-oidc-provider/vite: serves the OP's worker script in `vite dev`; emits it in `vite build` only
 * with `build: true` (a mock OP lets anyone log in as anyone: a production build leaves it out).
 *
 * ```ts
 * // vite.config.ts
 * import { oidcWorker } from 'msw-oidc-provider/vite'
 * export default defineConfig({ plugins: [oidcWorker()] })
 * ```
 *
 * With `entry`, the worker is your own script, bundled by the plugin, that adds your MSW handlers
 * beside the OP's (a scope holds one worker, so this is how an app keeps its other mocks):
 *
 * ```ts
 * oidcWorker({ entry: 'src/mocks/worker.ts' })
 * // src/mocks/worker.ts
 * import { setupOidcWorker } from 'msw-oidc-provider/worker'
 * import { handlers } from './handlers'
 * setupOidcWorker({ handlers })
 * ```
 */
import { readFile } from 'node:fs/promises'
import { isAbsolute, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin, ResolvedConfig, ViteDevServer } from 'vite'

/** Options of {@link oidcWorker}. */
export interface OidcWorkerPluginOptions {
  /**
   * A worker entry of your own (a path from the project root) that calls `setupOidcWorker` from
   * `msw-oidc-provider/worker`. Default: the ready-made worker, which runs the OP alone.
   */
  entry?: string
  /** The file name the worker is served and emitted as, at the root of `base`. Default `msw-oidc-worker.js`. */
  fileName?: string
  /**
   * Also emit the worker script in `vite build` (for a test or preview deployment). Default false:
   * a production build contains no mock OP, and `startWorker` there fails with `script_missing`.
   */
  build?: boolean
  /** Minify a bundled `entry`. Default: in `vite build` only. */
  minify?: boolean
}

/** Files of this package, from this module in dist/vite/ (through a variable: bundlers rewrite `new URL('…', import.meta.url)`). */
const HERE = import.meta.url
const inPackage = (path: string): string => fileURLToPath(new URL(path, HERE))
/** The ready-made worker script. */
const READY_MADE = inPackage('../msw-oidc-worker.js')
/** Evaluated before anything in a bundled entry, so that msw finds a `localStorage`. */
const SHIM = inPackage('../worker/local-storage-shim.js')
const VIRTUAL_ENTRY = '\0msw-oidc-provider:worker-entry'
const VIRTUAL_TLDTS = '\0msw-oidc-provider:tldts'
/**
 * Stands in for `tldts` (about 120 KiB of public-suffix list that msw's cookie jar, tough-cookie,
 * asks for `getDomain` only). A worker never sees the browser's cookies; msw's emulated jar keeps
 * working, with the registrable domain taken as the last two labels of the host name.
 */
const TLDTS_STUB = `export function getDomain(hostname) {
  if (!hostname || /^[\\d.]+$/.test(hostname) || hostname.includes(':')) return null
  const labels = hostname.replace(/\\.$/, '').split('.')
  return labels.length < 2 ? null : labels.slice(-2).join('.')
}`

/**
 * The Vite plugin: serves the OP's worker script in `vite dev`, and emits it into the build only with
 * `build: true` (for `vite preview` and test deployments).
 */
export function oidcWorker(options: OidcWorkerPluginOptions = {}): Plugin {
  const fileName = options.fileName ?? 'msw-oidc-worker.js'
  let config: ResolvedConfig
  /** The bundled entry, until one of its files changes. */
  let cached: { code: string; files: Set<string> } | undefined
  let pending: Promise<{ code: string; files: Set<string> }> | undefined

  let readyMade: Promise<string> | undefined
  let devServer: ViteDevServer | undefined

  async function workerSource(dev: boolean): Promise<string> {
    if (!options.entry) {
      // It changes only with the package, which restarts the dev server.
      if (!readyMade) {
        readyMade = readFile(READY_MADE, 'utf8')
        readyMade.catch(() => (readyMade = undefined))
      }
      return readyMade
    }
    if (cached) return cached.code
    pending ??= bundleEntry(config, resolve(config.root, options.entry), options.minify ?? !dev).then(
      (result) => {
        cached = result
        pending = undefined
        // Watch the entry's own files, in the project or not (the dev server watches only the root).
        devServer?.watcher.add([...result.files].filter((file) => !file.includes(`${sep}node_modules${sep}`)))
        return result
      },
      (error: unknown) => {
        pending = undefined
        throw error
      },
    )
    return (await pending).code
  }

  return {
    name: 'msw-oidc-provider:worker',
    configResolved(resolved) {
      config = resolved
    },
    configureServer(server: ViteDevServer) {
      devServer = server
      const path = `${config.base.replace(/\/?$/, '/')}${fileName}`
      server.middlewares.use(async (req, res, next) => {
        if (req.method !== 'GET' || req.url?.split('?')[0] !== path) return next()
        try {
          const code = await workerSource(true)
          res.setHeader('content-type', 'text/javascript; charset=utf-8')
          res.setHeader('cache-control', 'no-cache')
          res.setHeader('service-worker-allowed', '/')
          res.end(code)
        } catch (error) {
          server.config.logger.error(`[msw-oidc-provider] could not bundle the worker entry: ${String(error)}`)
          next(error)
        }
      })
      if (options.entry) {
        // A change to the worker's code: bundle again, and reload pages so the browser installs it.
        server.watcher.on('change', (file) => {
          if (cached?.files.has(resolve(file))) {
            cached = undefined
            server.ws.send({ type: 'full-reload' })
          }
        })
      }
    },
    async generateBundle() {
      if (!options.build) return
      if (this.environment && this.environment.config.consumer !== 'client') return
      this.emitFile({ type: 'asset', fileName, source: await workerSource(false) })
    },
  }
}

export default oidcWorker

/** Bundles a worker entry into one classic script, with the `localStorage` stand-in evaluated first. */
async function bundleEntry(config: ResolvedConfig, entry: string, minify: boolean): Promise<{ code: string; files: Set<string> }> {
  const { build } = await import('vite')
  const result = await build({
    configFile: false,
    root: config.root,
    mode: config.mode,
    logLevel: 'warn',
    resolve: {
      alias: config.resolve.alias,
    },
    define: { ...config.define, 'process.env.NODE_ENV': JSON.stringify(minify ? 'production' : 'development') },
    plugins: [
      {
        name: 'msw-oidc-provider:worker-entry',
        enforce: 'pre',
        async resolveId(id, importer) {
          if (id === VIRTUAL_ENTRY) return id
          if (id === 'tldts') return VIRTUAL_TLDTS
          // The shim and the entry are imported for what they do: keep them whatever a package.json's
          // `sideEffects` says.
          if (importer === VIRTUAL_ENTRY) {
            const resolved = await this.resolve(id, importer, { skipSelf: true })
            return resolved && { ...resolved, moduleSideEffects: true }
          }
          return undefined
        },
        load(id) {
          if (id === VIRTUAL_ENTRY) return `import ${JSON.stringify(SHIM)}\nimport ${JSON.stringify(entry)}\n`
          if (id === VIRTUAL_TLDTS) return TLDTS_STUB
          return undefined
        },
      },
    ],
    build: {
      write: false,
      emptyOutDir: false,
      copyPublicDir: false,
      target: 'es2022',
      minify,
      sourcemap: minify ? false : 'inline',
      rollupOptions: { input: { worker: VIRTUAL_ENTRY }, output: { format: 'iife', entryFileNames: 'worker.js' } },
    },
  })
  const outputs = Array.isArray(result) ? result : [result]
  for (const output of outputs) {
    if (!('output' in output)) continue
    const chunk = output.output.find((item) => item.type === 'chunk')
    if (chunk && chunk.type === 'chunk') {
      const files = new Set(chunk.moduleIds.filter((id) => isAbsolute(id)).map((id) => resolve(id)))
      return { code: chunk.code, files }
    }
  }
  throw new Error(`bundling ${entry} gave no script`)
}
