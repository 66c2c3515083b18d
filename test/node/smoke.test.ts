import { setupServer } from 'msw/node'
import * as oauth from 'oauth4webapi'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { Server } from '../../src/index.js'

const issuer = 'https://op.example.test'
const op = new Server({
  issuer,
  clients: [{ client_id: 'web', client_secret: 's3cret', redirect_uris: ['https://rp.example.test/cb'], grant_types: ['authorization_code', 'refresh_token'] }],
  users: [{ sub: 'alice', name: 'Alice Example', email: 'alice@example.com' }],
})
const msw = setupServer(...op.handlers)
beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }))
afterAll(() => msw.close())

test('code flow with oauth4webapi', async () => {
  const as = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer)))
  const client = { client_id: 'web' }
  const verifier = oauth.generateRandomCodeVerifier()
  const url = new URL(as.authorization_endpoint!)
  url.search = new URLSearchParams({
    client_id: 'web', redirect_uri: 'https://rp.example.test/cb', response_type: 'code', scope: 'openid profile offline_access',
    state: 'xyz', nonce: 'n-1', code_challenge: await oauth.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  }).toString()
  const res = await fetch(url, { redirect: 'manual' })
  expect(res.status).toBe(302)
  const loc = new URL(res.headers.get('location')!)
  const params = oauth.validateAuthResponse(as, client, loc, 'xyz')
  const tokenRes = await oauth.authorizationCodeGrantRequest(as, client, oauth.ClientSecretBasic('s3cret'), params, 'https://rp.example.test/cb', verifier)
  const tokens = await oauth.processAuthorizationCodeResponse(as, client, tokenRes, { expectedNonce: 'n-1', requireIdToken: true })
  const claims = oauth.getValidatedIdTokenClaims(tokens)!
  expect(claims.sub).toBe('alice')
  const ui = await oauth.processUserInfoResponse(as, client, 'alice', await oauth.userInfoRequest(as, client, tokens.access_token))
  expect(ui.name).toBe('Alice Example')
  expect(tokens.refresh_token).toBeTypeOf('string')
})
