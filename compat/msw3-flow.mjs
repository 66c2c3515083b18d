/**
 * The OP (dist/) under msw 3's setupServer in Node ≥ 22.12: discovery, a code flow with PKCE,
 * UserInfo, a refresh, through the patched global fetch. Run by msw3.mjs.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import * as oauth from 'oauth4webapi'
import { Server } from '../dist/index.js'

const resolved = import.meta.resolve('msw')
assert.match(resolved, /\/node_modules\/msw3\//, `msw resolved to ${resolved}, not msw3`)
const version = JSON.parse(readFileSync(new URL('./node_modules/msw3/package.json', import.meta.url), 'utf8')).version
assert.match(version, /^3\./)

const issuer = 'https://op.example.test'
const redirectUri = 'https://rp.example.test/cb'
const op = new Server({
  issuer,
  clients: [{ client_id: 'web', client_secret: 's3cret', redirect_uris: [redirectUri], grant_types: ['authorization_code', 'refresh_token'] }],
  users: [{ sub: 'alice', name: 'Alice Example' }],
})
const server = setupServer(...op.handlers)
server.listen({ onUnhandledRequest: 'error' })
try {
  const as = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer)))
  const client = { client_id: 'web' }
  const auth = oauth.ClientSecretBasic('s3cret')
  const verifier = oauth.generateRandomCodeVerifier()
  const url = new URL(as.authorization_endpoint)
  url.search = new URLSearchParams({
    client_id: 'web',
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid profile offline_access',
    state: 'st',
    nonce: 'n',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  }).toString()
  const redirect = await fetch(url, { redirect: 'manual' })
  assert.equal(redirect.status, 302)
  const params = oauth.validateAuthResponse(as, client, new URL(redirect.headers.get('location')), 'st')
  const tokens = await oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(as, client, auth, params, redirectUri, verifier),
    { expectedNonce: 'n', requireIdToken: true },
  )
  assert.equal(oauth.getValidatedIdTokenClaims(tokens).sub, 'alice')
  const userinfo = await oauth.processUserInfoResponse(as, client, 'alice', await oauth.userInfoRequest(as, client, tokens.access_token))
  assert.equal(userinfo.name, 'Alice Example')
  const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token))
  assert.notEqual(refreshed.access_token, tokens.access_token)
  // Beside an app's handlers (test/node/msw-handlers.test.ts under msw 2): one placed before wins,
  // server.use() overrides, what is outside the issuer goes on to the handlers after the OP's.
  const app = (by) => () => Response.json({ by })
  const answeredBy = async (url) => (await (await fetch(url)).json()).by
  server.resetHandlers(http.get(`${issuer}/userinfo`, app('before')), ...op.handlers, http.get('https://api.example.test/ping', app('after')))
  assert.equal(await answeredBy(`${issuer}/userinfo`), 'before')
  server.use(http.get(`${issuer}/jwks`, app('override')))
  assert.equal(await answeredBy(`${issuer}/jwks`), 'override')
  assert.equal(await answeredBy('https://api.example.test/ping'), 'after')
  assert.equal((await fetch(`${issuer}/nothing-here`)).status, 404)
  assert.equal((await fetch(`${issuer}/JWKS/`)).status, 404)
  await assert.rejects(fetch('https://api.example.test/unknown'))
  console.log(`msw ${version} (setupServer, Node ${process.versions.node}): discovery, code flow with PKCE, UserInfo, refresh, beside an app's handlers: ok`)
} finally {
  server.close()
}
