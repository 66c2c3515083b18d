/**
 * `claimRules` in a `serve` configuration file (JSON): the rules reach tokens and UserInfo over
 * real sockets; a bad rule stops the command with the field named.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeJwt } from 'jose'
import { beforeAll, expect, test } from 'vitest'
import { ensureBuilt, serve, spawnCli, tempDir } from './_cli.js'

beforeAll(ensureBuilt, 180_000)
const dir = tempDir()

test('a JSON file with claimRules: a minted access token and UserInfo carry the rule’s claims', async () => {
  const file = join(dir, 'rules.json')
  writeFileSync(file, JSON.stringify({ claimRules: [{ match: { login_hint: 'alice@example.com' }, claims: { tenant: 'acme' } }] }))
  const server = await serve(['--config', file, '--admin'])
  const minted = await fetch(`${server.issuer}/__admin/issue-token`, { method: 'POST', body: JSON.stringify({ client_id: 'app', sub: 'alice', scope: 'openid' }) })
  const { token } = (await minted.json()) as { token: string }
  expect(decodeJwt(token)).toMatchObject({ sub: 'alice', tenant: 'acme' })
  const info = await fetch(`${server.issuer}/userinfo`, { headers: { authorization: `Bearer ${token}` } })
  expect(await info.json()).toEqual({ sub: 'alice', tenant: 'acme' })
  expect(await server.stop()).toBe(0)
})

test('a rule that sets a protocol claim: exit 1, the field path on stderr', async () => {
  const file = join(dir, 'bad-rules.json')
  writeFileSync(file, JSON.stringify({ claimRules: [{ claims: { iss: 'https://evil.example' } }] }))
  const cli = spawnCli(['serve', '--port', '0', '--config', file])
  expect(await cli.exited).toBe(1)
  expect(cli.stderr()).toContain('claimRules[0].claims.iss')
})
