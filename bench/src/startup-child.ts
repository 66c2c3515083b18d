/**
 * One start-up sample, in a fresh process: `startup-child <subject> <default|keys> <keys.json>`.
 * Times the import of the subject's code, then construct → first discovery answer (the subject
 * listening, where it listens), then on to the first JWKS answer (signing keys exist); then the
 * same for a second instance in the same process (a suite's second test).
 */
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { report } from './child.js'
import { fetchJwks } from './flow.js'
import type { BenchKeys } from './keys.js'
import { loadSubject } from './subjects/index.js'
import type { SubjectId } from './subjects/subject.js'

const [id, mode, keysFile] = process.argv.slice(2) as [SubjectId, 'default' | 'keys', string]
const keys = mode === 'keys' ? (JSON.parse(readFileSync(keysFile, 'utf8')) as BenchKeys) : undefined

export interface StartupSample {
  import_ms: number
  discovery_ms: number
  jwks_ms: number
  /** A second instance, built after the first closed: construct → first JWKS answer. */
  second_jwks_ms: number
}

const t0 = performance.now()
const subject = await loadSubject(id)
const t1 = performance.now()
const running = await subject.start(keys ? { keys } : {})
const t2 = performance.now()
await fetchJwks(running.target)
const t3 = performance.now()
await running.close()
const t4 = performance.now()
const second = await subject.start(keys ? { keys } : {})
await fetchJwks(second.target)
const t5 = performance.now()
await second.close()
report({ import_ms: t1 - t0, discovery_ms: t2 - t1, jwks_ms: t3 - t1, second_jwks_ms: t5 - t4 } satisfies StartupSample)
process.exit(0)
