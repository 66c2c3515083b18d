/** The results of a run, and the Markdown that presents them (bench/results/latest.md). */
import { SHAPED_FLOOR_IDS, type CpuFloorId, type FloorId, type StubFlowId } from './floor.js'
import type { Machine } from './machine.js'
import type { MemoryCheckpoint } from './memory-child.js'
import type { StartupSample } from './startup-child.js'
import type { SubjectId } from './subjects/subject.js'

export interface StartupFigures extends StartupSample {
  /** Spawn to exit of the whole child process, as the parent saw it. */
  process_ms: number
}

export interface SubjectResults {
  label: string
  startup?: { default: StartupFigures; keys: StartupFigures }
  authorize_requests?: { first_login: number; with_session: number }
  flow?: { median_ms: number; p95_ms: number; rounds_median_ms: number[] }
  flows_per_s?: number
  /**
   * CPU time (main thread and thread pool, client and subject) per flow at that concurrency: of the
   * subject's own process, or of the one process of them all when `settings.one_process` is 1 or absent.
   */
  flow_cpu_ms?: number
  cc_per_s?: number
  /** With this OP's clock moving `clock_step_s` per flow (the peers: the wall clock). */
  memory?: MemoryRun
  /** On the wall clock: nothing this OP issues expires within the run. */
  memory_wall_clock?: MemoryRun
}

export interface MemoryRun {
  flows: number
  clock_step_s: number
  checkpoints: MemoryCheckpoint[]
  wall_s: number
}

export interface BenchResults {
  machine: Machine
  /** Load averages sampled at the start of each phase and at the end. */
  load_averages?: number[]
  run_s?: number
  mode: 'quick' | 'full'
  settings: Record<string, number>
  node_spawn_ms?: number
  subjects: Record<SubjectId, SubjectResults>
  floor?: Record<FloorId, { per_s: number; rounds_per_s: number[] }>
  /** CPU time per operation (ms) of the CPU floors (floor.ts), 16 at a time in the floor's process; absent in runs before them. */
  floor_cpu?: Record<CpuFloorId, { cpu_ms: number; rounds_cpu_ms: number[] }>
  /** What the worker's browser measurement last wrote to bench/results/browser.json, if it exists. */
  browser: BrowserFigures | null
}

/** bench/results/browser.json, as e2e/worker/measure.spec.ts writes it: medians in ms, by label. */
export interface BrowserFigures {
  figures: Record<string, number>
  date?: string
  browser?: string
  machine?: string
}

const ORDER: SubjectId[] = ['op-msw', 'op-handle', 'op-http', 'oidc-provider', 'oauth2-mock-server']
const HEADS: Record<SubjectId, string> = {
  'op-msw': 'this OP · msw/node',
  'op-handle': 'this OP · op.handle()',
  'op-http': 'this OP · node:http',
  'oidc-provider': 'oidc-provider 9',
  'oauth2-mock-server': 'oauth2-mock-server 9',
}

/** What one flow of each subject cannot go below: its requests and its signatures. */
export const FLOW_FLOOR: Record<SubjectId, { what: string; parts: [FloorId, number][] }> = {
  // UserInfo finds the access token by its record (issue 16): no verification of the OP's own signature.
  'op-msw': { what: '3 msw no-op requests + 2 RS256 signatures', parts: [['msw no-op request', 3], ['RS256 sign', 2]] },
  'op-handle': { what: '2 RS256 signatures', parts: [['RS256 sign', 2]] },
  'op-http': { what: '3 loopback no-op requests + 2 RS256 signatures', parts: [['loopback no-op request', 3], ['RS256 sign', 2]] },
  'oidc-provider': { what: '3 loopback no-op requests + 1 RS256 signature (opaque access token)', parts: [['loopback no-op request', 3], ['RS256 sign', 1]] },
  'oauth2-mock-server': { what: '3 loopback no-op requests + 2 RS256 signatures', parts: [['loopback no-op request', 3], ['RS256 sign', 2]] },
}

