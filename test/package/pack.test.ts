/**
 * The published package, as a user gets it: `npm pack`, installed into an empty folder with only
 * msw beside it, imported from plain Node (ESM) and type-checked from TypeScript (NodeNext).
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as browserStart from '../docs/browser-start.js'
import * as readmeNode from '../docs/readme-node.js'
import { allMarkedSnippets } from '../docs/snippets.js'

const root = resolve(import.meta.dirname, '../..')
const work = mkdtempSync(join(tmpdir(), 'msw-oidc-pack-'))
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

beforeAll(() => {
  // `npm test` has just built dist/; build here only when there is none (a lone `vitest run`).
  if (!existsSync(join(root, 'dist/index.js')) || !existsSync(join(root, 'dist/msw-oidc-worker.js'))) npm(['run', 'build'], root)
  npm(['pack', '--pack-destination', work, '--silent', '--ignore-scripts'], root)
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!
  const mswVersion = JSON.parse(npm(['ls', 'msw', '--json', '--depth=0'], root)).dependencies.msw.version
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  npm(['install', join(work, tarball), `msw@${mswVersion}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], work)
}, 180_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

test('the tarball installs and runs a code flow from plain Node', () => {
  writeFileSync(
    join(work, 'flow.mjs'),
    `import { Server } from 'msw-oidc-provider'
const op = new Server({
  issuer: 'https://op.example.test',
  clients: [{ client_id: 'app', token_endpoint_auth_method: 'none', redirect_uris: ['https://app.example.test/cb'] }],
  users: [{ sub: 'alice' }],
})
const verifier = 'v'.repeat(43)
const challenge = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))).toString('base64url')
const authorize = await op.handle(new Request('https://op.example.test/authorize?' + new URLSearchParams({
  client_id: 'app', redirect_uri: 'https://app.example.test/cb', response_type: 'code', scope: 'openid',
  code_challenge: challenge, code_challenge_method: 'S256' })))
const code = new URL(authorize.headers.get('location')).searchParams.get('code')
const token = await op.handle(new Request('https://op.example.test/token', { method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ grant_type: 'authorization_code', code, client_id: 'app', redirect_uri: 'https://app.example.test/cb', code_verifier: verifier }) }))
const body = await token.json()
console.log(JSON.stringify({ status: token.status, id_token: typeof body.id_token }))
`,
  )
  const out = execFileSync(process.execPath, ['flow.mjs'], { cwd: work, encoding: 'utf8' })
  expect(JSON.parse(out)).toEqual({ status: 200, id_token: 'string' })
  const installed = JSON.parse(npm(['ls', '--json', '--depth=0'], work)).dependencies
  expect(Object.keys(installed).sort()).toEqual(['msw', 'msw-oidc-provider'])
}, 120_000)

test('the types resolve from a TypeScript project with NodeNext resolution', () => {
  writeFileSync(
    join(work, 'check.ts'),
    `import { Server, type ServerConfiguration, type OPState } from 'msw-oidc-provider'
const config: ServerConfiguration = { issuer: 'https://op.example.test', users: [{ sub: 'alice' }] }
const op = new Server(config)
const state: OPState = op.dump()
const token = op.serverGet('endpoint', 'token')
export const names: string[] = [state.users[0]!.sub, token?.url() ?? '']
`,
  )
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, target: 'ES2022', lib: ['ES2023', 'DOM'], types: [] }, files: ['check.ts'] }),
  )
  const tsc = join(root, 'node_modules/typescript/bin/tsc')
  expect(() => execFileSync(process.execPath, [tsc, '-p', work], { encoding: 'utf8' })).not.toThrow()
}, 120_000)

// The docs' marked snippets (test/docs/snippets.ts), read from the Markdown and run against this install.
describe('the snippets of README.md and docs/ marked as tested', () => {
  const snippet = (runner: string) => allMarkedSnippets(root).find((s) => s.runner === runner)!.code

  test('README: the Node example through openid-client v6 with its defaults (client_secret_post, a refresh token)', () => {
    const openidClient = JSON.parse(npm(['ls', 'openid-client', '--json', '--depth=0'], root)).dependencies['openid-client'].version
    expect(readmeNode.run(snippet('test/docs/readme-node.ts'), work, openidClient)).toEqual(readmeNode.EXPECTED)
  }, 120_000)

  test('docs/browser.md: startWorker, and OidcWorkerError "unsupported" caught, type-check', () => {
    expect(() => browserStart.run(snippet('test/docs/browser-start.ts'), work, join(root, 'node_modules/typescript/bin/tsc'))).not.toThrow()
  }, 120_000)
})
