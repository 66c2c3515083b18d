/**
 * The floor on this machine, measured in the same run as the subjects: what a flow cannot go below.
 * - jose: sign and verify a small JWT with RS256 and ES256 (WebCrypto keys imported once).
 * - msw/node: `setupServer` with one handler that returns an empty 204, fetched in sequence and
 *   16 at a time.
 * - loopback: a `node:http` server on 127.0.0.1 that answers 204, fetched the same ways (the
 *   peers' transport).
 * - the CPU floors: with 16 in flight, the CPU time (`process.cpuUsage()`: main thread and libuv's
 *   thread pool) per operation of an RS256 signature as this OP signs in Node
 *   (src/msw/node-signer.ts) and as jose does, and of the code flow's three requests, shaped as the
 *   bench's client sends them, answered by a stub (stub-flow.ts) through msw, directly (as
 *   `op.handle()` is called) and over loopback. A flow's CPU floor is its requests' figure plus its
 *   signatures' (report.ts): what any OP on that transport spends per flow with its own code
 *   costing nothing, which bounds the flows per second at 16 concurrent any OP could reach here.
 *   One at a time, the same operations give the latency floor with the flow's own requests.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { http } from 'msw'
import { importJWK, jwtVerify, SignJWT } from 'jose'
import { publicJwk } from '../../src/context/keyjar.js'
import { nodeSigner } from '../../src/msw/node-signer.js'
import type { PrivateJWK } from '../../src/store/state.js'
import { directFetch } from './flow.js'
import type { BenchKeys } from './keys.js'
import { median } from './stats.js'
import { startStubLoopback, stubDirect, stubFlow, stubHandler } from './stub-flow.js'
import { useMswHandlers } from './subjects/msw-host.js'

/** The flow's three requests answered by a stub (stub-flow.ts), one at a time, and the OP's own Node signer. */
export type ShapedFloorId = 'RS256 sign, node:crypto' | 'stub flow, msw' | 'stub flow, direct' | 'stub flow, loopback'
export type FloorId =
  | 'RS256 sign' | 'RS256 verify' | 'ES256 sign' | 'ES256 verify'
  | 'msw no-op request' | 'loopback no-op request' | 'msw no-op request ×16' | 'loopback no-op request ×16'
  | ShapedFloorId
export type CpuFloorId = 'RS256 sign, node:crypto' | 'RS256 sign, jose' | 'stub flow, msw' | 'stub flow, direct' | 'stub flow, loopback'
export const CPU_FLOOR_IDS: CpuFloorId[] = ['RS256 sign, node:crypto', 'RS256 sign, jose', 'stub flow, msw', 'stub flow, direct', 'stub flow, loopback']
/** The flow's three requests to the stub, by transport: a floor one at a time and a CPU floor. */
export type StubFlowId = ShapedFloorId & CpuFloorId
export const SHAPED_FLOOR_IDS: ShapedFloorId[] = ['RS256 sign, node:crypto', 'stub flow, msw', 'stub flow, direct', 'stub flow, loopback']
export const FLOOR_IDS: FloorId[] = [
  'RS256 sign', 'RS256 verify', 'ES256 sign', 'ES256 verify',
  'msw no-op request', 'loopback no-op request', 'msw no-op request ×16', 'loopback no-op request ×16',
  ...SHAPED_FLOOR_IDS,
]

/**
 * Runs `op` for about `ms` milliseconds, `concurrency` at a time; returns operations per second.
 * One at a time, that is 1,000 ÷ the median operation, as a flow's latency is its median: a mean
 * would count every time the shared machine takes the core away, and put the floor above the flow.
 */
async function perSecond(op: () => Promise<unknown>, ms: number, concurrency: number): Promise<number> {
  if (concurrency === 1) {
    const times: number[] = []
    const start = performance.now()
    for (let before = start; before - start < ms; ) {
      await op()
      const after = performance.now()
      times.push(after - before)
      before = after
    }
    return 1000 / median(times)
  }
  const { operations, elapsedMs } = await repeatConcurrently(op, ms, concurrency)
  return (operations * 1000) / elapsedMs
}

