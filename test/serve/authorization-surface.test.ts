/**
 * The authorization surface of issue 11 over `msw-oidc-provider serve` (docs/authorization-surface.md):
 * a pairwise client (OIDC Core §8.1) asks openid-client for two resources (RFC 8707) and a rich
 * authorization request (RFC 9396) over real sockets, then introspects its access token as a
 * signed JWT (RFC 9701); bad resources and details get their OAuth errors.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose'
import * as client from 'openid-client'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { CookieJar, ensureBuilt, serve, tempDir, type Served } from './_cli.js'

beforeAll(ensureBuilt, 180_000)
const dir = tempDir()
const REDIRECT_URI = 'http://localhost:3000/callback'
const API = 'https://api.example.test/'
const FILES = 'https://files.example.test/'
const PAYMENT = { type: 'payment_initiation', actions: ['initiate'], instructedAmount: { currency: 'EUR', amount: '123.50' }, creditorName: 'Merchant A' }

let server: Served
let config: client.Configuration
beforeAll(async () => {
  const file = join(dir, 'surface.json')
  writeFileSync(
    file,
    JSON.stringify({
      authorizationDetailsTypes: ['payment_initiation'],
      clients: [
        { client_id: 'app', client_secret: 'app-secret', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT_URI] },
        { client_id: 'pairwise', client_secret: 'pw-secret', token_endpoint_auth_method: 'client_secret_basic', redirect_uris: [REDIRECT_URI], subject_type: 'pairwise' },
      ],
    }),
  )
  server = await serve(['--config', file])
  config = await client.discovery(new URL(server.issuer), 'pairwise', undefined, client.ClientSecretBasic('pw-secret'), { execute: [client.allowInsecureRequests] })
}, 30_000)
afterAll(async () => expect(await server?.stop()).toBe(0))

/** A code flow of `clientConfig` with extra authorization parameters. */
async function codeFlow(clientConfig: client.Configuration, extra: Record<string, string> | URLSearchParams) {
  const state = client.randomState()
  const url = client.buildAuthorizationUrl(clientConfig, new URLSearchParams([['redirect_uri', REDIRECT_URI], ['scope', 'openid'], ['state', state], ...new URLSearchParams(extra)]))
  const location = new URL((await new CookieJar().fetch(url)).headers.get('location')!)
  return { location, tokens: location.searchParams.has('code') ? await client.authorizationCodeGrant(clientConfig, location, { expectedState: state }) : undefined }
}

test('discovery lists pairwise, the RAR types and the introspection signing algs', () => {
  expect(config.serverMetadata()).toMatchObject({
    subject_types_supported: ['public', 'pairwise'],
    authorization_details_types_supported: ['payment_initiation'],
    introspection_signing_alg_values_supported: expect.arrayContaining(['RS256']),
  })
})

test('a pairwise client: one pairwise sub in the ID token, UserInfo, the access token and the JWT introspection; aud the resources, the details carried', async () => {
  const { tokens } = await codeFlow(config, new URLSearchParams([['resource', API], ['resource', FILES], ['authorization_details', JSON.stringify([PAYMENT])]]))
  const sub = tokens!.claims()!.sub
  expect(sub).toMatch(/^[A-Za-z0-9_-]{43}$/)
  expect(sub).not.toBe('alice')
  expect(tokens!.authorization_details).toEqual([PAYMENT])
  expect(decodeJwt(tokens!.access_token)).toMatchObject({ sub, aud: [API, FILES], authorization_details: [PAYMENT] })
  expect(await client.fetchUserInfo(config, tokens!.access_token, sub)).toMatchObject({ sub })

  const introspection = await fetch(`${server.issuer}/introspect`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa('pairwise:pw-secret')}`, accept: 'application/token-introspection+jwt' },
    body: new URLSearchParams({ token: tokens!.access_token }),
  })
  expect(introspection.headers.get('content-type')).toBe('application/token-introspection+jwt')
  const { payload } = await jwtVerify(await introspection.text(), createRemoteJWKSet(new URL(`${server.issuer}/jwks`)), { issuer: server.issuer, audience: 'pairwise', typ: 'token-introspection+jwt' })
  expect(payload.token_introspection).toMatchObject({ active: true, sub, aud: [API, FILES], authorization_details: [PAYMENT] })

  // The public client of the same user sees the local sub.
  const app = await client.discovery(new URL(server.issuer), 'app', undefined, client.ClientSecretBasic('app-secret'), { execute: [client.allowInsecureRequests] })
  expect((await codeFlow(app, {})).tokens!.claims()!.sub).toBe('alice')
})

test.each([
  ['a resource with a fragment', { resource: 'https://api.example.test/#frag' }, 'invalid_target'],
  ['a relative resource', { resource: '/api' }, 'invalid_target'],
  ['an unknown authorization_details type', { authorization_details: JSON.stringify([{ type: 'nope' }]) }, 'invalid_authorization_details'],
  ['authorization_details that are no JSON array', { authorization_details: '{"type":' }, 'invalid_authorization_details'],
])('%s: an error redirect, no code', async (_, extra, error) => {
  const { location, tokens } = await codeFlow(config, extra)
  expect(location.origin + location.pathname).toBe(REDIRECT_URI)
  expect(location.searchParams.get('error')).toBe(error)
  expect(tokens).toBeUndefined()
})
