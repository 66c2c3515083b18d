/**
 * The hybrid and implicit flows driven by independent clients: oauth4webapi's
 * `validateDetachedSignatureResponse` (FAPI 1.0 Advanced: c_hash and s_hash required) and
 * `validateCodeIdTokenResponse` (form_post), openid-client's `code id_token` and `id_token` flows.
 */
import * as oauth from 'oauth4webapi'
import * as client from 'openid-client'
import { beforeAll, describe, expect, test } from 'vitest'
import { createOp, hiddenInputs, ISSUER, REDIRECT_URI, RP, useMsw, type TestClient } from './_helpers.js'

const HYBRID: TestClient = {
  client_id: 'hybrid',
  client_secret: 'hybrid-secret',
  redirect_uris: [REDIRECT_URI],
  response_types: ['code id_token', 'code id_token token'],
  grant_types: ['authorization_code', 'implicit'],
  token_endpoint_auth_method: 'client_secret_basic',
}
const IMPLICIT_SPA: TestClient = {
  client_id: 'implicit-spa',
  redirect_uris: [`${RP}/implicit-cb`],
  response_types: ['id_token'],
  grant_types: ['implicit'],
  token_endpoint_auth_method: 'none',
}
const op = createOp({ clients: [HYBRID, IMPLICIT_SPA] })
useMsw(op)

const issuer = new URL(ISSUER)
let as: oauth.AuthorizationServer
beforeAll(async () => {
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer))
})

/** Sends the authorization request and returns the OP's answer, unfollowed. */
async function send(params: Record<string, string>): Promise<Response> {
  const url = new URL(as.authorization_endpoint!)
  url.search = new URLSearchParams({ client_id: HYBRID.client_id, redirect_uri: REDIRECT_URI, scope: 'openid email', ...params }).toString()
  return fetch(url, { redirect: 'manual' })
}

describe('oauth4webapi', () => {
  const rp: oauth.Client = { client_id: HYBRID.client_id }
  const auth = oauth.ClientSecretBasic(HYBRID.client_secret!)

  test('code id_token in the fragment: validateDetachedSignatureResponse, then the code at the token endpoint', async () => {
    const nonce = oauth.generateRandomNonce()
    const state = oauth.generateRandomState()
    const response = await send({ response_type: 'code id_token', nonce, state })
    const callback = new URL(response.headers.get('location')!)
    const params = await oauth.validateDetachedSignatureResponse(as, rp, callback, nonce, state)
    const tokenResponse = await oauth.authorizationCodeGrantRequest(as, rp, auth, params, REDIRECT_URI, oauth.nopkce)
    const result = await oauth.processAuthorizationCodeResponse(as, rp, tokenResponse, { expectedNonce: nonce })
    expect(oauth.getValidatedIdTokenClaims(result)).toMatchObject({ sub: 'alice', nonce })
  })

  test('code id_token token in form_post: validateCodeIdTokenResponse reads the POSTed form', async () => {
    const nonce = oauth.generateRandomNonce()
    const state = oauth.generateRandomState()
    const page = await send({ response_type: 'code id_token token', response_mode: 'form_post', nonce, state })
    const posted = new Request(REDIRECT_URI, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: hiddenInputs(await page.text()) })
    const params = await oauth.validateCodeIdTokenResponse(as, rp, posted, nonce, state)
    expect(params.get('code')).toBeTypeOf('string')
  })

  test('a tampered code fails c_hash; another state fails the state check', async () => {
    const nonce = oauth.generateRandomNonce()
    const state = oauth.generateRandomState()
    const callback = new URL((await send({ response_type: 'code id_token', nonce, state })).headers.get('location')!)
    const fragment = new URLSearchParams(callback.hash.slice(1))
    fragment.set('code', 'swapped-code')
    await expect(oauth.validateDetachedSignatureResponse(as, rp, fragment, nonce, state)).rejects.toThrow(/c_hash/)
    await expect(oauth.validateDetachedSignatureResponse(as, rp, callback, nonce, 'other-state')).rejects.toThrow(/state/)
  })
})

describe('openid-client', () => {
  test('response_type code id_token, with the detached signature checks', async () => {
    const config = await client.discovery(issuer, HYBRID.client_id, undefined, client.ClientSecretBasic(HYBRID.client_secret!))
    client.useCodeIdTokenResponseType(config)
    client.enableDetachedSignatureResponseChecks(config)
    const expectedNonce = client.randomNonce()
    const expectedState = client.randomState()
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', nonce: expectedNonce, state: expectedState })
    expect(url.searchParams.get('response_type')).toBe('code id_token')
    const callback = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
    const tokens = await client.authorizationCodeGrant(config, callback, { expectedNonce, expectedState, idTokenExpected: true })
    expect(tokens.claims()).toMatchObject({ sub: 'alice', aud: HYBRID.client_id })
  })

  test('response_type id_token (implicit), for a public client that registered it', async () => {
    const config = await client.discovery(issuer, IMPLICIT_SPA.client_id, undefined, client.None())
    client.useIdTokenResponseType(config)
    const expectedNonce = client.randomNonce()
    const expectedState = client.randomState()
    const url = client.buildAuthorizationUrl(config, { redirect_uri: IMPLICIT_SPA.redirect_uris![0]!, scope: 'openid email', nonce: expectedNonce, state: expectedState })
    const callback = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
    const claims = await client.implicitAuthentication(config, callback, expectedNonce, { expectedState })
    // No access token: the email scope's claims come in the ID token (Core §5.4).
    expect(claims).toMatchObject({ sub: 'alice', nonce: expectedNonce, email: 'alice@example.com' })
  })
})
