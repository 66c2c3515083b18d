/**
 * `npm run bench`: this OP against the tools people would pick instead, in one run.
 *
 * 1. Start-up, per subject, in fresh child processes (samples alternate subjects).
 * 2. Each subject and the floor in a long-lived process of its own (`--one-process`: all in this
 *    one), driven from here: after each is warmed to its steady time (thousands of flows: the
 *    floor is warm too), rounds that alternate the subjects and the floor (A B C D F, B C D F A, …):
 *    sequential code flows (latency), code flows at concurrency 16, client_credentials at
 *    concurrency 16; the floor (jose, msw no-op, loopback no-op; the CPU floors) is
 *    measured in the same rounds.
 * 3. Memory, per subject, in fresh child processes.
 * Figures are medians across rounds (or samples); ratios are taken within this run.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { runChild } from './child.js'
import { generateBenchKeys } from './keys.js'
import { machine } from './machine.js'
import type { MemoryCheckpoint } from './memory-child.js'
import { renderMarkdown, type BenchResults, type BrowserFigures, type StartupFigures, type SubjectResults } from './report.js'
import { add, rotate, runRounds } from './rounds.js'
import { median } from './stats.js'
import { CONCURRENCY, stretchCollector } from './stretch.js'
import type { StartupSample } from './startup-child.js'
import { loadSubject, SUBJECT_IDS } from './subjects/index.js'
import type { SubjectId } from './subjects/subject.js'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice('--only='.length)
const phases = new Set(onlyArg ? onlyArg.split(',') : ['startup', 'rounds', 'memory'])
// --subjects=op-msw,op-handle: the rounds with only these subjects (and the floor), to see what one does to another.
const subjectsArg = args.find((a) => a.startsWith('--subjects='))?.slice('--subjects='.length)
const ROUND_SUBJECTS = subjectsArg ? SUBJECT_IDS.filter((id) => subjectsArg.split(',').includes(id)) : SUBJECT_IDS
const diag = process.env.BENCH_DIAG ?? ''
if (process.env.BENCH_V8_FLAGS) (await import('node:v8')).setFlagsFromString(process.env.BENCH_V8_FLAGS)
const root = process.env.BENCH_ROOT ?? process.cwd()
const resultsDir = join(root, 'bench/results')

const SETTINGS = quick
  ? { startupSamples: 3, rounds: 3, steadyFlows: 2000, warmUpFlows: 150, latencyFlows: 60, throughputFlows: 160, ccGrants: 320, floorMs: 200, memoryFlows: 10_000, clockStep: 10 }
  : { startupSamples: 5, rounds: 5, steadyFlows: 3000, warmUpFlows: 200, latencyFlows: 120, throughputFlows: 320, ccGrants: 640, floorMs: 300, memoryFlows: 50_000, clockStep: 10 }
// --warm-up=N: sequential warm-up flows per subject (default SETTINGS.steadyFlows; 150 was the old warm-up).
const warmUpArg = args.find((a) => a.startsWith('--warm-up='))?.slice('--warm-up='.length)
if (warmUpArg !== undefined) SETTINGS.steadyFlows = Number(warmUpArg)
// --one-process: the rounds' subjects and floor all in this process, as the bench ran them before.
const oneProcess = args.includes('--one-process')
// Each measured stretch starts with a collection, so that no subject pays for the garbage the one
// before it left (run.mjs starts this process with --expose-gc; stretch.ts says which collection).
const gc = stretchCollector(diag)

const loads: number[] = []
const sampleLoad = (): void => void loads.push(Math.round(loadavg()[0]! * 100) / 100)
const log = (message: string): void => console.log(`[bench ${(performance.now() / 1000).toFixed(0).padStart(4)} s] ${message}`)

const keys = await generateBenchKeys()
const work = mkdtempSync(join(tmpdir(), 'msw-oidc-bench-'))
const keysFile = join(work, 'keys.json')
writeFileSync(keysFile, JSON.stringify(keys))
const subjects = await Promise.all(SUBJECT_IDS.map(loadSubject))
const results: Record<SubjectId, SubjectResults> = Object.fromEntries(
  subjects.map((s) => [s.id, { label: s.label }]),
) as Record<SubjectId, SubjectResults>
const { cpu, cores } = machine()
log(`${quick ? 'quick' : 'full'} run on ${cpu}, ${cores} cores, Node ${process.version}`)

// 1. Start-up ------------------------------------------------------------------------------------
let spawnMs: number | undefined
sampleLoad()
if (phases.has('startup')) {
  const samples = new Map<string, StartupFigures[]>()
  const empty: number[] = []
  for (let s = 0; s < SETTINGS.startupSamples; s++) {
    empty.push((await runChild('', [])).wallMs)
    for (const id of rotate(SUBJECT_IDS, s)) {
      for (const mode of ['default', 'keys'] as const) {
        const { result, wallMs } = await runChild<StartupSample>('startup-child', [id, mode, keysFile])
        add(samples, `${id}:${mode}`, { ...result, process_ms: wallMs })
      }
    }
    log(`start-up sample ${s + 1}/${SETTINGS.startupSamples}`)
  }
  spawnMs = median(empty)
  const medians = (list: StartupFigures[]): StartupFigures => ({
    import_ms: median(list.map((x) => x.import_ms)),
    discovery_ms: median(list.map((x) => x.discovery_ms)),
    jwks_ms: median(list.map((x) => x.jwks_ms)),
    second_jwks_ms: median(list.map((x) => x.second_jwks_ms)),
    process_ms: median(list.map((x) => x.process_ms)),
  })
  for (const id of SUBJECT_IDS) {
    results[id].startup = { default: medians(samples.get(`${id}:default`)!), keys: medians(samples.get(`${id}:keys`)!) }
  }
}

// 2. Rounds: a process per subject and one for the floor (--one-process: all in this one) -------------
let floorResults: BenchResults['floor'] | undefined
let floorCpuResults: BenchResults['floor_cpu'] | undefined
sampleLoad()
if (phases.has('rounds')) {
  const rounds = await runRounds({
    subjects: subjects.filter((s) => ROUND_SUBJECTS.includes(s.id)),
    keys,
    keysFile,
    settings: SETTINGS,
    oneProcess,
    gc,
    diag,
    log,
    afterRound: sampleLoad,
  })
  for (const [id, figures] of rounds.subjects) Object.assign(results[id], figures)
  floorResults = rounds.floor
  floorCpuResults = rounds.floor_cpu
}

// 3. Memory, in fresh processes ------------------------------------------------------------------
if (phases.has('memory')) {
  sampleLoad()
  // Two at a time: these runs measure memory, not speed, and the speed rounds are over. Longest
  // first, so that the two workers finish together. This OP runs twice: with its clock moving
  // (what expires is collected) and on the wall clock, as the peers run (nothing expires in the run).
  const queue: { id: SubjectId; step: number }[] = [
    { id: 'op-msw', step: SETTINGS.clockStep },
    { id: 'oidc-provider', step: 0 },
    { id: 'oauth2-mock-server', step: 0 },
    { id: 'op-handle', step: SETTINGS.clockStep },
    { id: 'op-handle', step: 0 },
    { id: 'op-http', step: SETTINGS.clockStep },
  ]
  await Promise.all([0, 1].map(async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { id, step } = job
      const { result, wallMs } = await runChild<MemoryCheckpoint[]>('memory-child', [id, keysFile, String(SETTINGS.memoryFlows), String(step)])
      const figures = { flows: SETTINGS.memoryFlows, clock_step_s: step, checkpoints: result, wall_s: wallMs / 1000 }
      const mine = id.startsWith('op-')
      if (!mine || step > 0) results[id].memory = figures
      if (step === 0) results[id].memory_wall_clock = figures
      log(`memory: ${id}${mine ? (step ? ', clock moving' : ', wall clock') : ''}, done in ${(wallMs / 1000).toFixed(0)} s`)
    }
  }))
}

// Output ----------------------------------------------------------------------------------------
sampleLoad()
const browserFile = join(resultsDir, 'browser.json')
const output: BenchResults = {
  machine: machine(),
  load_averages: loads,
  run_s: Math.round(performance.now() / 1000),
  mode: quick ? 'quick' : 'full',
  // one_process: 0 when each round subject ran in its own process (results without it ran in one).
  settings: { ...SETTINGS, concurrency: CONCURRENCY, ...(phases.has('rounds') ? { one_process: oneProcess ? 1 : 0 } : {}) },
  ...(spawnMs !== undefined ? { node_spawn_ms: spawnMs } : {}),
  subjects: results,
  ...(floorResults ? { floor: floorResults } : {}),
  ...(floorCpuResults ? { floor_cpu: floorCpuResults } : {}),
  browser: existsSync(browserFile) ? (JSON.parse(readFileSync(browserFile, 'utf8')) as BrowserFigures) : null,
}
// Only a full run of every phase replaces the published results; --quick and --only=… write beside the build.
const outDir = quick || phases.size < 3 ? (process.env.BENCH_BUILD_DIR ?? work) : resultsDir
mkdirSync(outDir, { recursive: true })
// latest.md is rendered from the figures as latest.json keeps them, so that the one can be rebuilt from the other.
const json = `${JSON.stringify(output, (_key, value: unknown) => (typeof value === 'number' ? Math.round(value * 1000) / 1000 : value), 2)}\n`
writeFileSync(join(outDir, 'latest.json'), json)
const markdown = renderMarkdown(JSON.parse(json) as BenchResults)
writeFileSync(join(outDir, 'latest.md'), markdown)
console.log(`\n${markdown}`)
log(`written to ${join(outDir, 'latest.json')} and latest.md`)
rmSync(work, { recursive: true, force: true })
