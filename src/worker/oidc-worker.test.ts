/**
 * The worker's request path in Node, with the service-worker globals stubbed: what it writes to its
 * storage for each answer, and when. (The worker in a real browser: e2e/worker.)
 */
import { calculatePKCECodeChallenge, generateRandomCodeVerifier } from 'oauth4webapi'
import { afterEach, beforeEach, expect, test, vi } from 'vitest'
import type { OPStorage, SavedOP } from './persistence.js'
import { CALL, type BroadcastMessage, type Reply, type WorkerConfiguration, type WorkerMethod } from '../protocol/messages.js'
import { setupOidcWorker } from './oidc-worker.js'

const origin = 'http://localhost:5173'
const issuer = `${origin}/oidc`
const callback = `${origin}/callback`
const configuration: WorkerConfiguration = {
  issuer,
  clients: [{ client_id: 'spa', redirect_uris: [callback], token_endpoint_auth_method: 'none' }],
  users: [{ sub: 'alice', name: 'Alice Example' }],
}

type Listener = (event: unknown) => void
let listeners: Map<string, Listener>
let broadcasts: BroadcastMessage[]
/** Each write, copied as it was made, with how many answers had gone out before it. */
let writes: { record: SavedOP; answered: number }[]
let answered: number

beforeEach(() => {
  listeners = new Map()
  broadcasts = []
  writes = []
  answered = 0
  vi.stubGlobal('location', { href: `${origin}/msw-oidc-worker.js`, origin, hostname: 'localhost' })
  vi.stubGlobal('clients', { claim: async () => undefined })
  vi.stubGlobal('skipWaiting', async () => undefined)
  vi.stubGlobal('addEventListener', (type: string, listener: Listener) => listeners.set(type, listener))
  vi.stubGlobal(
    'BroadcastChannel',
    class {
      postMessage(message: BroadcastMessage): void {
        broadcasts.push(structuredClone(message))
      }
    },
  )
})
afterEach(() => {
  vi.unstubAllGlobals()
})

const storage: OPStorage = {
  read: async () => undefined,
  write: async (record) => void writes.push({ record: structuredClone(record), answered }),
  remove: async () => undefined,
}

/** Calls the worker as `startWorker`'s handle does, from the page `source` (default: the one that configures it). */
function call(method: WorkerMethod, ...args: unknown[]): Promise<unknown> {
  return callFrom('app-page', method, ...args)
}

function callFrom(source: string, method: WorkerMethod, ...args: unknown[]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const port = { postMessage: (reply: Reply) => (reply.ok ? resolve(reply.value) : reject(new Error(reply.error.message))) }
    listeners.get('message')!({ data: { type: CALL, method, args }, ports: [port], waitUntil: () => undefined, source: { id: source } })
  })
}

/** A request through the worker's fetch listener: its answer, once every `waitUntil` is done. */
async function request(input: string, init?: RequestInit, clientId = ''): Promise<Response> {
  let answer: Promise<Response> | undefined
  const lifetimes: Promise<unknown>[] = []
  listeners.get('fetch')!({
    clientId,
    request: new Request(input, init),
    respondWith: (response: Promise<Response>) => (answer = Promise.resolve(response)),
    waitUntil: (promise: Promise<unknown>) => lifetimes.push(promise),
  })
  if (!answer) throw new Error(`the worker did not answer ${input}`)
  const response = await answer
  answered++
  await Promise.all(lifetimes)
  return response
}

test('before a configuration: 503 temporarily_unavailable, nothing written', async () => {
  setupOidcWorker({ storage })
  const response = await request(`${issuer}/.well-known/openid-configuration`)
  expect(response.status).toBe(503)
  expect(await response.json()).toEqual(expect.objectContaining({ error: 'temporarily_unavailable' }))
  expect(writes).toEqual([])
})

