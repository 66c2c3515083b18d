/**
 * `npm run bench -- --imports [--samples=N]`: what importing the package costs, and what the worker
 * script weighs (issue 16 items 5 and 7). Needs `npm run build` first: it measures dist/.
 *
 * Import: a fresh `node` per sample, timing `await import(…)` inside it (Node's own start-up is
 * not in the figure); the subjects alternate, the figure is the median. jose and msw alone are the
 * floors: the core entry is reported as a multiple of jose's import, the main entry of msw's.
 *
 * Worker script: dist/msw-oidc-worker.js minified and gzip -9, then the same build again
 * (vite.worker.config.ts, into a temporary folder) with each module's rendered size (after tree
 * shaking, before minifying), by package or src/ folder, and the largest modules.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Plugin } from 'vite'
import { median } from './stats.js'

const root = process.env.BENCH_ROOT ?? process.cwd()
const samples = Number(process.argv.find((a) => a.startsWith('--samples='))?.slice('--samples='.length) ?? 15)
const SUBJECTS = [
  ['msw-oidc-provider/core (dist/core.js)', './dist/core.js'],
  ['jose alone', 'jose'],
  ['msw-oidc-provider (dist/index.js)', './dist/index.js'],
  ['msw alone', 'msw'],
] as const
if (!existsSync(join(root, 'dist/core.js')) || !existsSync(join(root, 'dist/msw-oidc-worker.js'))) {
  throw new Error('dist/ is not built: run `npm run build` first')
}

/** Milliseconds of `await import(specifier)` in a fresh Node process started in the repository. */
function importMs(specifier: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t))`
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }))
}

const times = new Map<string, number[]>(SUBJECTS.map(([label]) => [label, []]))
for (let i = 0; i < samples; i++) {
  for (const [label, specifier] of SUBJECTS.map((_, j) => SUBJECTS[(i + j) % SUBJECTS.length]!)) times.get(label)!.push(importMs(specifier))
}
const med = (label: string): number => median(times.get(label)!)
const fmt = (ms: number): string => `${ms.toFixed(1)} ms`
console.log(`Import, median of ${samples} fresh processes (min–max):`)
for (const [label] of SUBJECTS) {
  const list = times.get(label)!
  console.log(`  ${label.padEnd(40)} ${fmt(med(label)).padStart(9)}  (${fmt(Math.min(...list))}–${fmt(Math.max(...list))})`)
}
console.log(`  core entry / jose alone: ×${(med(SUBJECTS[0][0]) / med(SUBJECTS[1][0])).toFixed(2)}; main entry / msw alone: ×${(med(SUBJECTS[2][0]) / med(SUBJECTS[3][0])).toFixed(2)}`)

const KiB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`
const script = readFileSync(join(root, 'dist/msw-oidc-worker.js'))
console.log(`\ndist/msw-oidc-worker.js: ${KiB(script.length)} minified, ${KiB(gzipSync(script, { level: 9 }).length)} gzip -9`)

const modules: Array<[id: string, bytes: number]> = []
const sizes: Plugin = {
  name: 'bench-module-sizes',
  generateBundle(_, bundle) {
    for (const output of Object.values(bundle)) if (output.type === 'chunk') for (const [id, m] of Object.entries(output.modules)) modules.push([id, m.renderedLength])
  },
}
const outDir = mkdtempSync(join(tmpdir(), 'msw-oidc-worker-sizes-'))
await build({ root, configFile: join(root, 'vite.worker.config.ts'), logLevel: 'error', plugins: [sizes], build: { outDir, emptyOutDir: true } })
rmSync(outDir, { recursive: true, force: true })
const short = (id: string): string => id.replace(/^.*?node_modules\//, '').replace(`${root}/`, '')
const group = (id: string): string => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1] ?? short(id).replace(/^(src\/[^/]+)\/.*$/, '$1')
const groups = new Map<string, number>()
for (const [id, bytes] of modules) groups.set(group(id), (groups.get(group(id)) ?? 0) + bytes)
console.log(`Rendered size per package or src/ folder (after tree shaking, before minifying; ${KiB(modules.reduce((s, [, b]) => s + b, 0))} in all):`)
for (const [name, bytes] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${KiB(bytes).padStart(10)}  ${name}`)
console.log('Largest modules:')
for (const [id, bytes] of modules.sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${KiB(bytes).padStart(10)}  ${short(id)}`)
