/**
 * The CPU floor of a flow, measured in the floor's process: the CPU time (`process.cpuUsage()`:
 * main thread and libuv's thread pool) per operation, 16 at a time as the flows run, of
 * - an RS256 signature as this OP signs in Node (src/msw/node-signer.ts: `crypto.sign` with a
 *   callback, on the thread pool, over a KeyObject of the bench's RS256 key), and jose's;
 * - the code flow's three requests, shaped as the bench's client sends them, answered by a stub
 *   (stub-flow.ts) through msw, directly (as `op.handle()` is called), and over loopback to a
 *   `node:http` stub (the peers' and `serve`'s transport).
 * A flow's CPU floor is its requests' figure plus its signatures' (report.ts): what any OP on that
 * transport spends per flow with its own code costing nothing, which bounds the flows per second
 * at 16 concurrent that any OP could reach on this machine.
 */
import { performance } from 'node:perf_hooks'
import { importJWK, SignJWT } from 'jose'
import { nodeSigner } from '../../src/msw/node-signer.js'
import type { PrivateJWK } from '../../src/store/state.js'
import { directFetch } from './flow.js'
import type { BenchKeys } from './keys.js'
import { startStubLoopback, stubDirect, stubFlow } from './stub-flow.js'

export type CpuFloorId = 'RS256 sign, node:crypto' | 'RS256 sign, jose' | 'stub flow, msw' | 'stub flow, direct' | 'stub flow, loopback'
export const CPU_FLOOR_IDS: CpuFloorId[] = ['RS256 sign, node:crypto', 'RS256 sign, jose', 'stub flow, msw', 'stub flow, direct', 'stub flow, loopback']

/** Operations in flight at once, as the flows at 16 concurrent. */
const CONCURRENCY = 16

/** Runs `op` 16 at a time for about `ms` milliseconds; returns this process's CPU time per operation, ms. */
async function cpuPerOperation(op: () => Promise<unknown>, ms: number): Promise<number> {
  let count = 0
  const since = process.cpuUsage()
  const start = performance.now()
  while (performance.now() - start < ms) {
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let i = 0; i < 8; i++) await op()
    }))
    count += 8 * CONCURRENCY
  }
  const used = process.cpuUsage(since)
  return (used.user + used.system) / 1000 / count
}

export interface CpuFloor {
  /** CPU time per operation of `id`, ms, over about `ms` milliseconds. */
  measure(id: CpuFloorId, ms: number): Promise<number>
  /** The operation of `id` itself, for the floor's one-at-a-time medians (floor.ts); msw's handlers installed first. */
  operation(id: CpuFloorId): () => Promise<unknown>
  close(): Promise<void>
}

const PAYLOAD = { iss: 'https://op.example.test', sub: 'alice', aud: 'bench', iat: 1_700_000_000, exp: 4_000_000_000, jti: 'x'.repeat(22), scope: 'openid profile' }
const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')

/**
 * The CPU floors over `keys`; `useMsw` installs the floor's msw handlers (stubHandler among them)
 * before the msw stub flow is measured.
 */
export async function createCpuFloor(keys: BenchKeys, useMsw: () => void): Promise<CpuFloor> {
  const jwk = keys.RS256 as PrivateJWK
  const signer = nodeSigner()
  if (!signer) throw new Error('no node:crypto signer in this Node')
  const signingInput = new TextEncoder().encode(`${base64url({ alg: 'RS256', kid: jwk.kid })}.${base64url(PAYLOAD)}`)
  const joseKey = await importJWK(keys.RS256, 'RS256')
  const loopback = await startStubLoopback()
  const ops: Record<CpuFloorId, () => Promise<unknown>> = {
    'RS256 sign, node:crypto': () => signer.sign(jwk, signingInput),
    'RS256 sign, jose': () => new SignJWT(PAYLOAD).setProtectedHeader({ alg: 'RS256', kid: jwk.kid }).sign(joseKey),
    // The fetch msw patched, looked up at each call as the flow's client does.
    'stub flow, msw': () => stubFlow((url, init) => globalThis.fetch(url, init)),
    'stub flow, direct': () => stubFlow(stubDirect),
    'stub flow, loopback': () => stubFlow(directFetch, loopback.url),
  }
  return {
    measure(id, ms) {
      if (id === 'stub flow, msw') useMsw()
      return cpuPerOperation(ops[id], ms)
    },
    operation: (id) => ops[id],
    close: () => loopback.close(),
  }
}
