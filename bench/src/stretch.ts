/**
 * What the rounds do with one subject or with the floor, wherever it runs: its warm-up and one
 * measured stretch. The rounds (rounds.ts) drive these either in their own process
 * (`--one-process`) or in a long-lived child per subject (round-child.ts), where the same
 * functions run and `process.cpuUsage` is the subject's own process.
 */
import { performance } from 'node:perf_hooks'
import { CPU_FLOOR_IDS, FLOOR_IDS, type CpuFloorId, type Floor, type FloorId } from './floor.js'
import { clientCredentials, codeFlow, CookieJar } from './flow.js'
import { median, p95 } from './stats.js'
import type { Running } from './subjects/subject.js'

export const CONCURRENCY = 16

type ExposedGc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void

/**
 * The collection that starts each part of a stretch, so that none pays for the garbage of the one
 * before: a young-generation one (a scavenge). A forced full collection (`gc()`) drops every map
 * no live object holds at that moment, and V8 then throws away the optimized code that checks for
 * them ("reason: weak objects" under `--trace-deopt`: 947 functions of the flow's path after each
 * forced `gc()`, none after the mark-compacts V8 runs by itself), so each stretch measured a
 * re-compiling process that no test run is. BENCH_DIAG=fullgc gives the forced full collection
 * back, BENCH_DIAG=nogc none at all.
 */
export function stretchCollector(diag: string): () => void {
  const exposed = (globalThis as { gc?: ExposedGc }).gc
  if (!exposed) throw new Error('run with --expose-gc: npm run bench')
  if (diag.includes('nogc')) return () => undefined
  if (diag.includes('fullgc')) return () => exposed()
  return () => exposed({ type: 'minor' })
}

/** How many flows a warm-up and a stretch run (SETTINGS of main.ts). */
export interface StretchSettings {
  /** Sequential warm-up flows, until the JIT has compiled the flow's path. */
  steadyFlows: number
  /** Warm-up flows at concurrency 16, and as many client_credentials grants. */
  warmUpFlows: number
  latencyFlows: number
  throughputFlows: number
  ccGrants: number
}

/** One stretch of a subject: its sequential flows, its concurrent flows, its client_credentials grants. */
export interface StretchFigures {
  median_ms: number
  p95_ms: number
  flows_per_s: number
  /** CPU time (main thread and thread pool) of the process the stretch ran in, per concurrent flow. */
  flow_cpu_ms: number
  cc_per_s: number
  /** For BENCH_DIAG=stretch: the sequential flows' first and last third, and their CPU time per flow. */
  first_third_ms: number
  last_third_ms: number
  sequential_cpu_ms: number
}

/** The requests one authorization needs: a new user agent, then one with a session. */
export interface AuthorizeRequests {
  first_login: number
  with_session: number
}

/** A subject as the rounds drive it. */
export interface RoundSubject {
  warmUp(): Promise<AuthorizeRequests>
  stretch(): Promise<StretchFigures>
  close(): Promise<void>
}

/** The floor as the rounds drive it. */
export interface RoundFloor {
  warmUp(): Promise<void>
  /** One floor's operations per second over about `ms`, after the collection that starts each stretch (stretchCollector). */
  measure(id: FloorId, ms: number): Promise<number>
  /** One CPU floor's CPU time per operation (ms) over about `ms`, after the same collection. */
  measureCpu(id: CpuFloorId, ms: number): Promise<number>
  close(): Promise<void>
}

/** Runs `task` `count` times with `concurrency` workers; returns completions per second. */
export async function throughput(count: number, concurrency: number, task: (worker: number) => Promise<unknown>): Promise<number> {
  let next = 0
  const start = performance.now()
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (next < count) {
      next++
      await task(worker)
    }
  }))
  return (count * 1000) / (performance.now() - start)
}

const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000
}

/**
 * A started subject, measured in the process it runs in. `gc` starts each part of a stretch, so
 * that none pays for the garbage of the one before.
 */
export function localSubject(run: Running, settings: StretchSettings, gc: () => void): RoundSubject {
  // The user agents of the timed flows: one for the sequential flows, 16 for the concurrent ones.
  const jar = new CookieJar()
  const jars = Array.from({ length: CONCURRENCY }, () => new CookieJar())
  return {
    // Through those same user agents, so that each has logged in (where the subject keeps a login
    // session) before the first timed flow.
    async warmUp() {
      run.activate?.()
      const first = await codeFlow(run.target, jar)
      const again = await codeFlow(run.target, jar)
      // Until the JIT has compiled the flow's path: a flow through this OP takes thousands of flows to
      // reach its steady time (msw/node: 12.8 ms over flows 1–100, 2.0 ms after 4,000), while each
      // floor is a tight loop of one small operation that is warm within its first 100 ms.
      for (let i = 0; i < settings.steadyFlows; i++) await codeFlow(run.target, jar)
      await throughput(settings.warmUpFlows, CONCURRENCY, (w) => codeFlow(run.target, jars[w]!))
      await throughput(settings.warmUpFlows, CONCURRENCY, () => clientCredentials(run.target))
      run.deactivate?.()
      return { first_login: first.authorizeRequests, with_session: again.authorizeRequests }
    },
    async stretch() {
      run.activate?.()
      gc()
      const times: number[] = []
      const cpuSequential = process.cpuUsage()
      for (let i = 0; i < settings.latencyFlows; i++) {
        const start = performance.now()
        await codeFlow(run.target, jar)
        times.push(performance.now() - start)
      }
      const sequentialCpu = cpuMs(cpuSequential) / times.length
      gc()
      const cpuConcurrent = process.cpuUsage()
      const flowsPerS = await throughput(settings.throughputFlows, CONCURRENCY, (w) => codeFlow(run.target, jars[w]!))
      const flowCpu = cpuMs(cpuConcurrent) / settings.throughputFlows
      gc()
      const ccPerS = await throughput(settings.ccGrants, CONCURRENCY, () => clientCredentials(run.target))
      run.deactivate?.()
      const third = Math.floor(times.length / 3)
      return {
        median_ms: median(times),
        p95_ms: p95(times),
        flows_per_s: flowsPerS,
        flow_cpu_ms: flowCpu,
        cc_per_s: ccPerS,
        first_third_ms: median(times.slice(0, third)),
        last_third_ms: median(times.slice(-third)),
        sequential_cpu_ms: sequentialCpu,
      }
    },
    close: () => run.close(),
  }
}

/** The floor, measured in the process it runs in. */
export function localFloor(floor: Floor, gc: () => void): RoundFloor {
  return {
    async warmUp() {
      for (const id of FLOOR_IDS) await floor.measure(id, 100)
      // The stub flows run more code than one operation (msw's above all): half a second each.
      for (const id of CPU_FLOOR_IDS) await floor.measureCpu(id, 500)
    },
    measure(id, ms) {
      gc()
      return floor.measure(id, ms)
    },
    measureCpu(id, ms) {
      gc()
      return floor.measureCpu(id, ms)
    },
    close: () => floor.close(),
  }
}