export function floorMs(results: BenchResults, id: SubjectId): number | undefined {
  if (!results.floor) return undefined
  return FLOW_FLOOR[id].parts.reduce((sum, [part, count]) => sum + (count * 1000) / results.floor![part].per_s, 0)
}

/** The stub flow of each subject's transport: its three requests, answered with no work behind them. */
const STUB_FLOWS: Record<SubjectId, StubFlowId> = {
  'op-msw': 'stub flow, msw',
  'op-handle': 'stub flow, direct',
  'op-http': 'stub flow, loopback',
  'oidc-provider': 'stub flow, loopback',
  'oauth2-mock-server': 'stub flow, loopback',
}

/** The RS256 signatures of a flow of `id`, as its floor counts them (FLOW_FLOOR). */
const signaturesOf = (id: SubjectId): number => FLOW_FLOOR[id].parts.find(([part]) => part === 'RS256 sign')?.[1] ?? 0

/** The CPU time of one RS256 signature: the cheaper of the two signers measured. */
const signatureCpuMs = (cpu: NonNullable<BenchResults['floor_cpu']>): number =>
  Math.min(cpu['RS256 sign, node:crypto'].cpu_ms, cpu['RS256 sign, jose'].cpu_ms)

/** CPU floor per flow of `id`, ms: its stub flow's CPU time + its signatures' (16 concurrent, the floor's process). */
export function cpuFloorMs(results: BenchResults, id: SubjectId): number | undefined {
  const cpu = results.floor_cpu
  if (!cpu) return undefined
  return cpu[STUB_FLOWS[id]].cpu_ms + signaturesOf(id) * signatureCpuMs(cpu)
}

const num = (value: number | undefined, digits = 1): string => {
  if (value === undefined || !Number.isFinite(value)) return '–'
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US')
  return value.toFixed(digits)
}
const ratio = (value: number | undefined): string => (value === undefined || !Number.isFinite(value) ? '–' : `×${value.toFixed(2)}`)

function row(label: string, cell: (id: SubjectId, s: SubjectResults) => string, results: BenchResults): string {
  return `| ${label} | ${ORDER.map((id) => cell(id, results.subjects[id])).join(' | ')} |`
}

/** The checkpoint of `run` at `flows` flows. */
function checkpoint(run: MemoryRun | undefined, flows: number): MemoryCheckpoint | undefined {
  return run?.checkpoints.find((c) => c.flows === flows)
}

/** Where the rounds ran: `settings.one_process` is 0 when each subject and the floor had a process of their own (results without it ran in one). */
function roundsWhere(settings: BenchResults['settings']): string {
  return settings.one_process === 0 ? 'driven from one process, each subject and the floor in a long-lived process of its own' : 'in one process'
}

