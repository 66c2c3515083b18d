/**
 * The demo: `npm run demo` (vite dev). The package's own Vite plugin serves the OP's worker,
 * bundled from this repository's sources (`entry`), so the demo needs no build first. In an app:
 * `import { oidcWorker } from 'msw-oidc-provider/vite'` and `oidcWorker()`, which serves the
 * ready-made worker script of the installed package. The demo's pages import the package by its
 * public entry (`msw-oidc-provider/browser`), resolved here to its source.
 */
import { fileURLToPath } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import { oidcWorker } from '../src/vite/index.js'

/**
 * The second RP's backend (demo/second-rp.ts): its back-channel logout URI accepts the OP's
 * logout token (Back-Channel Logout §2.8: 200), as an RP's server would.
 */
function secondRpBackend(): Plugin {
  return {
    name: 'demo-second-rp-backend',
    configureServer(server) {
      server.middlewares.use('/rp2/backchannel-logout', (request, response) => {
        response.statusCode = request.method === 'POST' ? 200 : 405
        response.setHeader('cache-control', 'no-store')
        response.end()
      })
    },
  }
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  cacheDir: fileURLToPath(new URL('../node_modules/.vite/demo', import.meta.url)),
  clearScreen: false,
  resolve: { alias: { 'msw-oidc-provider/browser': fileURLToPath(new URL('../src/browser/index.ts', import.meta.url)) } },
  plugins: [oidcWorker({ entry: '../src/worker/main.ts' }), secondRpBackend()],
  // Found at start, not on the first page load (a late find reloads the page mid-login).
  optimizeDeps: { include: ['oidc-client-ts', 'oauth4webapi', 'jose', 'zustand/vanilla', 'zustand/vanilla/shallow', '@noble/hashes/sha2.js'] },
  build: { outDir: 'dist', emptyOutDir: true },
})
