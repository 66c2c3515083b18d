/**
 * `npm run bench -- --profile`: profiles this OP's hot path once, through `op.handle()` and through
 * msw/node, and prints where the time goes. The `.cpuprofile` files are written beside the bench
 * build in node_modules/.cache (open them in Chrome DevTools or speedscope).
 */
import { writeFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { codeFlow, CookieJar, type Fetch } from './flow.js'
import { generateBenchKeys } from './keys.js'
import { median } from './stats.js'
import { opHandle } from './subjects/op-handle.js'
import { opMsw } from './subjects/op-msw.js'
import { coarse, profile, summarize, topFunctions } from './profile.js'

const FLOWS = Number(process.env.BENCH_PROFILE_FLOWS ?? 3000)
const keys = await generateBenchKeys()
const outDir = join(process.env.BENCH_BUILD_DIR ?? process.cwd(), 'profiles')
mkdirSync(outDir, { recursive: true })

for (const subject of [opHandle, opMsw]) {
  const running = await subject.start({ keys })
  running.activate?.()
  const jar = new CookieJar()
  for (let i = 0; i < 300; i++) await codeFlow(running.target, jar)

  // The time of each request of the flow, measured at the client.
  const perStep = new Map<string, number[]>()
  const inner = running.target.fetch
  const timed: Fetch = async (url, init) => {
    const start = performance.now()
    const response = await inner(url, init)
    const step = new URL(url).pathname
    const list = perStep.get(step) ?? []
    list.push(performance.now() - start)
    perStep.set(step, list)
    return response
  }
  const target = { ...running.target, fetch: timed }
  for (let i = 0; i < 500; i++) await codeFlow(target, jar)

  const started = performance.now()
  const cpu = await profile(async () => {
    for (let i = 0; i < FLOWS; i++) await codeFlow(running.target, jar)
  })
  const wall = performance.now() - started
  const file = join(outDir, `${subject.id}.cpuprofile`)
  writeFileSync(file, JSON.stringify(cpu))
  console.log(`\n## ${subject.label}: ${FLOWS} flows, ${(wall / FLOWS).toFixed(3)} ms per flow (profiler on); ${file}`)
  console.log('\nper request (median ms, client side):')
  for (const [step, times] of perStep) console.log(`  ${step.padEnd(40)} ${median(times).toFixed(3)}`)
  console.log('\nwhere the time goes (self time, ms per flow, share):')
  for (const { category, ms, share } of summarize(cpu, coarse)) {
    console.log(`  ${(ms / FLOWS).toFixed(3).padStart(7)}  ${(share * 100).toFixed(1).padStart(5)}%  ${category}`)
  }
  console.log('\nin detail:')
  for (const { category, ms, share } of summarize(cpu)) {
    if (share < 0.005) continue
    console.log(`  ${(ms / FLOWS).toFixed(3).padStart(7)}  ${(share * 100).toFixed(1).padStart(5)}%  ${category}`)
  }
  console.log('\nheaviest functions of this OP (self ms per flow):')
  for (const { fn, ms } of topFunctions(cpu, (url) => /msw-oidc-provider-bench\/src\//.test(url))) console.log(`  ${(ms / FLOWS).toFixed(4)}  ${fn}`)
  console.log('\nheaviest functions overall (self ms per flow):')
  for (const { fn, ms } of topFunctions(cpu, () => true, 25)) console.log(`  ${(ms / FLOWS).toFixed(4)}  ${fn}`)
  await running.close()
}
