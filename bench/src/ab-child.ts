/**
 * `npm run bench -- --ab=<git revision>`: this OP at that revision ("before") against the working
 * tree ("after"), in one process, in alternating rounds: sequential code flows through
 * `op.handle()` and through msw/node, and code flows at concurrency 16 through both, with the
 * process's CPU time per flow there (main thread and thread pool: what 2 cores must share);
 * through msw also discovery + JWKS and an app request answered by a handler after the OP's (what
 * the layout of `op.handlers` weighs on), and the flow's requests answered by a stub (./stub-flow.ts:
 * msw's own cost of them, the floor of the msw layer).
 * For checking that a change to src/ makes the hot path faster on a machine too noisy to compare
 * two separate runs.
 */
import { http } from 'msw'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { Server } from '../../src/index.js'
import { codeFlow, CookieJar } from './flow.js'
import { generateBenchKeys } from './keys.js'
import { median } from './stats.js'
import { startOpHandle } from './subjects/op-handle.js'
import { useMswHandlers } from './subjects/msw-host.js'
import { OP_ISSUER, opConfiguration } from './subjects/op.js'
import { startOpMsw } from './subjects/op-msw.js'
import { stubDirect, stubFlow, stubHandler } from './stub-flow.js'
import type { Running } from './subjects/subject.js'

const beforeFile = process.env.BENCH_AB_BEFORE
if (!beforeFile) throw new Error('BENCH_AB_BEFORE is not set: run `npm run bench -- --ab=<rev>`')
const before = (await import(pathToFileURL(beforeFile).href)) as typeof import('../../src/index.js')
const ROUNDS = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice('--rounds='.length) ?? 8)
const FLOWS = 150
const keys = await generateBenchKeys()

type Variant = 'before' | 'after'
const start = (variant: Variant, via: 'handle' | 'msw'): Promise<Running> =>
  (via === 'handle' ? startOpHandle : startOpMsw)({ keys }, variant === 'before' ? before.Server : undefined)

const subjects = new Map<string, Running>()
for (const variant of ['before', 'after'] as const) {
  subjects.set(`${variant} handle`, await start(variant, 'handle'))
  subjects.set(`${variant} msw`, await start(variant, 'msw'))
}
const jar = new CookieJar()
for (const run of subjects.values()) {
  run.activate?.()
  for (let i = 0; i < 200; i++) await codeFlow(run.target, jar)
}

// Beside the flow, through msw: requests that a layout of the OP's handlers weighs on. The OP's
// handlers first, then an app's own handler, as a test suite spreads them.
const APP_URL = 'https://api.example.test/ping'
const appHandlers = new Map<Variant, ReturnType<typeof http.get>[]>()
for (const variant of ['before', 'after'] as const) {
  const ServerClass = variant === 'before' ? before.Server : Server
  const op = new ServerClass({ issuer: OP_ISSUER, ...opConfiguration({ keys }) })
  appHandlers.set(variant, [...op.handlers, http.get(APP_URL, () => new Response(null, { status: 204 }))])
}
const get = async (url: string): Promise<void> => void (await (await globalThis.fetch(url)).arrayBuffer())
const REQUESTS: Record<string, () => Promise<void>> = {
  'msw, discovery + JWKS': async () => {
    await get(`${OP_ISSUER}/.well-known/openid-configuration`)
    await get(`${OP_ISSUER}/jwks`)
  },
  'msw, app request after the OP': () => get(APP_URL),
}
// The floor of the msw layer: the same three requests answered by a stub, through msw and without.
const STUB_FLOWS: Record<string, () => Promise<void>> = {
  'stub flow, msw': () => stubFlow((url, init) => globalThis.fetch(url, init)),
  'stub flow, direct': () => stubFlow(stubDirect),
}
for (const variant of ['before', 'after'] as const) {
  useMswHandlers(appHandlers.get(variant)!)
  for (let i = 0; i < 200; i++) for (const send of Object.values(REQUESTS)) await send()
}
useMswHandlers([stubHandler])
for (let i = 0; i < 200; i++) for (const send of Object.values(STUB_FLOWS)) await send()

