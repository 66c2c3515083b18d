/** Child processes: each start-up sample and each memory run gets a fresh Node process. */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'

const MARK = 'BENCH_RESULT '

/** In a child: hands the result to the parent (one marked line; whatever else a peer prints is ignored). */
export function report(result: unknown): void {
  process.stdout.write(`${MARK}${JSON.stringify(result)}\n`)
}

export interface ChildRun<T> {
  result: T
  /** From spawn to exit, as the parent sees it. */
  wallMs: number
}

/** Runs `bench/src/<entry>.mjs` of the bundle in a fresh `node --expose-gc` and returns what it reported; entry '' runs a bare `node -e ''`. */
export function runChild<T>(entry: string, args: string[]): Promise<ChildRun<T>> {
  const dir = process.env.BENCH_BUILD_DIR
  if (!dir) throw new Error('BENCH_BUILD_DIR is not set: run the bench through bench/run.mjs')
  const file = entry === '' ? undefined : join(dir, 'bench/src', `${entry}.mjs`)
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, file ? ['--expose-gc', file, ...args] : ['-e', ''], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk))
    child.on('error', reject)
    child.on('exit', (code) => {
      const wallMs = performance.now() - started
      const line = out.split('\n').find((l) => l.startsWith(MARK))
      if (code !== 0 || (file && !line)) {
        reject(new Error(`child ${entry} ${args.join(' ')} exited ${code}:\n${err.slice(-2000)}`))
        return
      }
      resolve({ result: (line ? JSON.parse(line.slice(MARK.length)) : undefined) as T, wallMs })
    })
  })
}