export function renderMarkdown(results: BenchResults): string {
  const { machine: m, settings } = results
  const lines: string[] = []
  const day = m.date.slice(0, 10)
  const load = results.load_averages?.length ? `; load average ${Math.min(...results.load_averages)}–${Math.max(...results.load_averages)} during the run (shared machine)` : ''
  lines.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, Node ${m.node}, ${m.platform}; ${day}${load}; \`npm run bench${results.mode === 'quick' ? ' -- --quick' : ''}\` (${settings.rounds} alternating rounds ${roundsWhere(settings)}; start-up and memory in fresh processes). Figures are medians.`)
  lines.push('')
  lines.push(`| median | ${ORDER.map((id) => HEADS[id]).join(' | ')} |`)
  lines.push(`|---|${ORDER.map(() => '---:').join('|')}|`)
  const base = results.subjects['op-msw']
  const has = (pick: (s: SubjectResults) => unknown) => ORDER.some((id) => pick(results.subjects[id]) !== undefined)
  if (has((s) => s.startup)) {
    lines.push(row('start-up: construct → first discovery answer, ms (keys given)', (_, s) => num(s.startup?.keys.discovery_ms), results))
    lines.push(row('start-up with default keys → first discovery / first JWKS answer, ms', (_, s) => `${num(s.startup?.default.discovery_ms)} / ${num(s.startup?.default.jwks_ms)}`, results))
    lines.push(row('start-up with default keys, second instance in the process → first JWKS answer, ms', (_, s) => num(s.startup?.default.second_jwks_ms), results))
    lines.push(row('import of the package, ms', (_, s) => num(s.startup?.keys.import_ms), results))
  }
  if (has((s) => s.flow)) {
    lines.push(row('code + PKCE flow (authorize → token → userinfo), ms', (_, s) => num(s.flow?.median_ms, 2), results))
    lines.push(row('  p95, ms', (_, s) => num(s.flow?.p95_ms, 2), results))
    lines.push(row('  × its own floor (see below)', (id, s) => ratio(s.flow && floorMs(results, id) ? s.flow.median_ms / floorMs(results, id)! : undefined), results))
    lines.push(row('  × this OP through msw', (_, s) => ratio(s.flow && base.flow ? s.flow.median_ms / base.flow.median_ms : undefined), results))
    lines.push(row('requests to authorize: new user agent / with session', (_, s) => (s.authorize_requests ? `${s.authorize_requests.first_login} / ${s.authorize_requests.with_session}` : '–'), results))
    lines.push(row(`code flows per second, ${settings.concurrency} concurrent`, (_, s) => num(s.flows_per_s, 0), results))
    const cpuWhere = settings.one_process === 0 ? 'the subject’s own process' : 'the process'
    lines.push(row(`  CPU time per flow there (${cpuWhere}: client and subject, both cores), ms`, (_, s) => num(s.flow_cpu_ms, 2), results))
    if (results.floor_cpu) {
      lines.push(row('  CPU floor per flow (requests of the flow’s shape + its signatures), ms', (id) => num(cpuFloorMs(results, id), 2), results))
      lines.push(row('  CPU time per flow × that floor', (id, s) => ratio(s.flow_cpu_ms !== undefined ? s.flow_cpu_ms / cpuFloorMs(results, id)! : undefined), results))
    }
    lines.push(row(`client_credentials grants per second, ${settings.concurrency} concurrent`, (_, s) => num(s.cc_per_s, 0), results))
  }
  if (has((s) => s.memory)) {
    const total = ORDER.map((id) => results.subjects[id].memory?.flows).find((n) => n !== undefined) ?? 0
    lines.push(row('RSS after 5,000 flows, MB', (_, s) => num(checkpoint(s.memory, 5000)?.rss_mb), results))
    lines.push(row(`RSS growth 5,000 → ${total.toLocaleString('en-US')} flows, MB`, (_, s) => {
      const a = checkpoint(s.memory, 5000)
      const b = checkpoint(s.memory, total)
      return a && b ? `${b.rss_mb - a.rss_mb >= 0 ? '+' : ''}${num(b.rss_mb - a.rss_mb)}` : '–'
    }, results))
    lines.push(row(`JS heap after 5,000 → ${total.toLocaleString('en-US')} flows, MB`, (_, s) => {
      const a = checkpoint(s.memory, 5000)
      const b = checkpoint(s.memory, total)
      return a && b ? `${num(a.heap_mb)} → ${num(b.heap_mb)}` : '–'
    }, results))
    lines.push(row(`records held after ${total.toLocaleString('en-US')} flows`, (_, s) => {
      const records = checkpoint(s.memory, total)?.records
      return records ? Object.entries(records).map(([k, v]) => `${v} ${k.replace(/_/g, ' ')}`).join(', ') : 'none per flow'
    }, results))
    if (has((s) => s.memory_wall_clock)) {
      lines.push(row(`the same on the wall clock: JS heap 5,000 → ${total.toLocaleString('en-US')} flows, MB (KB per flow)`, (_, s) => {
        const a = checkpoint(s.memory_wall_clock, 5000)
        const b = checkpoint(s.memory_wall_clock, total)
        return a && b ? `${num(a.heap_mb)} → ${num(b.heap_mb)} (${((b.heap_mb - a.heap_mb) * 1024 / (total - 5000)).toFixed(2)})` : '–'
      }, results))
      lines.push(row('  heap per record on the wall clock, bytes: code / access token / grant', (_, s) => {
        const bytes = checkpoint(s.memory_wall_clock, total)?.bytes_per_record
        return bytes ? [bytes.codes, bytes.tokens, bytes.grants].map((n) => n ?? '–').join(' / ') : '–'
      }, results))
    }
  }
  lines.push('')

  if (results.floor) {
    const f = results.floor
    lines.push(settings.one_process === 0 ? 'The floor, measured in the same rounds (in a process of its own):' : 'The floor, measured in the same rounds:')
    lines.push('')
    lines.push('| floor | per second | ms each |')
    lines.push('|---|---:|---:|')
    const names: Record<FloorId, string> = {
      'RS256 sign': 'jose RS256 sign (JWT)',
      'RS256 verify': 'jose RS256 verify (JWT)',
      'ES256 sign': 'jose ES256 sign (JWT)',
      'ES256 verify': 'jose ES256 verify (JWT)',
      'msw no-op request': 'msw/node `setupServer`, do-nothing handler: one fetch',
      'loopback no-op request': '`node:http` on 127.0.0.1, empty 204: one fetch (the peers’ transport)',
      'msw no-op request ×16': 'the same msw no-op, 16 concurrent',
      'loopback no-op request ×16': 'the same loopback no-op, 16 concurrent',
      'RS256 sign, node:crypto': 'RS256 signature as this OP signs in Node (`crypto.sign` on the thread pool)',
      'stub flow, msw': 'the flow’s three requests through msw/node to a stub (same shapes, headers and sizes, no work behind them)',
      'stub flow, direct': 'the same three requests to the stub called directly (as `op.handle()` is)',
      'stub flow, loopback': 'the same three requests over loopback to a `node:http` stub',
    }
    for (const [id, { per_s }] of Object.entries(f) as [FloorId, { per_s: number }][]) {
      lines.push(`| ${names[id]} | ${num(per_s, 0)} | ${id.endsWith('×16') ? '' : (1000 / per_s).toFixed(3)} |`)
    }
    lines.push('')
    lines.push('Each subject’s floor for one flow (the sum of the parts above):')
    lines.push('')
    for (const id of ORDER) {
      const floor = floorMs(results, id)
      const flow = results.subjects[id].flow?.median_ms
      lines.push(`- ${HEADS[id]}: ${FLOW_FLOOR[id].what} = ${num(floor, 2)} ms; the flow takes ${num(flow, 2)} ms, ${ratio(flow && floor ? flow / floor : undefined)} its floor.`)
    }
    lines.push('')
    if (SHAPED_FLOOR_IDS.every((id) => f[id])) lines.push(...renderShapedFloor(results))
  }
  if (results.floor_cpu) lines.push(...renderCpuFloor(results))

  if (ORDER.some((id) => results.subjects[id].memory)) {
    const marks = [...new Set(ORDER.flatMap((id) => results.subjects[id].memory?.checkpoints.map((c) => c.flows) ?? []))].sort((a, b) => a - b)
    lines.push('Memory by checkpoint (a fresh process per run, 16 flows at a time, ES256 signatures, after 500 warm-up flows; RSS and JS heap after a forced GC, MB):')
    lines.push('')
    lines.push(`| flows | ${marks.map((n) => n.toLocaleString('en-US')).join(' | ')} |`)
    lines.push(`|---|${marks.map(() => '---:').join('|')}|`)
    for (const id of ORDER) {
      const s = results.subjects[id]
      const runs: [string, MemoryRun | undefined][] = id.startsWith('op-')
        ? [[', clock moving', s.memory], [', wall clock', s.memory_wall_clock]]
        : [['', s.memory]]
      for (const [what, run] of runs) {
        if (!run) continue
        const at = (n: number) => checkpoint(run, n)
        lines.push(`| ${HEADS[id]}${what}: RSS | ${marks.map((n) => num(at(n)?.rss_mb)).join(' | ')} |`)
        lines.push(`| ${HEADS[id]}${what}: heap | ${marks.map((n) => num(at(n)?.heap_mb)).join(' | ')} |`)
        if (run.checkpoints.some((c) => c.records)) {
          lines.push(`| ${HEADS[id]}${what}: records | ${marks.map((n) => {
            const r = at(n)?.records
            return r ? Object.values(r).join(' / ') : '–'
          }).join(' | ')} |`)
        }
      }
    }
    const op = results.subjects['op-handle'].memory ?? results.subjects['op-msw'].memory
    const records = op?.checkpoints.find((c) => c.records)?.records
    lines.push('')
    if (records) lines.push(`This OP's records are ${Object.keys(records).join(' / ')}. With its clock moving ${op!.clock_step_s} s per flow, codes (60 s) and access tokens (3,600 s) expire and the lazy sweep collects them; on the wall clock nothing it issued expires within the run, so every record stays for its lifetime (an access token's: one hour). oidc-provider's records are the entries of its default in-memory adapter (an LRU capped at 1,000 entries; its per-grant index of tokens is not capped); oauth2-mock-server keeps a code's PKCE challenge and nonce until the code is redeemed, and no tokens. The peers ran on the wall clock.`)
    lines.push('')
  }

  lines.push('Browser (service worker, from the worker e2e measurement):')
  lines.push('')
  lines.push(...renderBrowser(results.browser))
  lines.push('')
  return `${lines.join('\n')}\n`
}

