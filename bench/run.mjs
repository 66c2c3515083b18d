#!/usr/bin/env node
/**
 * `npm run bench [-- --quick] [-- --only=<phases>] [-- --profile] [-- --ab=<git revision> [--rounds=N]] [-- --imports [--samples=N]]`
 *
 * The bench is TypeScript (bench/src, type-checked with the repo). Node 20 cannot run TypeScript,
 * so this launcher bundles the entry points with Vite (server build: packages stay external, the
 * OP is built from src/ as the library build does) into bench/node_modules/.cache, then runs the bench
 * in a fresh Node process with `--expose-gc`. Child processes (start-up, memory) use the same bundle.
 */
import { execSync, spawn } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { build } from 'vite'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
// Under bench/node_modules: the bundle imports the OPs of bench/package.json from there.
const outDir = join(root, 'bench/node_modules/.cache/msw-oidc-provider-bench')
const entries = ['main', 'startup-child', 'memory-child', 'round-child', 'profile-child', 'ab-child', 'imports']
const args = process.argv.slice(2)
const env = { ...process.env, BENCH_BUILD_DIR: outDir, BENCH_ROOT: root }

/**
 * A Vite server build (Node target, packages external, not minified) of `input` under `buildRoot`,
 * one output file per source file, so that a CPU profile names src/ files.
 */
const serverBuild = (buildRoot, outDir, input) =>
  build({
    configFile: false,
    root: buildRoot,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      rollupOptions: {
        input,
        // Every package stays external (bare imports), also the peers of bench/package.json, which the root's does not list.
        external: (id) => /^[\w@]/.test(id),
        output: { format: 'es', preserveModules: true, preserveModulesRoot: buildRoot, entryFileNames: '[name].mjs' },
      },
    },
  })

await serverBuild(root, outDir, entries.map((name) => join(root, 'bench/src', `${name}.ts`)))

// --ab=<rev>: the OP's src/ at that revision, built the same way, for a before/after comparison.
const ab = args.find((a) => a.startsWith('--ab='))?.slice('--ab='.length)
if (ab) {
  const abDir = join(root, 'node_modules/.cache/msw-oidc-provider-bench-ab')
  rmSync(abDir, { recursive: true, force: true })
  mkdirSync(abDir, { recursive: true })
  execSync(`git archive ${JSON.stringify(ab)} src | tar -x -C ${JSON.stringify(abDir)}`, { cwd: root, stdio: 'inherit' })
  await serverBuild(abDir, join(abDir, 'out'), join(abDir, 'src/index.ts'))
  env.BENCH_AB_BEFORE = join(abDir, 'out/src/index.mjs')
  env.BENCH_AB_REV = ab
}

const entry = args.includes('--imports') ? 'imports' : args.includes('--profile') ? 'profile-child' : ab ? 'ab-child' : 'main'
const child = spawn(process.execPath, ['--expose-gc', join(outDir, 'bench/src', `${entry}.mjs`), ...args], {
  stdio: 'inherit',
  env,
})
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
