import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url))

/**
 * Modules the worker script takes from a stub in their place, by their resolved path: the Node
 * signer and the OP's msw handlers, which nothing in a service worker with msw stubbed out runs.
 */
const STUBS = new Map([
  [source('src/msw/node-signer.ts'), source('src/worker/msw-binding-stub.ts')],
  [source('src/msw/handlers.ts'), source('src/worker/msw-binding-stub.ts')],
])

/** Resolves each import as usual, then puts the stub of {@link STUBS} in the module's place. */
const stubs: Plugin = {
  name: 'msw-oidc-worker-stubs',
  enforce: 'pre',
  async resolveId(id, importer, options) {
    const resolved = await this.resolve(id, importer, { ...options, skipSelf: true })
    return (resolved && STUBS.get(resolved.id)) ?? null
  },
}

/**
 * The ready-made worker script, dist/msw-oidc-worker.js: one classic script (IIFE) bundling msw,
 * jose, zustand and the OP, so it works as a service worker in every browser, from any folder,
 * in dev and in production builds alike. Runs after the library build (which empties dist/).
 */
export default defineConfig({
  resolve: {
    // The OP sets no cookies in a worker: msw's cookie jar stays empty (see the stub).
    alias: [
      { find: /^tough-cookie$/, replacement: fileURLToPath(new URL('src/worker/tough-cookie-stub.ts', import.meta.url)) },
      // Its requests are all the OP's: `op.handle` answers them without msw (see the stub).
      { find: /^msw$/, replacement: fileURLToPath(new URL('src/worker/msw-stub.ts', import.meta.url)) },
      // jose imported statically: the lazy loading of the library build (src/internal/jose.ts) saves
      // import time in Node, and in a bundle it would only keep more of jose.
      { find: /^[./]*(?:internal\/)?jose\.js$/, replacement: fileURLToPath(new URL('src/internal/jose-eager.ts', import.meta.url)) },
    ],
  },
  plugins: [stubs],
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    lib: {
      entry: 'src/worker/main.ts',
      formats: ['iife'],
      name: 'mswOidcWorker',
      fileName: () => 'msw-oidc-worker.js',
    },
  },
})