const CPU_FLOOR_NAMES: Record<CpuFloorId, string> = {
  'RS256 sign, node:crypto': 'RS256 signature as this OP signs in Node (`crypto.sign` on the thread pool, a KeyObject)',
  'RS256 sign, jose': 'jose RS256 sign (JWT)',
  'stub flow, msw': 'the flow’s three requests through msw/node to a stub (same shapes, headers and sizes, no work behind them)',
  'stub flow, direct': 'the same three requests to the stub called directly (as `op.handle()` is)',
  'stub flow, loopback': 'the same three requests over loopback to a `node:http` stub (the peers’ and `serve`’s transport)',
}

/**
 * The latency floor with the flow's own requests: its three requests answered by a stub, one after
 * another, and its signatures at the cheaper signer, as a multiple of the floor above. Where that
 * multiple passes the ×1.3 of issue 16, no OP on that transport could meet it.
 */
function renderShapedFloor(results: BenchResults): string[] {
  const f = results.floor!
  const signMs = Math.min(1000 / f['RS256 sign'].per_s, 1000 / f['RS256 sign, node:crypto'].per_s)
  const lines = [
    `The same floor with requests of the flow’s shape (its three requests to a stub with no work behind them, one after another, + its signatures at the cheaper signer’s ${signMs.toFixed(3)} ms): the flow of an OP that cost nothing of its own, as × the floor above.`,
    '',
  ]
  for (const id of ORDER) {
    const floor = floorMs(results, id)!
    const shaped = 1000 / f[STUB_FLOWS[id]].per_s + signaturesOf(id) * signMs
    const flow = results.subjects[id].flow?.median_ms
    lines.push(`- ${HEADS[id]}: ${STUB_FLOWS[id]} + ${signaturesOf(id)} × sign = ${num(shaped, 2)} ms, **${ratio(shaped / floor)}** the floor above; the flow takes ${ratio(flow ? flow / shaped : undefined)} this one.`)
  }
  lines.push('')
  return lines
}