/** Runs `op` `concurrency` at a time for about `ms` milliseconds: how many ran, in what time and this process's CPU time. */
async function repeatConcurrently(op: () => Promise<unknown>, ms: number, concurrency: number): Promise<{ operations: number; elapsedMs: number; cpuMs: number }> {
  let operations = 0
  const cpuSince = process.cpuUsage()
  const start = performance.now()
  let now = start
  while (now - start < ms) {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < 8; i++) await op()
    }))
    operations += 8 * concurrency
    now = performance.now()
  }
  const cpu = process.cpuUsage(cpuSince)
  return { operations, elapsedMs: now - start, cpuMs: (cpu.user + cpu.system) / 1000 }
}

export interface Floor {
  /** Operations per second of each floor. */
  measure(id: FloorId, ms: number): Promise<number>
  /** CPU time per operation of a CPU floor, ms, 16 at a time. */
  measureCpu(id: CpuFloorId, ms: number): Promise<number>
  close(): Promise<void>
}

const PAYLOAD = { iss: 'https://op.example.test', sub: 'alice', aud: 'bench', iat: 1_700_000_000, exp: 4_000_000_000, jti: 'x'.repeat(22), scope: 'openid profile' }
const NOOP_URL = 'https://floor.example.test/noop'
const jsonPart = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')

export async function createFloor(keys: BenchKeys): Promise<Floor> {
  const ops = {} as Record<FloorId | CpuFloorId, () => Promise<unknown>>
  for (const alg of ['RS256', 'ES256'] as const) {
    const jwk = keys[alg]
    const privateKey = await importJWK(jwk, alg)
    const publicKey = await importJWK(publicJwk(jwk), alg)
    const sign = () => new SignJWT(PAYLOAD).setProtectedHeader({ alg, kid: jwk.kid! }).sign(privateKey)
    const token = await sign()
    ops[`${alg} sign`] = sign
    ops[`${alg} verify`] = () => jwtVerify(token, publicKey)
  }
  ops['RS256 sign, jose'] = ops['RS256 sign']
  // The same header and claims signed as the OP's Node signer signs them.
  const signer = nodeSigner()
  if (!signer) throw new Error('no node:crypto signer in this Node')
  const rs256 = keys.RS256 as PrivateJWK
  const signingInput = new TextEncoder().encode(`${jsonPart({ alg: 'RS256', kid: rs256.kid })}.${jsonPart(PAYLOAD)}`)
  ops['RS256 sign, node:crypto'] = () => signer.sign(rs256, signingInput)

  // The no-op first, so that its requests try one handler as before; then the stub of the flow's requests.
  const handlers = [http.all(NOOP_URL, () => new Response(null, { status: 204 })), stubHandler]
  const loopback = createServer((_req, res) => {
    res.statusCode = 204
    res.end()
  })
  await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve))
  const loopbackUrl = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}/noop`
  const stubLoopback = await startStubLoopback()
  // One request each; the ×16 floors run the same request 16 at a time.
  ops['msw no-op request'] = ops['msw no-op request ×16'] = async () => (await globalThis.fetch(NOOP_URL)).arrayBuffer()
  ops['loopback no-op request'] = ops['loopback no-op request ×16'] = async () => (await directFetch(loopbackUrl)).arrayBuffer()
  // The fetch msw patched, looked up at each call as the flow's client does.
  ops['stub flow, msw'] = () => stubFlow((url, init) => globalThis.fetch(url, init))
  ops['stub flow, direct'] = () => stubFlow(stubDirect)
  ops['stub flow, loopback'] = () => stubFlow(directFetch, stubLoopback.url)
  const throughMsw = (id: FloorId | CpuFloorId): void => {
    if (id.startsWith('msw') || id === 'stub flow, msw') useMswHandlers(handlers)
  }

  return {
    async measure(id, ms) {
      throughMsw(id)
      return perSecond(ops[id], ms, id.endsWith('×16') ? 16 : 1)
    },
    async measureCpu(id, ms) {
      throughMsw(id)
      const { operations, cpuMs } = await repeatConcurrently(ops[id], ms, 16)
      return cpuMs / operations
    },
    close: async () => {
      await stubLoopback.close()
      await new Promise<void>((resolve) => {
        loopback.closeAllConnections()
        loopback.close(() => resolve())
      })
    },
  }
}
