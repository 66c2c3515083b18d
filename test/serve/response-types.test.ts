/**
 * The implicit and hybrid flows and JARM over `msw-oidc-provider serve`: a hybrid client added
 * through the admin plane, its responses in the fragment, in form_post and as a JARM JWT, over
 * real sockets with openid-client.
 */
import * as client from 'openid-client'
import { beforeAll, expect, test } from 'vitest'
import { ensureBuilt, serve } from './_cli.js'

beforeAll(ensureBuilt, 180_000)
const REDIRECT_URI = 'http://localhost:3000/hybrid-cb'

test('code id_token with openid-client, form_post and query.jwt, over http', async () => {
  const server = await serve(['--admin'])
  const added = await fetch(`${server.issuer}/__admin/clients`, {
    method: 'POST',
    body: JSON.stringify({ client_id: 'hybrid', client_secret: 'hybrid-secret', redirect_uris: [REDIRECT_URI], response_types: ['code', 'code id_token'], grant_types: ['authorization_code', 'implicit'] }),
  })
  expect(added.status).toBe(201)

  const config = await client.discovery(new URL(server.issuer), 'hybrid', undefined, client.ClientSecretBasic('hybrid-secret'), { execute: [client.allowInsecureRequests] })
  client.useCodeIdTokenResponseType(config)
  const expectedNonce = client.randomNonce()
  const expectedState = client.randomState()
  const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', nonce: expectedNonce, state: expectedState })
  const callback = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
  expect(callback.hash).toContain('id_token=')
  const tokens = await client.authorizationCodeGrant(config, callback, { expectedNonce, expectedState, idTokenExpected: true })
  expect(tokens.claims()?.sub).toBe('alice')

  url.searchParams.set('response_mode', 'form_post')
  const page = await (await fetch(url)).text()
  expect(page).toContain(`action="${REDIRECT_URI}"`)
  expect(page).toContain('name="id_token"')

  url.searchParams.set('response_type', 'code')
  url.searchParams.set('response_mode', 'query.jwt')
  const jarm = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
  expect([...jarm.searchParams.keys()]).toEqual(['response'])
  await server.stop()
})