// Sequential flows alternate before/after every BLOCK flows, so that both see the same machine.
const BLOCK = 5
const times = new Map<string, number[]>()
/** Runs `send` `count` times in sequence, adding each one's milliseconds to the list of `key`. */
async function timed(key: string, count: number, send: () => Promise<unknown>): Promise<void> {
  const list = times.get(key) ?? []
  for (let i = 0; i < count; i++) {
    const start = performance.now()
    await send()
    list.push(performance.now() - start)
  }
  times.set(key, list)
}
const rates = new Map<string, number[]>()
const cpu = new Map<string, number[]>()
const push = (map: Map<string, number[]>, key: string, value: number): void => void map.set(key, [...(map.get(key) ?? []), value])
// CPU time (µs) and flows summed over every stretch of a kind: a GC that lands in one stretch
// weighs once in the total, where it can move a median of a few stretches.
const totals = new Map<string, { us: number; flows: number }>()
const add = (key: string, us: number, flows: number): void => {
  const total = totals.get(key) ?? { us: 0, flows: 0 }
  totals.set(key, { us: total.us + us, flows: total.flows + flows })
}
const cpuSince = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since)
  return used.user + used.system
}
for (let r = 0; r < ROUNDS; r++) {
  for (const via of ['handle', 'msw'] as const) {
    for (let b = 0; b < FLOWS / BLOCK; b++) {
      const order: Variant[] = b % 2 === 0 ? ['before', 'after'] : ['after', 'before']
      for (const variant of order) {
        const run = subjects.get(`${variant} ${via}`)!
        run.activate?.()
        const cpuStart = process.cpuUsage()
        await timed(`${via}:${variant}`, BLOCK, () => codeFlow(run.target, jar))
        add(`${via} seq:${variant}`, cpuSince(cpuStart), BLOCK)
      }
    }
  }
  for (const via of ['handle', 'msw'] as const) {
    const order: Variant[] = r % 2 === 0 ? ['before', 'after'] : ['after', 'before']
    for (const variant of order) {
      const run = subjects.get(`${variant} ${via}`)!
      run.activate?.()
      const jars = Array.from({ length: 16 }, () => new CookieJar())
      const flows = 16 * (FLOWS / 10)
      const cpuBefore = process.cpuUsage()
      const start = performance.now()
      await Promise.all(jars.map(async (j) => {
        for (let i = 0; i < FLOWS / 10; i++) await codeFlow(run.target, j)
      }))
      const elapsed = performance.now() - start
      const used = process.cpuUsage(cpuBefore)
      push(rates, `${via}:${variant}`, flows / (elapsed / 1000))
      push(cpu, `${via}:${variant}`, (used.user + used.system) / 1000 / flows)
      add(`${via} ×16:${variant}`, used.user + used.system, flows)
    }
  }
    for (const variant of r % 2 === 0 ? (['before', 'after'] as const) : (['after', 'before'] as const)) {
    for (const [label, send] of Object.entries(REQUESTS)) {
      useMswHandlers(appHandlers.get(variant)!)
      await timed(`${label}:${variant}`, FLOWS, send)
    }
  }
  for (const [label, run] of Object.entries(STUB_FLOWS)) {
    useMswHandlers([stubHandler])
    await timed(label, FLOWS, run)
  }
  process.stdout.write(`round ${r + 1}/${ROUNDS}\n`)
}

console.log(`\nbefore = src at ${process.env.BENCH_AB_REV}, after = working tree; ${ROUNDS} rounds, flows alternating every ${BLOCK}`)
const show = (label: string, b: number, a: number, unit: string): void => {
  console.log(`${label.padEnd(30)} before ${b.toFixed(3).padStart(8)}  after ${a.toFixed(3).padStart(8)} ${unit.padEnd(7)} after/before ${(a / b).toFixed(3)}`)
}
const med = (key: string): number => median(times.get(key)!)
show('handle, median flow', med('handle:before'), med('handle:after'), 'ms')
show('msw, median flow', med('msw:before'), med('msw:after'), 'ms')
show('msw − handle (msw layer)', med('msw:before') - med('handle:before'), med('msw:after') - med('handle:after'), 'ms')
console.log(`msw's own cost of the flow's 3 requests (a stub answers them, msw − direct): ${(med('stub flow, msw') - med('stub flow, direct')).toFixed(3)} ms`)
for (const label of Object.keys(REQUESTS)) show(label, med(`${label}:before`), med(`${label}:after`), 'ms')
for (const via of ['handle', 'msw']) {
  show(`${via} ×16`, median(rates.get(`${via}:before`)!), median(rates.get(`${via}:after`)!), 'flows/s')
  show(`${via} ×16, CPU per flow`, median(cpu.get(`${via}:before`)!), median(cpu.get(`${via}:after`)!), 'ms')
}
const perFlow = (key: string): number => totals.get(key)!.us / 1000 / totals.get(key)!.flows
for (const kind of ['handle seq', 'msw seq', 'handle ×16', 'msw ×16']) {
  show(`${kind}, CPU/flow (sum)`, perFlow(`${kind}:before`), perFlow(`${kind}:after`), 'ms')
}
process.exit(0)
