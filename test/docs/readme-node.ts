/**
 * README "Node test suites, through MSW": the snippet as written (its Vitest hooks collected and
 * run in order), then what a suite does with it through openid-client v6 and its defaults: a code
 * flow with PKCE and `offline_access`, the secret sent as `client_secret_post`, a refresh.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const HOOKS = `const hooks = { beforeAll: [], afterEach: [], afterAll: [] }
const beforeAll = (f) => hooks.beforeAll.push(f), afterEach = (f) => hooks.afterEach.push(f), afterAll = (f) => hooks.afterAll.push(f)
`

const SUITE = `
import * as client from 'openid-client'
for (const hook of hooks.beforeAll) await hook()
const config = await client.discovery(new URL('https://op.example.test'), 'web', 's3cret')
const verifier = client.randomPKCECodeVerifier()
const url = client.buildAuthorizationUrl(config, {
  redirect_uri: 'https://rp.example.test/cb', scope: 'openid offline_access', prompt: 'consent',
  code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
})
const authorized = await fetch(url, { redirect: 'manual' })
const tokens = await client.authorizationCodeGrant(config, new URL(authorized.headers.get('location')), { pkceCodeVerifier: verifier })
const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token)
console.log(JSON.stringify({ sub: tokens.claims().sub, refresh: typeof tokens.refresh_token, refreshed: typeof refreshed.access_token }))
for (const hook of hooks.afterEach) await hook()
for (const hook of hooks.afterAll) await hook()
`

/** Runs `code` in `work` (the packed package and msw installed there), with openid-client in `work/docs`. */
export function run(code: string, work: string, openidClientVersion: string): unknown {
  const dir = join(work, 'docs')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'docs', private: true, type: 'module' }))
  execFileSync('npm', ['install', `openid-client@${openidClientVersion}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir, stdio: 'ignore' })
  writeFileSync(join(dir, 'readme-node.mjs'), HOOKS + code + SUITE)
  return JSON.parse(execFileSync(process.execPath, ['readme-node.mjs'], { cwd: dir, encoding: 'utf8' }))
}

/** What the run prints when the README's example works with openid-client's defaults. */
export const EXPECTED = { sub: 'alice', refresh: 'string', refreshed: 'string' }
