/**
 * One subject of the rounds, or the floor, in a long-lived process of its own:
 * `round-child <subject id | floor> <keys.json> <settings JSON>`, forked by round-process.ts.
 *
 * It starts its subject (or builds the floor), says it is ready, and then does what the parent
 * asks over the IPC channel, one call at a time (`warmUp`, `stretch`, `measure`, `measureCpu`,
 * `close`): the same functions as the rounds in one process (stretch.ts), so that the CPU time per
 * flow is this process's own, with no other subject's code, inline caches or heap in it.
 */
import { readFileSync } from 'node:fs'
import { setFlagsFromString } from 'node:v8'
import { createFloor } from './floor.js'
import type { BenchKeys } from './keys.js'
import type { RoundCall, RoundReply } from './round-process.js'
import { localFloor, localSubject, stretchCollector, type RoundFloor, type RoundSubject, type StretchSettings } from './stretch.js'
import { loadSubject } from './subjects/index.js'
import type { SubjectId } from './subjects/subject.js'

const [what, keysFile, settingsJson] = process.argv.slice(2) as [SubjectId | 'floor', string, string]
if (process.env.BENCH_V8_FLAGS) setFlagsFromString(process.env.BENCH_V8_FLAGS)
const keys = JSON.parse(readFileSync(keysFile, 'utf8')) as BenchKeys
const settings = JSON.parse(settingsJson) as StretchSettings
const gc = stretchCollector(process.env.BENCH_DIAG ?? '')

const send = (reply: RoundReply): Promise<void> =>
  new Promise((resolve, reject) => process.send!(reply, undefined, {}, (error) => (error ? reject(error) : resolve())))

const member: RoundSubject | RoundFloor = what === 'floor'
  ? localFloor(await createFloor(keys), gc)
  : localSubject(await (await loadSubject(what)).start({ keys }), settings, gc)

// BENCH_DIAG=idle: the CPU time this process used between two calls, while the others were measured.
const idleDiag = (process.env.BENCH_DIAG ?? '').includes('idle')
let sinceLastCall = process.cpuUsage()

process.on('message', (call: RoundCall) => {
  if (idleDiag) {
    const used = process.cpuUsage(sinceLastCall)
    console.log(`  [${what}] CPU while waiting for ${call.method}: ${((used.user + used.system) / 1000).toFixed(1)} ms`)
  }
  const run = async (): Promise<unknown> => {
    switch (call.method) {
      case 'warmUp':
        return member.warmUp()
      case 'stretch':
        return (member as RoundSubject).stretch()
      case 'measure':
        return (member as RoundFloor).measure(call.id, call.ms)
      case 'measureCpu':
        return (member as RoundFloor).measureCpu(call.id, call.ms)
      case 'close':
        return member.close()
    }
  }
  run().then(
    async (result) => {
      sinceLastCall = process.cpuUsage()
      await send({ ok: true, result })
      if (call.method === 'close') process.exit(0)
    },
    (error: unknown) => send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  )
})
// The parent gone (a failed run, Ctrl-C): no round process outlives it.
process.on('disconnect', () => process.exit(0))
await send({ ok: true, result: 'ready' })
