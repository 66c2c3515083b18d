import { calculatePKCECodeChallenge, generateRandomCodeVerifier } from 'oauth4webapi'
import { decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose'
import { describe, expect, test } from 'vitest'
import type { Server } from '../msw/server.js'
import type { WorkerConfiguration } from '../protocol/messages.js'
import { buildServer, sameConfiguration } from './reconfigure.js'

const issuer = 'http://localhost:5173/oidc'
const callback = 'http://localhost:5173/callback'
const before: WorkerConfiguration = {
  issuer,
  clients: [
    { client_id: 'spa', redirect_uris: [callback], token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'] },
    { client_id: 'web', client_secret: 's3cret', redirect_uris: [callback] },
  ],
  users: [
    { sub: 'alice', name: 'Alice Example' },
    { sub: 'bob', name: 'Bob Builder' },
  ],
}

/** A code flow through `op.handle`, as the worker runs it: the tokens of `spa`. */
async function login(op: Server, prompt?: string): Promise<{ access_token: string; id_token: string; refresh_token?: string }> {
  const verifier = generateRandomCodeVerifier()
  const url = new URL(`${issuer}/authorize`)
  url.search = new URLSearchParams({
    client_id: 'spa',
    redirect_uri: callback,
    response_type: 'code',
    scope: 'openid profile offline_access',
    code_challenge: await calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...(prompt ? { prompt } : {}),
  }).toString()
  const redirect = await op.handle(new Request(url))
  const code = new URL(redirect.headers.get('location')!).searchParams
  if (!code.get('code')) throw new Error(`no code: ${code.toString()}`)
  const token = await op.handle(
    new Request(`${issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: code.get('code')!, redirect_uri: callback, client_id: 'spa', code_verifier: verifier }),
    }),
  )
  expect(token.status).toBe(200)
  return token.json()
}

async function userinfo(op: Server, accessToken: string): Promise<{ status: number; body: Record<string, unknown> | null }> {
  const response = await op.handle(new Request(`${issuer}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } }))
  return { status: response.status, body: response.status === 200 ? await response.json() : null }
}

describe('buildServer from a previous configuration and state', () => {
  test('the same configuration restores the state as it was', async () => {
    const op = buildServer(before)
    const tokens = await login(op)
    const state = op.dump()
    const restored = buildServer(before, { configuration: structuredClone(before), state })
    expect(restored.dump()).toEqual(state)
    expect((await userinfo(restored, tokens.access_token)).status).toBe(200)
  })

  test('a changed configuration: the diff applies, run-time additions, sessions, tokens and keys stay', async () => {
    const op = buildServer(before)
    const tokens = await login(op)
    op.putUser({ sub: 'dave', name: 'Dave, added at run time' })
    op.addClient({ client_id: 'runtime', client_secret: 'x', redirect_uris: [callback] })
    const state = op.dump()

    const after: WorkerConfiguration = {
      ...before,
      clients: [
        { ...before.clients![0]!, redirect_uris: [callback, 'http://localhost:5173/other'] },
        { client_id: 'new', client_secret: 'n3w', redirect_uris: [callback] },
      ],
      users: [{ sub: 'alice', name: 'Alice Renamed' }, { sub: 'carol' }],
      ttl: { AccessToken: 120 },
    }
    const next = buildServer(after, { configuration: before, state })
    const now = next.dump()

    expect(Object.keys(now.clients).sort()).toEqual(['new', 'runtime', 'spa'])
    expect(now.clients.spa!.redirect_uris).toEqual([callback, 'http://localhost:5173/other'])
    expect(now.users.map((u) => u.sub)).toEqual(['alice', 'dave', 'carol'])
    expect(now.keys).toEqual(state.keys)

    // The token from before validates, and UserInfo gives the new claims.
    expect(await userinfo(next, tokens.access_token)).toEqual({ status: 200, body: expect.objectContaining({ sub: 'alice', name: 'Alice Renamed' }) })
    // The session survived: prompt=none gets a code; new tokens have the new lifetime and the old key.
    const renewed = await login(next, 'none')
    const claims = JSON.parse(atob(renewed.access_token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number; iat: number }
    expect(claims.exp - claims.iat).toBe(120)
    expect(decodeProtectedHeader(renewed.id_token).kid).toBe(decodeProtectedHeader(tokens.id_token).kid)
  })

  test('a client or user the new configuration drops is removed with its tokens and sessions', async () => {
    const op = buildServer(before)
    const tokens = await login(op)
    const next = buildServer({ ...before, clients: [before.clients![1]!], users: [before.users![1]!] }, { configuration: before, state: op.dump() })
    expect(await userinfo(next, tokens.access_token)).toEqual({ status: 401, body: null })
    expect(next.dump().agent_session).toBeNull()
  })

  test('keys the new configuration lists are added after the old ones, and sign from then on', async () => {
    const op = buildServer(before)
    const tokens = await login(op)
    const { privateKey } = await generateKeyPair('RS256', { extractable: true })
    const key = { ...(await exportJWK(privateKey)), alg: 'RS256', kid: 'configured-rs256' }
    const next = buildServer({ ...before, jwks: { keys: [key] } }, { configuration: before, state: op.dump() })
    await next.ready()
    const kids = next.dump().keys.map((k) => k.kid)
    expect(kids).toEqual([...op.dump().keys.map((k) => k.kid), 'configured-rs256'])
    expect(await userinfo(next, tokens.access_token)).toEqual(expect.objectContaining({ status: 200 }))
    expect(decodeProtectedHeader((await login(next, 'none')).id_token).kid).toBe('configured-rs256')
  })

  test('another issuer is another OP', async () => {
    const op = buildServer(before)
    await login(op)
    const other = buildServer({ ...before, issuer: 'http://localhost:5173/other' }, { configuration: before, state: op.dump() })
    expect(other.dump().sessions).toEqual({})
  })
})

test('sameConfiguration ignores the order of object keys, not of lists', () => {
  expect(sameConfiguration({ issuer, interaction: 'login', ttl: { AccessToken: 60, IdToken: 60 } }, { ttl: { IdToken: 60, AccessToken: 60 }, interaction: 'login', issuer })).toBe(true)
  expect(sameConfiguration(before, { ...before, users: [...before.users!].reverse() })).toBe(false)
})
