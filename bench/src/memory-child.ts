/**
 * One memory run, in a fresh process: `memory-child <subject> <keys.json> <flows> <clock step s>`.
 *
 * Runs code flows at concurrency 16, signed with ES256, and, at each checkpoint, forces a garbage collection and
 * records the resident set size, the JS heap, and the subject's own record counts. With a clock
 * step, this OP's clock moves that many seconds per flow (after each batch of 16, when no flow is
 * half-way), so that codes (60 s) and access tokens (3,600 s) expire and the lazy sweep collects
 * them; the peers run on the wall clock. At the end, for this OP, the heap each kind of record
 * holds: its records are dropped one kind at a time (codes, then tokens, then grants, so that what
 * they share counts with the last that holds it) and the heap freed is divided by their count.
 */
import { readFileSync } from 'node:fs'
import { report } from './child.js'
import { codeFlow, CookieJar } from './flow.js'
import type { BenchKeys } from './keys.js'
import { loadSubject } from './subjects/index.js'
import type { SubjectId } from './subjects/subject.js'

const [id, keysFile, flowsArg, stepArg] = process.argv.slice(2) as [SubjectId, string, string, string]
const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as BenchKeys
const total = Number(flowsArg)
const clockStep = Number(stepArg)
const CONCURRENCY = 16
const WARM_UP = 500

export interface MemoryCheckpoint {
  flows: number
  rss_mb: number
  heap_mb: number
  records?: Record<string, number>
  /** At the last checkpoint, this OP only: bytes of heap each record holds, by kind. */
  bytes_per_record?: Record<string, number>
}

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
const subject = await loadSubject(id)
// ES256 rather than RS256: the same records per flow, in less time (the speed rounds use RS256).
const running = await subject.start({ keys, alg: 'ES256' })
running.activate?.()

const checkpoints: MemoryCheckpoint[] = []
// Flows run in batches that end at each checkpoint, so that every checkpoint sees a quiet process.
const stops = [...new Set([0, 1000, 5000, 10_000, 20_000, 30_000, 40_000, 50_000, total])].filter((n) => n <= total).sort((a, b) => a - b)
const jars = Array.from({ length: CONCURRENCY }, () => new CookieJar())
let done = -WARM_UP

function checkpoint(flows: number): void {
  gc!()
  gc!()
  const usage = process.memoryUsage()
  checkpoints.push({
    flows,
    rss_mb: usage.rss / 2 ** 20,
    heap_mb: usage.heapUsed / 2 ** 20,
    ...(running.records ? { records: running.records() } : {}),
  })
}

for (const stop of stops) {
  while (done < stop) {
    const batch = Math.min(CONCURRENCY, stop - done)
    await Promise.all(jars.slice(0, batch).map((jar) => codeFlow(running.target, jar)))
    // Between batches, when no flow is half-way (a code must outlive its own flow).
    if (clockStep > 0) running.advance?.(clockStep * batch)
    done += batch
  }
  checkpoint(stop)
}
const last = checkpoints.at(-1)!
if (running.forget && last.records) {
  const perRecord: Record<string, number> = {}
  let before = process.memoryUsage().heapUsed
  for (const kind of ['codes', 'tokens', 'grants']) {
    const count = last.records[kind] ?? 0
    running.forget(kind)
    gc()
    gc()
    const after = process.memoryUsage().heapUsed
    if (count > 0) perRecord[kind] = Math.round((before - after) / count)
    before = after
  }
  last.bytes_per_record = perRecord
}
await running.close()
report(checkpoints)
process.exit(0)
