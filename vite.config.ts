/// <reference types="vitest/config" />
import { defineConfig } from 'vite'

/**
 * The library build (ES modules, dependencies left external; `tsc -p tsconfig.build.json` writes
 * the `.d.ts` files beside them) and the Vitest configuration.
 */
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    sourcemap: false,
    lib: {
      entry: { index: 'src/index.ts', core: 'src/core.ts', 'browser/index': 'src/browser/index.ts', 'vite/index': 'src/vite/index.ts', 'worker/index': 'src/worker/index.ts', cli: 'src/cli.ts', 'playwright/index': 'src/playwright/index.ts', 'worker/local-storage-shim': 'src/worker/local-storage-shim.ts' },
      formats: ['es'],
    },
    rollupOptions: {
      external: [/^msw(\/.*)?$/, /^jose(\/.*)?$/, /^@noble\/hashes(\/.*)?$/, /^zustand(\/.*)?$/, /^node:/, /^vite(\/.*)?$/, /^@playwright\/test$/, /^jiti(\/.*)?$/, /^selfsigned$/],
      // Chunks, not one file per module: Node loads a module file in about half a millisecond, so the
      // core entry's ~200 files cost more than their code (issue 16). Chunks sit beside the entries in
      // dist/, where the `import.meta.url` of src/cli-init.ts looks for the worker script;
      // worker/local-storage-shim is an entry because the Vite plugin bundles it by its path.
      output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
})
