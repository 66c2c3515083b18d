/**
 * The parent's side of a round subject (or the floor) in a process of its own: forks
 * round-child.mjs of the bundle with `--expose-gc` and calls it over the IPC channel, one call at a
 * time. Between calls the child waits on its channel and takes no CPU, so that the subject being
 * measured has the machine as in the rounds of one process, without sharing its process.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import type { CpuFloorId, FloorId } from './floor.js'
import type { AuthorizeRequests, RoundFloor, RoundSubject, StretchFigures, StretchSettings } from './stretch.js'
import type { SubjectId } from './subjects/subject.js'

/** What the parent asks a round child. */
export type RoundCall =
  | { method: 'warmUp' | 'stretch' | 'close' }
  | { method: 'measure'; id: FloorId; ms: number }
  | { method: 'measureCpu'; id: CpuFloorId; ms: number }

/** What a round child answers: its result, or its error's stack. */
export type RoundReply = { ok: true; result: unknown } | { ok: false; error: string }

/** A forked round child and its calls, answered in order. */
class RoundChild {
  readonly #child: ChildProcess
  readonly #pending: { resolve: (value: unknown) => void; reject: (error: Error) => void }[] = []
  readonly #exited: Promise<void>
  /** Resolves with the child's `ready`, once its subject has started. */
  readonly started: Promise<unknown>

  constructor(readonly what: SubjectId | 'floor', keysFile: string, settings: StretchSettings) {
    const dir = process.env.BENCH_BUILD_DIR
    if (!dir) throw new Error('BENCH_BUILD_DIR is not set: run the bench through bench/run.mjs')
    this.#child = fork(join(dir, 'bench/src/round-child.mjs'), [what, keysFile, JSON.stringify(settings)], {
      execArgv: ['--expose-gc'],
      // What a peer prints goes where it went in one process; results come over the channel.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: process.env,
    })
    this.started = new Promise((resolve, reject) => this.#pending.push({ resolve, reject }))
    this.#child.on('message', (reply: RoundReply) => {
      const waiting = this.#pending.shift()
      if (!waiting) return
      if (reply.ok) waiting.resolve(reply.result)
      else waiting.reject(new Error(`round child ${what}: ${reply.error}`))
    })
    this.#exited = new Promise((resolve) => {
      this.#child.on('exit', (code) => {
        for (const waiting of this.#pending.splice(0)) waiting.reject(new Error(`round child ${what} exited ${code}`))
        resolve()
      })
    })
  }

  call<T>(call: RoundCall): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ resolve: resolve as (value: unknown) => void, reject })
      this.#child.send(call)
    })
  }

  async close(): Promise<void> {
    await this.call({ method: 'close' })
    await this.#exited
  }
}

/** Starts `id` in a process of its own (keys from `keysFile`) and drives it from this one. */
export async function childSubject(id: SubjectId, keysFile: string, settings: StretchSettings): Promise<RoundSubject> {
  const child = new RoundChild(id, keysFile, settings)
  await child.started
  return {
    warmUp: () => child.call<AuthorizeRequests>({ method: 'warmUp' }),
    stretch: () => child.call<StretchFigures>({ method: 'stretch' }),
    close: () => child.close(),
  }
}

/** Builds the floor in a process of its own and drives it from this one. */
export async function childFloor(keysFile: string, settings: StretchSettings): Promise<RoundFloor> {
  const child = new RoundChild('floor', keysFile, settings)
  await child.started
  return {
    warmUp: () => child.call<void>({ method: 'warmUp' }),
    measure: (id, ms) => child.call<number>({ method: 'measure', id, ms }),
    measureCpu: (id, ms) => child.call<number>({ method: 'measureCpu', id, ms }),
    close: () => child.close(),
  }
}