/** The CPU floors, each subject's CPU floor per flow, and what that floor allows against the best peer. */
function renderCpuFloor(results: BenchResults): string[] {
  const cpu = results.floor_cpu!
  const lines = [
    `CPU floors, measured in the same rounds ${results.settings.concurrency ?? 16} at a time (CPU time of ${results.settings.one_process === 0 ? 'the floor’s own process' : 'the one process of the rounds'}, main thread and thread pool, per operation):`,
    '',
    '| CPU floor | CPU ms each |',
    '|---|---:|',
    ...(Object.entries(cpu) as [CpuFloorId, { cpu_ms: number }][]).map(([id, { cpu_ms }]) => `| ${CPU_FLOOR_NAMES[id]} | ${cpu_ms.toFixed(3)} |`),
    '',
    `Each subject’s CPU floor per flow (requests of the flow’s shape + its signatures; a signature at the cheaper signer’s ${signatureCpuMs(cpu).toFixed(3)} ms):`,
    '',
  ]
  for (const id of ORDER) {
    const floor = cpuFloorMs(results, id)!
    const used = results.subjects[id].flow_cpu_ms
    const n = signaturesOf(id)
    lines.push(`- ${HEADS[id]}: ${STUB_FLOWS[id]} + ${n} RS256 signature${n === 1 ? '' : 's'} = ${num(floor, 2)} ms; its flow uses ${num(used, 2)} ms at ${results.settings.concurrency ?? 16} concurrent, ${ratio(used !== undefined ? used / floor : undefined)} its CPU floor.`)
  }
  lines.push('')
  const peers = (['oidc-provider', 'oauth2-mock-server'] as const).filter((id) => results.subjects[id].flows_per_s !== undefined && results.subjects[id].flow_cpu_ms !== undefined)
  const best = peers.sort((a, b) => results.subjects[b].flows_per_s! - results.subjects[a].flows_per_s!)[0]
  if (!best) return lines
  const peer = results.subjects[best]
  const cores = results.machine.cores
  lines.push(`The most flows/s at ${results.settings.concurrency ?? 16} concurrent any OP could reach by CPU, as × the best peer (${HEADS[best]}: ${num(peer.flows_per_s, 0)} flows/s, ${num(peer.flow_cpu_ms, 2)} ms CPU per flow): best peer’s CPU per flow ÷ this floor.`)
  lines.push('')
  for (const [id, target] of [['op-msw', 2.5], ['op-handle', 4]] as const) {
    const floor = cpuFloorMs(results, id)!
    const measured = results.subjects[id].flows_per_s
    lines.push(`- ${HEADS[id]}: ${num(peer.flow_cpu_ms, 2)} ÷ ${num(floor, 2)} = **${ratio(peer.flow_cpu_ms! / floor)}** (target ×${target}; measured ${ratio(measured !== undefined ? measured / peer.flows_per_s! : undefined)}); at that floor with the machine’s ${cores} cores to itself, ${cores} × 1,000 ÷ ${num(floor, 2)} = ${num((cores * 1000) / floor, 0)} flows/s.`)
  }
  lines.push('')
  return lines
}

function renderBrowser(browser: BrowserFigures | null): string[] {
  if (!browser) {
    return ['- not measured (no bench/results/browser.json; `MEASURE=1 npx playwright test e2e/worker/measure.spec.ts` writes it).']
  }
  const out = ['| browser figure | median |', '|---|---:|']
  for (const [label, ms] of Object.entries(browser.figures)) out.push(`| ${label} | ${num(ms)} |`)
  const about = (['date', 'browser', 'machine'] as const).filter((k) => browser[k]).map((k) => `${k}: ${browser[k]}`)
  if (about.length) out.push('', `(${about.join('; ')})`)
  return out
}
