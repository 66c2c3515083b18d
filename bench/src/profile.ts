/**
 * Where the time of a flow goes: a CPU profile (node:inspector, the same data as `node --cpu-prof`)
 * summarised by self time per category, and the median time of each request of the flow.
 */
import { Session } from 'node:inspector/promises'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
export interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/** Profiles `run` and returns the profile. */
export async function profile(run: () => Promise<void>): Promise<CpuProfile> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 100 })
  await session.post('Profiler.start')
  try {
    await run()
    return ((await session.post('Profiler.stop')) as { profile: CpuProfile }).profile
  } finally {
    session.disconnect()
  }
}

/** The category of one profile node, from its script URL and function name. */
export function categorize(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(idle)') return 'idle (waiting: WebCrypto runs RSA/EC on the libuv thread pool)'
    if (functionName === '(garbage collector)') return 'garbage collector'
    if (functionName === '(program)') return 'V8/native (program)'
    return `native: ${functionName || '(anonymous)'}`
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]
  if (pkg && !url.includes('.cache/msw-oidc-provider-bench')) {
    if (pkg === 'jose') return 'jose (JWT encode/sign/verify glue)'
    if (pkg === '@noble/hashes') return 'hashing: @noble/hashes'
    if (pkg === 'zustand') return 'zustand'
    if (MSW_PACKAGES.has(pkg)) return 'msw (+ @mswjs/interceptors and its helpers)'
    return `package: ${pkg}`
  }
  if (url.includes('/bench/src/')) return 'bench client script (PKCE, parsing, checks)'
  const src = /msw-oidc-provider-bench\/src\/(.+)\.mjs/.exec(url)?.[1]
  if (src) return `this OP: src/${src}.ts`
  if (url.startsWith('node:internal/deps/undici')) return 'Node web APIs (undici: Request, Response, Headers, fetch)'
  if (url.startsWith('node:internal/url') || url.startsWith('node:internal/deps/ada')) return 'Node URL parsing'
  if (url.startsWith('node:internal/crypto') || url.startsWith('node:crypto')) return 'Node crypto (JS side of WebCrypto, hashing)'
  if (url.startsWith('node:internal/webstreams') || url.startsWith('node:internal/streams')) return 'Node streams (bodies)'
  if (url.startsWith('node:')) return `Node internals: ${url.replace(/^node:internal\//, '').split('/')[0]}`
  return url
}

const MSW_PACKAGES = new Set([
  'msw', '@mswjs/interceptors', 'path-to-regexp', 'headers-polyfill', 'outvariant', 'strict-event-emitter',
  'is-node-process', 'cookie', '@bundled-es-modules/cookie', '@bundled-es-modules/statuses', 'statuses',
  'tough-cookie', 'tldts', 'tldts-core', 'until-async', '@open-draft/until', '@open-draft/deferred-promise',
  '@open-draft/logger', 'rettime', 'graphql', 'type-fest',
])

/** The coarse groups of the README: signing, hashing, msw, Node's web objects, this OP's code, the rest. */
export function coarse(url: string, functionName: string): string {
  const category = categorize(url, functionName)
  const signer = category === 'this OP: src/msw/node-signer.ts' || category === 'this OP: src/context/signer.ts'
  if (signer || category.startsWith('idle') || category.startsWith('jose') || category.startsWith('Node crypto') || /^native: (run|SignJob|VerifyJob|dispatch|onDone|sign)$/.test(category)) {
    return 'signing and verifying: node:crypto or WebCrypto (thread pool, dispatch), the signers and jose'
  }
  if (category.startsWith('hashing') || category === 'this OP: src/tokens/hash.ts') return 'hashing: SHA-256 of codes, PKCE, at_hash'
  if (category.startsWith('this OP')) return "this OP's own code (src/, without hashing)"
  if (category.startsWith('msw')) return 'msw and its interceptors'
  if (category.startsWith('Node web APIs') || category.startsWith('Node URL') || category.startsWith('Node streams') || category.startsWith('Node internals') || category === 'native: parse') {
    return 'Node: Request, Response, Headers, URL, streams, abort signals'
  }
  if (category.startsWith('bench')) return 'the bench client script'
  if (category === 'garbage collector' || category.startsWith('V8')) return 'garbage collector and V8'
  return 'other (native: random bytes, …)'
}

/** Self time (ms) per category, largest first, with the share of the whole profile. */
export function summarize(profile: CpuProfile, group: (url: string, functionName: string) => string = categorize): { category: string; ms: number; share: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const totals = new Map<string, number>()
  let all = 0
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!
    const us = profile.timeDeltas[i] ?? 0
    all += us
    const category = group(node.callFrame.url, node.callFrame.functionName)
    totals.set(category, (totals.get(category) ?? 0) + us)
  })
  return [...totals]
    .map(([category, us]) => ({ category, ms: us / 1000, share: us / all }))
    .sort((a, b) => b.ms - a.ms)
}

/** The heaviest functions by self time, for the categories of this OP's own code. */
export function topFunctions(profile: CpuProfile, filter: (url: string) => boolean, count = 15): { fn: string; ms: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const totals = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const { callFrame } = byId.get(id)!
    if (!filter(callFrame.url)) return
    const name = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*msw-oidc-provider-bench\//, '').replace(/^.*node_modules\//, '')}:${callFrame.lineNumber + 1}`
    totals.set(name, (totals.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0))
  })
  return [...totals].map(([fn, us]) => ({ fn, ms: us / 1000 })).sort((a, b) => b.ms - a.ms).slice(0, count)
}
