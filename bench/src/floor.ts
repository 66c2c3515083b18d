/**
 * The floor on this machine, measured in the same run as the subjects: what a flow cannot go below.
 * - jose: sign and verify a small JWT with RS256 and ES256 (WebCrypto keys imported once).
 * - msw/node: `setupServer` with one handler that returns an empty 204, fetched in sequence and
 *   16 at a time.
 * - loopback: a `node:http` server on 127.0.0.1 that answers 204, fetched the same ways (the
 *   peers' transport).
 * - the CPU floors of cpu-floor.ts (signatures, the flow's requests to a stub), in the same process.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { http } from 'msw'
import { importJWK, jwtVerify, SignJWT } from 'jose'
import { publicJwk } from '../../src/context/keyjar.js'
import { createCpuFloor, type CpuFloorId } from './cpu-floor.js'
import { directFetch } from './flow.js'
import type { BenchKeys } from './keys.js'
import { median } from './stats.js'
import { stubHandler } from './stub-flow.js'
import { useMswHandlers } from './subjects/msw-host.js'

/** The flow's three requests answered by a stub (stub-flow.ts), one at a time, and the OP's own Node signer. */
export type ShapedFloorId = 'RS256 sign, node:crypto' | 'stub flow, msw' | 'stub flow, direct' | 'stub flow, loopback'
export type FloorId =
  | 'RS256 sign' | 'RS256 verify' | 'ES256 sign' | 'ES256 verify'
  | 'msw no-op request' | 'loopback no-op request' | 'msw no-op request ×16' | 'loopback no-op request ×16'
  | ShapedFloorId
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
  let count = 0
  const start = performance.now()
  let now = start
  while (now - start < ms) {
    await Promise.all(Array.from({ length: concurrency }, async () => {
      for (let i = 0; i < 8; i++) await op()
    }))
    count += 8 * concurrency
    now = performance.now()
  }
  return (count * 1000) / (now - start)
}

export interface Floor {
  /** Operations per second of each floor. */
  measure(id: FloorId, ms: number): Promise<number>
  /** CPU time per operation of a CPU floor, ms, 16 at a time (cpu-floor.ts). */
  measureCpu(id: CpuFloorId, ms: number): Promise<number>
  close(): Promise<void>
}

const PAYLOAD = { iss: 'https://op.example.test', sub: 'alice', aud: 'bench', iat: 1_700_000_000, exp: 4_000_000_000, jti: 'x'.repeat(22), scope: 'openid profile' }
const NOOP_URL = 'https://floor.example.test/noop'

export async function createFloor(keys: BenchKeys): Promise<Floor> {
  const ops = {} as Record<FloorId, () => Promise<unknown>>
  for (const alg of ['RS256', 'ES256'] as const) {
    const jwk = keys[alg]
    const privateKey = await importJWK(jwk, alg)
    const publicKey = await importJWK(publicJwk(jwk), alg)
    const sign = () => new SignJWT(PAYLOAD).setProtectedHeader({ alg, kid: jwk.kid! }).sign(privateKey)
    const token = await sign()
    ops[`${alg} sign`] = sign
    ops[`${alg} verify`] = () => jwtVerify(token, publicKey)
  }
  // The no-op first, so that its requests try one handler as before; then the stub of the flow's requests.
  const handlers = [http.all(NOOP_URL, () => new Response(null, { status: 204 })), stubHandler]
  const cpuFloor = await createCpuFloor(keys, () => useMswHandlers(handlers))
  const loopback = createServer((_req, res) => {
    res.statusCode = 204
    res.end()
  })
  await new Promise<void>((resolve) => loopback.listen(0, '127.0.0.1', resolve))
  const loopbackUrl = `http://127.0.0.1:${(loopback.address() as AddressInfo).port}/noop`
  // One request each; the ×16 floors run the same request 16 at a time.
  ops['msw no-op request'] = ops['msw no-op request ×16'] = async () => (await globalThis.fetch(NOOP_URL)).arrayBuffer()
  ops['loopback no-op request'] = ops['loopback no-op request ×16'] = async () => (await directFetch(loopbackUrl)).arrayBuffer()
  // One at a time, the same operations as the CPU floors: the latency a flow of that shape cannot go below.
  for (const id of SHAPED_FLOOR_IDS) ops[id] = cpuFloor.operation(id)

  return {
    async measure(id, ms) {
      if (id.startsWith('msw') || id === 'stub flow, msw') useMswHandlers(handlers)
      return perSecond(ops[id], ms, id.endsWith('×16') ? 16 : 1)
    },
    measureCpu: (id, ms) => cpuFloor.measure(id, ms),
    close: async () => {
      await cpuFloor.close()
      await new Promise<void>((resolve) => {
        loopback.closeAllConnections()
        loopback.close(() => resolve())
      })
    },
  }
}
