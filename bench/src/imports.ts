/**
 * `npm run bench -- --imports [--samples=N]` (0: sizes only): what importing the package costs, and what the worker
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
import { build, minify, type Plugin } from 'vite'
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
// --samples=0: the worker script's sizes only.
if (samples > 0) {
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
}

const KiB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`
const script = readFileSync(join(root, 'dist/msw-oidc-worker.js'))
console.log(`\ndist/msw-oidc-worker.js: ${KiB(script.length)} minified, ${KiB(gzipSync(script, { level: 9 }).length)} gzip -9`)

const modules: Array<{ id: string; rendered: number; code: string }> = []
const sizes: Plugin = {
  name: 'bench-module-sizes',
  generateBundle(_, bundle) {
    for (const output of Object.values(bundle)) if (output.type === 'chunk') for (const [id, m] of Object.entries(output.modules)) modules.push({ id, rendered: m.renderedLength, code: m.code ?? '' })
  },
}
const outDir = mkdtempSync(join(tmpdir(), 'msw-oidc-worker-sizes-'))
await build({ root, configFile: join(root, 'vite.worker.config.ts'), logLevel: 'error', plugins: [sizes], build: { outDir, emptyOutDir: true } })
rmSync(outDir, { recursive: true, force: true })
const short = (id: string): string => id.replace(/^.*?node_modules\//, '').replace(`${root}/`, '')
// Each add-on on its own line: what a feature costs.
const group = (id: string): string => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)?.[1] ?? short(id).replace(/^(src\/add-ons\/[^/]+|src\/[^/]+)\/.*$/, '$1')

// What each part costs gzipped: every module minified on its own (as a script, so that nothing in it
// is dropped as unused), then gzip of them all less gzip of them all without the part. Shared
// strings count for neither side, so the shares add up to a little less than the whole.
const minified = new Map<string, string>()
for (const m of modules) minified.set(m.id, (await minify(`${m.id}.js`, m.code, { module: false, compress: { target: 'es2022' } })).code)
const gzipOf = (ids: string[]): number => gzipSync(ids.map((id) => minified.get(id)!).join('\n'), { level: 9 }).length
const allIds = modules.map((m) => m.id)
const whole = gzipOf(allIds)
const without = (drop: (id: string) => boolean): number => whole - gzipOf(allIds.filter((id) => !drop(id)))
interface Row { name: string; rendered: number; minified: number; gzip: number }
const row = (name: string, ids: string[]): Row => ({
  name,
  rendered: modules.filter((m) => ids.includes(m.id)).reduce((sum, m) => sum + m.rendered, 0),
  minified: ids.reduce((sum, id) => sum + minified.get(id)!.length, 0),
  gzip: without((id) => ids.includes(id)),
})
const print = (rows: Row[]): void => {
  console.log(`  ${'rendered'.padStart(10)}  ${'minified'.padStart(10)}  ${'gzip share'.padStart(10)}`)
  for (const r of rows.sort((a, b) => b.gzip - a.gzip)) console.log(`  ${KiB(r.rendered).padStart(10)}  ${KiB(r.minified).padStart(10)}  ${KiB(r.gzip).padStart(10)}  ${r.name}`)
}
const names = [...new Set(allIds.map(group))]
console.log(`Per package, src/ folder or add-on: rendered (after tree shaking, before minifying; ${KiB(modules.reduce((s, m) => s + m.rendered, 0))} in all), minified alone, and its share of the gzip (what the script would lose gzipped without it; ${KiB(whole)} for the modules minified one by one):`)
print(names.map((name) => row(name, allIds.filter((id) => group(id) === name))))
console.log('Largest modules by their share of the gzip:')
print(allIds.map((id) => row(short(id), [id])).sort((a, b) => b.gzip - a.gzip).slice(0, 20))