test('one write per answer, before an answer that changed the state goes out; a state message per changed state', async () => {
  setupOidcWorker({ storage })
  expect(await call('configure', configuration)).toEqual(expect.objectContaining({ outcome: 'created' }))
  // The signing keys are generated in the background, and saved once they exist.
  await vi.waitFor(() => expect(writes.at(-1)?.record.state.keys.length).toBeGreaterThan(0))
  await new Promise((resolve) => setTimeout(resolve, 10))

  const verifier = generateRandomCodeVerifier()
  const authorize = new URL(`${issuer}/authorize`)
  authorize.search = new URLSearchParams({
    client_id: 'spa',
    redirect_uri: callback,
    response_type: 'code',
    scope: 'openid profile',
    code_challenge: await calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString()

  /** Runs a request; expects one write for it, made before the answer when the state changed. */
  async function oneWrite(changesState: boolean, send: () => Promise<Response>): Promise<Response> {
    const writesBefore = writes.length
    const statesBefore = broadcasts.filter((m) => m.type === 'state').length
    const answeredBefore = answered
    const response = await send()
    expect(response.status).toBeLessThan(400)
    const made = writes.slice(writesBefore)
    expect(made).toHaveLength(1)
    if (changesState) expect(made[0]!.answered).toBe(answeredBefore)
    expect(made[0]!.record.events?.at(-1)?.seq).toBe(made[0]!.record.seq)
    expect(broadcasts.filter((m) => m.type === 'state').length - statesBefore).toBe(changesState ? 1 : 0)
    return response
  }

  await oneWrite(false, () => request(`${issuer}/.well-known/openid-configuration`))
  const redirect = await oneWrite(true, () => request(authorize.href))
  const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!
  await oneWrite(true, () =>
    request(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: callback, client_id: 'spa', code_verifier: verifier }),
    }),
  )
  const last = writes.at(-1)!.record
  expect(Object.values(last.state.tokens).map((t) => t.kind)).toContain('access_token')
  expect(last.events?.map((m) => m.event.endpoint)).toEqual(['provider_config', 'authorization', 'token'])
})

test('issue 9, flaw 9: a page that did not start the worker cannot dump or putUser; attach admits one that holds the configuration', async () => {
  setupOidcWorker({ storage })
  await call('configure', configuration)
  expect(await call('dump')).toHaveProperty('keys')
  await expect(callFrom('stray-page', 'dump')).rejects.toThrow(/did not start the worker/)
  await expect(callFrom('stray-page', 'putUser', { sub: 'mallory' })).rejects.toThrow(/did not start the worker/)
  expect(await callFrom('stray-page', 'hello')).toHaveProperty('issuer', issuer)
  await expect(callFrom('stray-page', 'attach', { ...configuration, users: [] })).rejects.toThrow(/another configuration/)
  await expect(callFrom('stray-page', 'dump')).rejects.toThrow(/did not start the worker/)
  await callFrom('restarted-page', 'attach', configuration)
  expect(await callFrom('restarted-page', 'dump')).toHaveProperty('keys')
})

