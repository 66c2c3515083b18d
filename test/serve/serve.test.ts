/**
 * `msw-oidc-provider serve` as a user runs it: the built CLI in a child process, reached over real
 * sockets by openid-client with a cookie jar, by plain HTTP, and by a Python client.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { get as httpsGet } from 'node:https'
import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import type { TLSSocket } from 'node:tls'
import * as client from 'openid-client'
import { beforeAll, describe, expect, test } from 'vitest'
import { CookieJar, ensureBuilt, serve, spawnCli, tempDir } from './_cli.js'

beforeAll(ensureBuilt, 180_000)
const dir = tempDir()
const REDIRECT_URI = 'http://localhost:3000/callback'

/** An authorization URL for the default confidential client, with PKCE. */
async function authorizationUrl(config: client.Configuration, extra: Record<string, string> = {}) {
  const pkceCodeVerifier = client.randomPKCECodeVerifier()
  const expectedState = client.randomState()
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: 'S256',
    state: expectedState,
    ...extra,
  })
  return { url, pkceCodeVerifier, expectedState }
}

/** openid-client's configuration for the default confidential client, over plain http. */
function discover(issuer: string) {
  return client.discovery(new URL(issuer), 'app', undefined, client.ClientSecretBasic('app-secret'), { execute: [client.allowInsecureRequests] })
}

