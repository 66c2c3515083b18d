/**
 * The timed rounds: after each subject and the floor are warmed up (one after another), rounds
 * that rotate them (A B C D E F, B C D E F A, …; F = the floor), each taking the machine in turn,
 * so that all see the same minutes. By default each subject and the floor run in a long-lived
 * process of their own (round-child.ts), driven from here over IPC: no user runs five OPs in one
 * process, and in one V8 they share inline caches, optimized code and a heap. `--one-process`
 * runs them all in this process, as the bench did before.
 */
import { CPU_FLOOR_IDS, createFloor, FLOOR_IDS, type CpuFloorId, type FloorId } from './floor.js'
import type { BenchKeys } from './keys.js'
import type { BenchResults, SubjectResults } from './report.js'
import { childFloor, childSubject } from './round-process.js'
import { median } from './stats.js'
import { localFloor, localSubject, type RoundFloor, type RoundSubject, type StretchFigures, type StretchSettings } from './stretch.js'
import type { Subject, SubjectId } from './subjects/subject.js'

export interface RoundsOptions {
  /** The subjects of the rounds, in their order. */
  subjects: Subject[]
  keys: BenchKeys
  /** The same keys in a file, for the child processes. */
  keysFile: string
  settings: StretchSettings & { rounds: number; floorMs: number }
  oneProcess: boolean
  /** The collection before each stretch in this process (`--one-process`; each child has its own): stretchCollector. */
  gc: () => void
  diag: string
  log: (message: string) => void
  /** Called after each round (the run's load averages). */
  afterRound: () => void
}

/** Rotation `r` of `items`: round 0 is A B C D, round 1 is B C D A, … */
export const rotate = <T>(items: readonly T[], r: number): T[] => items.map((_, i) => items[(i + r) % items.length]!)

/** Appends `value` to the list of `key`. */
export function add<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

type RoundFigures = Pick<SubjectResults, 'authorize_requests' | 'flow' | 'flows_per_s' | 'flow_cpu_ms' | 'cc_per_s'>

/** What the rounds measure: each subject's figures (medians across rounds), the floor's and the CPU floors'. */
export interface RoundsResults {
  subjects: Map<SubjectId, RoundFigures>
  floor: NonNullable<BenchResults['floor']>
  floor_cpu: NonNullable<BenchResults['floor_cpu']>
}

/** Runs the rounds; returns each subject's figures (medians across rounds) and the floor's. */
export async function runRounds(options: RoundsOptions): Promise<RoundsResults> {
  const { settings, diag, log } = options
  const members = new Map<SubjectId, RoundSubject>()
  for (const subject of options.subjects) {
    members.set(subject.id, options.oneProcess
      ? localSubject(await subject.start({ keys: options.keys }), settings, options.gc)
      : await childSubject(subject.id, options.keysFile, settings))
  }
  const floor: RoundFloor = options.oneProcess
    ? localFloor(await createFloor(options.keys), options.gc)
    : await childFloor(options.keysFile, settings)

  const figures = new Map<SubjectId, RoundFigures>()
  for (const [id, member] of members) figures.set(id, { authorize_requests: await member.warmUp() })
  await floor.warmUp()
  log(`warmed up (${options.oneProcess ? 'all in one process' : 'a process per subject and one for the floor'})`)

  const stretches = new Map<SubjectId, StretchFigures[]>()
  const floorPerSecond = new Map<FloorId, number[]>()
  const floorCpu = new Map<CpuFloorId, number[]>()
  const ids = [...members.keys()]
  const items: (SubjectId | 'floor')[] = [...ids, 'floor']
  for (let r = 0; r < settings.rounds; r++) {
    for (const item of rotate(items, r)) {
      if (item === 'floor') {
        for (const id of rotate(FLOOR_IDS, r)) {
          const perS = await floor.measure(id, settings.floorMs)
          add(floorPerSecond, id, perS)
          if (diag.includes('stretch') && !id.endsWith('×16')) log(`  ${id}: ${(1000 / perS).toFixed(3)} ms each (median)`)
        }
        for (const id of rotate(CPU_FLOOR_IDS, r)) {
          const cpuMs = await floor.measureCpu(id, settings.floorMs)
          add(floorCpu, id, cpuMs)
          if (diag.includes('stretch')) log(`  ${id}: ${cpuMs.toFixed(3)} ms CPU each, 16 concurrent`)
        }
        continue
      }
      const stretch = await members.get(item)!.stretch()
      if (diag.includes('stretch')) {
        log(`  ${item}: first third ${stretch.first_third_ms.toFixed(2)} ms, last third ${stretch.last_third_ms.toFixed(2)} ms, CPU ${stretch.sequential_cpu_ms.toFixed(2)} ms per flow`)
      }
      add(stretches, item, stretch)
    }
    options.afterRound()
    log(`round ${r + 1}/${settings.rounds}: ${ids.map((id) => `${id} ${stretches.get(id)!.at(-1)!.median_ms.toFixed(2)} ms`).join(', ')}`)
  }
  for (const id of ids) {
    const list = stretches.get(id)!
    const of = (pick: (s: StretchFigures) => number) => median(list.map(pick))
    Object.assign(figures.get(id)!, {
      flow: { median_ms: of((s) => s.median_ms), p95_ms: of((s) => s.p95_ms), rounds_median_ms: list.map((s) => s.median_ms) },
      flows_per_s: of((s) => s.flows_per_s),
      flow_cpu_ms: of((s) => s.flow_cpu_ms),
      cc_per_s: of((s) => s.cc_per_s),
    } satisfies RoundFigures)
  }
  await floor.close()
  for (const member of members.values()) await member.close()
  return {
    subjects: figures,
    floor: Object.fromEntries(FLOOR_IDS.map((id) => [id, { per_s: median(floorPerSecond.get(id)!), rounds_per_s: floorPerSecond.get(id)! }])) as NonNullable<BenchResults['floor']>,
    floor_cpu: Object.fromEntries(CPU_FLOOR_IDS.map((id) => [id, { cpu_ms: median(floorCpu.get(id)!), rounds_cpu_ms: floorCpu.get(id)! }])) as NonNullable<BenchResults['floor_cpu']>,
  }
}