test('issue 9, flaw 5b: with requireSameOriginLogin, authorize answers only what a page of the origin (or the browser) started', async () => {
  vi.stubGlobal('clients', { claim: async () => undefined, get: async (id: string) => (id === 'app-page' ? { id } : undefined) })
  const authorize = async (clientId: string) => {
    const url = new URL(`${issuer}/authorize`)
    url.search = new URLSearchParams({
      client_id: 'spa',
      redirect_uri: callback,
      response_type: 'code',
      scope: 'openid',
      code_challenge: await calculatePKCECodeChallenge(generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
    }).toString()
    return (await request(url.href, undefined, clientId)).status
  }
  setupOidcWorker({ storage })
  await call('configure', configuration)
  // The default: a navigation from another site's page logs in like any other (the documented trade-off).
  expect(await authorize('page-of-another-site')).toBe(302)
  await call('configure', { ...configuration, requireSameOriginLogin: true })
  expect(await authorize('page-of-another-site')).toBe(403)
  expect(await authorize('app-page')).toBe(302)
  expect(await authorize('')).toBe(302) // typed into the address bar
  expect(await request(`${issuer}/.well-known/openid-configuration`, undefined, 'page-of-another-site').then((r) => r.status)).toBe(200)
})

test('armed faults survive a restart: saved beside the state when armed, counted or cleared; the count carries on', async () => {
  let saved: SavedOP | undefined
  /** Each write, with how many answers had gone out before it. */
  const kept: { answered: number; faults: SavedOP['faults'] }[] = []
  const storage: OPStorage = {
    read: async () => structuredClone(saved),
    write: async (record) => {
      saved = structuredClone(record)
      kept.push({ answered, faults: saved.faults })
    },
    remove: async () => void (saved = undefined),
  }
  /** The browser stopping the worker, and starting it again over the same storage. */
  const restart = () => setupOidcWorker({ storage })
  const status = (path: string) => request(`${issuer}${path}`).then((response) => response.status)
  const refresh = (grant_type: string) =>
    request(`${issuer}/token`, { method: 'POST', body: new URLSearchParams({ grant_type, refresh_token: 'unknown', client_id: 'spa' }) }).then((response) => response.status)

  setupOidcWorker({ storage })
  await call('configure', configuration)
  await call('failNext', 'provider_config', { status: 503 }, { times: 2 })
  await call('failNext', 'token', { status: 500, body: 'down' }, { times: Infinity, where: { grant_type: 'refresh_token' } })
  await call('failNext', 'token', { idToken: { aud: ['other'], signature: 'none' } })
  // Saved before the call answered, outside the state: dump() shows no fault.
  expect(saved?.faults?.map((each) => [each.endpoint, each.left])).toEqual([['provider_config', 2], ['token', Infinity], ['token', 1]])
  expect(saved?.faults?.[2]?.fault).toEqual({ idToken: { aud: ['other'], signature: 'none' } })
  expect(JSON.stringify(await call('dump'))).not.toContain('other')

  expect(await status('/.well-known/openid-configuration')).toBe(503)
  // The count went down, on disk before the answer went out.
  expect(kept.at(-1)).toEqual(expect.objectContaining({ answered: answered - 1 }))
  expect(saved?.faults?.[0]?.left).toBe(1)

  restart()
  expect(await status('/.well-known/openid-configuration')).toBe(503) // the second of two
  expect(await status('/.well-known/openid-configuration')).toBe(200)
  expect(saved?.faults?.map((each) => each.left)).toEqual([Infinity, 1])
  // Per-request matching as before: only refresh requests fail, every time.
  expect(await refresh('authorization_code')).toBe(400)
  expect(await refresh('refresh_token')).toBe(500)
  restart()
  expect(await refresh('refresh_token')).toBe(500)
  expect(saved?.faults?.map((each) => each.left)).toEqual([Infinity, 1])

  await callFrom('app-page', 'attach', configuration)
  await call('clearFaults')
  expect(saved?.faults).toEqual([])
  restart()
  expect(await refresh('refresh_token')).toBe(400)
})

test('a record saved before faults were saved (no `faults`) loads with none; another configuration has none', async () => {
  let saved: SavedOP | undefined
  const storage: OPStorage = {
    read: async () => structuredClone(saved),
    write: async (record) => void (saved = structuredClone(record)),
    remove: async () => void (saved = undefined),
  }
  setupOidcWorker({ storage })
  await call('configure', configuration)
  await call('failNext', 'provider_config', { status: 503 })
  delete saved!.faults
  setupOidcWorker({ storage })
  expect((await request(`${issuer}/.well-known/openid-configuration`)).status).toBe(200)
  // Another configuration builds another OP, with no fault.
  await callFrom('app-page', 'attach', configuration)
  await call('failNext', 'provider_config', { status: 503 })
  expect(await call('configure', { ...configuration, users: [] })).toEqual(expect.objectContaining({ outcome: 'updated' }))
  expect(saved?.faults).toEqual([])
  expect((await request(`${issuer}/.well-known/openid-configuration`)).status).toBe(200)
})