describe('serve over http', () => {
  test('code + PKCE with openid-client; the session cookie (not Secure over http) makes prompt=none work, and only with it', async () => {
    const server = await serve()
    expect(server.banner).toContain(`discovery ${server.issuer}/.well-known/openid-configuration`)
    expect(server.banner).toMatch(/clients spa \(none\), app:app-secret \(client_secret_basic\) \| users alice, bob/)
    const config = await discover(server.issuer)
    const jar = new CookieJar()
    const first = await authorizationUrl(config, { login_hint: 'bob' })
    const redirect = await jar.fetch(first.url)
    expect(redirect.status).toBe(302)
    const tokens = await client.authorizationCodeGrant(config, new URL(redirect.headers.get('location')!), first)
    expect(tokens.claims()).toMatchObject({ iss: server.issuer, sub: 'bob', aud: 'app' })
    expect(await client.fetchUserInfo(config, tokens.access_token, 'bob')).toMatchObject({ email: 'bob@example.com' })

    const cookie = jar.seen.find((c) => c.startsWith('op_session='))!
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).not.toMatch(/Secure/)

    const silent = await authorizationUrl(config, { prompt: 'none' })
    const again = new URL((await jar.fetch(silent.url)).headers.get('location')!)
    expect(again.searchParams.get('code')).toBeTruthy()
    expect((await client.authorizationCodeGrant(config, again, silent)).claims()?.sub).toBe('bob')
    const withoutCookie = new URL((await fetch(silent.url, { redirect: 'manual' })).headers.get('location')!)
    expect(withoutCookie.searchParams.get('error')).toBe('login_required')
    expect(await server.stop()).toBe(0)
  })

  test('--admin: the control plane for loopback peers; absent without the flag', async () => {
    const server = await serve(['--admin'])
    const admin = `${server.issuer}/__admin/`
    const json = (path: string, method = 'GET', body?: unknown) =>
      fetch(admin + path, { method, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) })
    expect((await json('users/carol', 'PUT', { email: 'carol@example.com' })).status).toBe(200)
    expect(await (await json('clients', 'POST', { client_id: 'added', client_secret: 's', redirect_uris: ['http://localhost:9/cb'] })).json()).toMatchObject({ client_id: 'added' })
    const state = await (await json('state')).json()
    expect(state.users.map((user: { sub: string }) => user.sub)).toEqual(['alice', 'bob', 'carol'])
    expect(state.clients.added).toBeDefined()
    expect(await (await json('users/carol', 'DELETE')).json()).toEqual({ removed: true })

    await fetch(`${server.issuer}/.well-known/openid-configuration`)
    const events = await (await json('requests')).json()
    expect(events.at(-1)).toMatchObject({ endpoint: 'provider_config', status: 200 })
    expect((await json('reset', 'POST')).status).toBe(200)
    expect((await (await json('state')).json()).clients.added).toBeUndefined()

    const bad = await json('clients', 'POST', { client_id: 'x', redirect_uris: ['not a url'] })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error_description).toMatch(/redirect_uris/)
    expect((await json('clients', 'POST', '{not json')).status).toBe(400)
    expect((await json('nowhere')).status).toBe(404)
    expect((await json('state', 'DELETE')).status).toBe(405)
    await server.stop()

    const plain = await serve()
    expect((await fetch(`${plain.issuer}/__admin/state`)).status).toBe(404)
    await plain.stop()
  })

  test('--admin: fail-next, clear-faults, clock and issue-token', async () => {
    const server = await serve(['--admin'])
    const admin = `${server.issuer}/__admin/`
    const post = (path: string, body: unknown) => fetch(admin + path, { method: 'POST', body: JSON.stringify(body) })
    const jwks = `${server.issuer}/jwks`
    expect((await post('fail-next', { endpoint: 'jwks', fault: { status: 503 }, times: null })).status).toBe(200)
    expect((await fetch(jwks)).status).toBe(503)
    expect((await fetch(jwks)).status).toBe(503)
    expect((await post('clear-faults', {})).status).toBe(200)
    expect((await fetch(jwks)).status).toBe(200)
    expect((await post('fail-next', { endpoint: 'jwks', fault: { networkError: true } })).status).toBe(200)
    await expect(fetch(jwks)).rejects.toThrow()
    const refused = await post('fail-next', { endpoint: 'jwks', fault: { status: 1 } })
    expect(refused.status).toBe(400)
    expect((await refused.json()).error_description).toMatch(/fault\.status/)

    const { token } = (await (await post('issue-token', { client_id: 'app', sub: 'alice' })).json()) as { token: string }
    const userinfo = () => fetch(`${server.issuer}/userinfo`, { headers: { authorization: `Bearer ${token}` } })
    expect((await userinfo()).status).toBe(200)
    const { now } = (await (await post('clock', { advance: 7200 })).json()) as { now: number }
    expect(now).toBeGreaterThan(Date.now() + 7000_000)
    expect((await userinfo()).status).toBe(401)
    expect((await post('clock', { reset: true })).status).toBe(200)
    expect((await userinfo()).status).toBe(200)
    expect((await post('clock', { set: Date.UTC(2040, 0, 1) })).status).toBe(200)
    expect((await post('clock', {})).status).toBe(400)
    await server.stop()
  })

  const outside = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address
  test.skipIf(!outside)('--admin refuses a peer that is not loopback (403), the OP still answers it', async () => {
    const server = await serve(['--admin', '--host', '0.0.0.0'])
    const base = `http://${outside}:${new URL(server.issuer).port}`
    expect((await fetch(`${base}/__admin/state`)).status).toBe(403)
    expect((await fetch(`${base}/.well-known/openid-configuration`)).status).toBe(200)
    await server.stop()
  })

  test('--config: a TypeScript module through jiti, --issuer other than the listen address; a Python client runs client_credentials', async () => {
    const file = join(dir, 'op.config.ts')
    writeFileSync(
      file,
      `import type { ServerConfiguration } from '${join(import.meta.dirname, '../../src/core.js')}'
const users: ServerConfiguration['users'] = [{ sub: 'zed', name: 'Zed' }]
export default { users, clients: [{ client_id: 'py', client_secret: 'py-secret', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' }] }\n`,
    )
    const server = await serve(['--config', file, '--issuer', 'http://op.compose.test:4000'])
    expect(server.banner).toMatch(/clients py:py-secret \(client_secret_basic\) \| users zed \| listening on http:\/\/127\.0\.0\.1:\d+/)
    const listening = /listening on (\S+)/.exec(server.banner)![1]!
    const python = `
import base64, json, sys, urllib.request, urllib.parse
base = sys.argv[1]
with urllib.request.urlopen(base + "/.well-known/openid-configuration") as r:
    meta = json.load(r)
token_url = meta["token_endpoint"].replace(meta["issuer"], base)
req = urllib.request.Request(token_url, data=urllib.parse.urlencode({"grant_type": "client_credentials"}).encode(),
    headers={"Authorization": "Basic " + base64.b64encode(b"py:py-secret").decode()})
with urllib.request.urlopen(req) as r:
    print(json.dumps({"issuer": meta["issuer"], "token_type": json.load(r)["token_type"]}))
`
    const out = execFileSync('python3', ['-c', python, listening], { encoding: 'utf8' })
    expect(JSON.parse(out)).toEqual({ issuer: 'http://op.compose.test:4000', token_type: 'Bearer' })
    await server.stop()
  })

  test('--state: a restarted server keeps its keys and sessions; SIGTERM during a slow request lets it finish and leaves a whole file', async () => {
    const state = join(dir, 'state.json')
    const first = await serve(['--state', state])
    const config = await discover(first.issuer)
    const jar = new CookieJar()
    await jar.fetch((await authorizationUrl(config)).url)
    const keys = await (await fetch(`${first.issuer}/jwks`)).text()

    // A token request whose body arrives after the signal.
    const body = 'grant_type=client_credentials&resource=urn:api'
    const slow = new Promise<{ status: number; text: string }>((done, fail) => {
      const req = httpRequest(`${first.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length, authorization: `Basic ${btoa('app:app-secret')}` },
      })
      req.on('response', (res) => {
        let text = ''
        res.on('data', (c: Buffer) => (text += c)).on('end', () => done({ status: res.statusCode!, text }))
      })
      req.on('error', fail)
      req.write(body.slice(0, 10))
      setTimeout(() => {
        first.child.kill('SIGTERM')
        setTimeout(() => req.end(body.slice(10)), 300)
      }, 200)
    })
    const answer = await slow
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.text).access_token).toBeTruthy()
    expect(await first.exited).toBe(0)
    expect(Object.keys(JSON.parse(readFileSync(state, 'utf8')).tokens).length).toBeGreaterThan(0)

    const second = await serve(['--state', state, '--port', new URL(first.issuer).port])
    expect(second.banner).toContain('state restored')
    expect(await (await fetch(`${second.issuer}/jwks`)).text()).toBe(keys)
    const silent = await authorizationUrl(config, { prompt: 'none' })
    expect(new URL((await jar.fetch(silent.url)).headers.get('location')!).searchParams.get('code')).toBeTruthy()
    await second.stop()
  })
})

test('request objects: by value (HS256, the client secret) and by reference (fetched by the server from a local http URL)', async () => {
  const server = await serve(['--admin'])
  const secret = 'a-secret-for-request-objects'
  const added = await fetch(`${server.issuer}/__admin/clients`, {
    method: 'POST',
    body: JSON.stringify({ client_id: 'jar', client_secret: secret, redirect_uris: [REDIRECT_URI], request_object_signing_alg: 'HS256' }),
  })
  expect(added.status).toBe(201)
  const { SignJWT } = await import('jose')
  const object = (state: string) =>
    new SignJWT({ iss: 'jar', aud: server.issuer, client_id: 'jar', response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid', state })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(secret))
  const authorize = async (params: Record<string, string>) => {
    const answer = await fetch(`${server.issuer}/authorize?${new URLSearchParams({ client_id: 'jar', ...params })}`, { redirect: 'manual' })
    return new URL(answer.headers.get('location')!).searchParams
  }
  expect((await authorize({ request: await object('by-value') })).get('state')).toBe('by-value')

  const jwt = await object('by-reference')
  const { createServer } = await import('node:http')
  const rp = createServer((_, response) => response.end(jwt))
  await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = rp.address() as { port: number }
    expect((await authorize({ request_uri: `http://127.0.0.1:${port}/ro.jwt` })).get('state')).toBe('by-reference')
  } finally {
    rp.close()
  }
  await server.stop()
})

describe('serve refuses to start, with the reason', () => {
  test('bad flags (exit 2), bad files and invalid configuration (exit 1, the field path), a port in use (exit 1)', async () => {
    const run = async (...args: string[]) => {
      const cli = spawnCli(['serve', ...args])
      return { code: await cli.exited, err: cli.stderr() }
    }
    writeFileSync(join(dir, 'broken.json'), '{ "users": [')
    writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ clients: [{ client_id: 'c', redirect_uris: ['nope'] }] }))
    writeFileSync(join(dir, 'empty.mjs'), 'export const x = 1\n')
    const [flag, port, json, invalid, module, missing] = await Promise.all([
      run('--bogus'),
      run('--port', 'http'),
      run('--config', join(dir, 'broken.json')),
      run('--config', join(dir, 'invalid.json'), '--port', '0'),
      run('--config', join(dir, 'empty.mjs')),
      run('--config', join(dir, 'missing.json')),
    ])
    expect(flag).toMatchObject({ code: 2, err: expect.stringMatching(/Unknown option '--bogus'[\s\S]*Usage: msw-oidc-provider serve/) })
    expect(port).toMatchObject({ code: 2, err: expect.stringContaining("--port must be a port number (0-65535), not 'http'") })
    expect(json).toMatchObject({ code: 1, err: expect.stringContaining('broken.json: ') })
    expect(invalid).toMatchObject({ code: 1, err: expect.stringContaining('invalid configuration at clients[0].redirect_uris[0]') })
    expect(module).toMatchObject({ code: 1, err: expect.stringContaining('must export the Server configuration as its default export') })
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/missing\.json: ENOENT/) })

    const holder = await serve()
    const taken = await run('--port', new URL(holder.issuer).port)
    expect(taken).toMatchObject({ code: 1, err: expect.stringContaining(`port ${new URL(holder.issuer).port} on 127.0.0.1 is already in use`) })
    await holder.stop()
  })
})

test('--https: a self-signed certificate whose SHA-256 fingerprint the banner shows; the session cookie is Secure', async () => {
  const server = await serve(['--https'])
  expect(server.issuer).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
  const printed = /SHA-256 (\S+)/.exec(server.banner)![1]
  const url = `${server.issuer}/authorize?${new URLSearchParams({ client_id: 'spa', response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI, code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}`
  const { fingerprint, cookie } = await new Promise<{ fingerprint: string; cookie: string[] }>((done, fail) =>
    httpsGet(url, { rejectUnauthorized: false }, (res) => {
      done({ fingerprint: (res.socket as TLSSocket).getPeerCertificate().fingerprint256, cookie: res.headers['set-cookie'] ?? [] })
      res.resume()
    }).on('error', fail),
  )
  expect(fingerprint).toBe(printed)
  expect(cookie.find((c) => c.startsWith('op_session='))).toMatch(/; Secure/)
  await server.stop()
})
