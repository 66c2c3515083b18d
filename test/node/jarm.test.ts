/**
 * JARM (JWT Secured Authorization Response Mode): `jwt`, `query.jwt`, `fragment.jwt`,
 * `form_post.jwt`, through oauth4webapi's `validateJwtAuthResponse` and openid-client's
 * `useJwtResponseMode`, and raw: the claims, the client's algorithm, errors as JARM, bad cases.
 */
import * as oauth from 'oauth4webapi'
import * as client from 'openid-client'
import { beforeAll, describe, expect, test } from 'vitest'
import {
  authorize,
  authParams,
  createOp,
  endpointUrl,
  expectErrorPage,
  expectNothingStored,
  formAction,
  headerOf,
  ISSUER,
  REDIRECT_URI,
  RP,
  tokenRequest,
  useMsw,
  verifyWithJwks,
  WEB,
  type TestClient,
} from './_helpers.js'

/** A client whose responses are signed with ES256, registered for the hybrid flow too. */
const JARM_ES: TestClient = {
  client_id: 'jarm-es',
  client_secret: 'jarm-secret',
  redirect_uris: [REDIRECT_URI],
  response_types: ['code', 'code id_token'],
  grant_types: ['authorization_code', 'implicit'],
  token_endpoint_auth_method: 'client_secret_basic',
  authorization_signed_response_alg: 'ES256',
}
const op = createOp({ clients: [WEB, JARM_ES] })
useMsw(op)

const issuer = new URL(ISSUER)
let as: oauth.AuthorizationServer
beforeAll(async () => {
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer))
})

/** The `response` JWT of an answer, from the query, the fragment or the form_post page. */
function responseOf(result: Awaited<ReturnType<typeof authorize>>): string {
  const jwt = result.params.get('response')
  if (!jwt) throw new Error(`no response JWT: ${result.status} ${result.params.toString()}`)
  return jwt
}

describe('through the clients', () => {
  test('oauth4webapi: query.jwt, validateJwtAuthResponse, then the code', async () => {
    const rp: oauth.Client = { client_id: WEB.client_id }
    const state = oauth.generateRandomState()
    const url = new URL(as.authorization_endpoint!)
    url.search = new URLSearchParams({ client_id: 'web', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', response_mode: 'query.jwt', state }).toString()
    const callback = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
    expect([...callback.searchParams.keys()]).toEqual(['response'])
    const params = await oauth.validateJwtAuthResponse(as, rp, callback, state)
    const tokens = await oauth.authorizationCodeGrantRequest(as, rp, oauth.ClientSecretBasic(WEB.client_secret!), params, REDIRECT_URI, oauth.nopkce)
    expect(tokens.status).toBe(200)
  })

  test('oauth4webapi: an ES256 client, and a response for another client is refused', async () => {
    const state = oauth.generateRandomState()
    const result = await authorize(op, authParams(JARM_ES, { response_mode: 'jwt', state }))
    expect(headerOf(responseOf(result)).alg).toBe('ES256')
    await expect(oauth.validateJwtAuthResponse(as, { client_id: 'jarm-es', authorization_signed_response_alg: 'ES256' }, result.params, state)).resolves.toBeInstanceOf(URLSearchParams)
    await expect(oauth.validateJwtAuthResponse(as, { client_id: 'web', authorization_signed_response_alg: 'ES256' }, result.params, state)).rejects.toThrow(/aud/)
    await expect(oauth.validateJwtAuthResponse(as, { client_id: 'jarm-es', authorization_signed_response_alg: 'RS256' }, result.params, state)).rejects.toThrow(/alg/)
  })

  test('openid-client: useJwtResponseMode', async () => {
    const config = await client.discovery(issuer, 'web', undefined, client.ClientSecretBasic(WEB.client_secret!))
    client.useJwtResponseMode(config)
    const expectedState = client.randomState()
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid', state: expectedState })
    expect(url.searchParams.get('response_mode')).toBe('jwt')
    const callback = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
    const tokens = await client.authorizationCodeGrant(config, callback, { expectedState, idTokenExpected: true })
    expect(tokens.claims()?.sub).toBe('alice')
  })
})

describe('the response JWT', () => {
  test('iss, aud, a short exp, and the response parameters', async () => {
    const result = await authorize(op, authParams(WEB, { response_mode: 'query.jwt', state: 'st-j' }))
    const { payload, header } = await verifyWithJwks(op, responseOf(result), { audience: 'web' })
    expect(header.alg).toBe('RS256')
    expect(payload).toMatchObject({ iss: ISSUER, aud: 'web', state: 'st-j' })
    expect(payload.code).toBeTypeOf('string')
    expect(payload.exp! - payload.iat!).toBe(600)
  })

  test('jwt is query.jwt for code and fragment.jwt for the hybrid flow; form_post.jwt posts it', async () => {
    const code = await authorize(op, authParams(JARM_ES, { response_mode: 'jwt' }))
    expect(code.location!.hash).toBe('')
    const hybrid = await authorize(op, authParams(JARM_ES, { response_type: 'code id_token', nonce: 'n', response_mode: 'jwt' }))
    expect(hybrid.location!.search).toBe('')
    const { payload } = await verifyWithJwks(op, responseOf(hybrid))
    expect(payload.id_token).toBeTypeOf('string')
    const posted = await authorize(op, authParams(JARM_ES, { response_type: 'code id_token', nonce: 'n', response_mode: 'form_post.jwt' }))
    expect(formAction(posted.html!)).toBe(REDIRECT_URI)
    expect([...posted.params.keys()]).toEqual(['response'])
  })

  test('errors after trust come back as JARM too, with state', async () => {
    const state = oauth.generateRandomState()
    const result = await expectNothingStored(op, () => authorize(op, authParams(WEB, { response_mode: 'query.jwt', scope: undefined, state })))
    const { payload } = await verifyWithJwks(op, responseOf(result), { audience: 'web' })
    expect(payload).toMatchObject({ error: 'invalid_scope', state, iss: ISSUER })
    await expect(oauth.validateJwtAuthResponse(as, { client_id: 'web' }, result.location!, state)).rejects.toThrow(oauth.AuthorizationResponseError)
  })

  test('an error before trust is a page, never a JWT', async () => {
    const result = await authorize(op, authParams(WEB, { response_mode: 'query.jwt', redirect_uri: `${RP}/elsewhere` }))
    await expectErrorPage(result, 400)
  })
})

describe('bad cases', () => {
  test('query.jwt with an ID token (unencrypted) is refused, in fragment.jwt', async () => {
    const result = await expectNothingStored(op, () => authorize(op, authParams(JARM_ES, { response_type: 'code id_token', nonce: 'n', response_mode: 'query.jwt', state: 'st-q' })))
    expect(result.location!.search).toBe('')
    const { payload } = await verifyWithJwks(op, responseOf(result))
    expect(payload).toMatchObject({ error: 'invalid_request', state: 'st-q' })
  })

  test('authorization_signed_response_alg must be one the OP signs with', async () => {
    for (const alg of ['none', 'HS256', 42]) {
      const response = await fetch(endpointUrl(op, 'registration'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: [`${RP}/r`], authorization_signed_response_alg: alg }),
      })
      expect(response.status, String(alg)).toBe(400)
      expect(((await response.json()) as { error: string }).error).toBe('invalid_client_metadata')
    }
  })

  test('discovery lists the JWT modes and algorithms; without the add-on they are gone and refused', async () => {
    const other = createOp({ issuer: 'https://nojarm.example.test' })
    const metadata = async () => (await other.handle(new Request('https://nojarm.example.test/.well-known/openid-configuration'))).json() as Promise<Record<string, string[]>>
    const md = await metadata()
    expect(md.response_modes_supported).toEqual(['query', 'fragment', 'form_post', 'jwt', 'query.jwt', 'fragment.jwt', 'form_post.jwt'])
    expect(md.authorization_signing_alg_values_supported).toContain('RS256')
    other.removeAddOn('jarm')
    expect((await metadata()).response_modes_supported).toEqual(['query', 'fragment', 'form_post'])
    expect(await metadata()).not.toHaveProperty('authorization_signing_alg_values_supported')
    const url = new URL('https://nojarm.example.test/authorize')
    url.search = new URLSearchParams({ client_id: 'web', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid', response_mode: 'jwt', state: 's' }).toString()
    const answer = new URL((await other.handle(new Request(url))).headers.get('location')!)
    expect(answer.searchParams.get('error')).toBe('invalid_request')
  })

  test('the token endpoint is unaffected: the JARM code redeems once', async () => {
    const result = await authorize(op, authParams(WEB, { response_mode: 'query.jwt' }))
    const { payload } = await verifyWithJwks(op, responseOf(result))
    const body = { grant_type: 'authorization_code', code: payload.code as string, redirect_uri: REDIRECT_URI }
    expect((await tokenRequest(op, WEB, body)).status).toBe(200)
    expect((await tokenRequest(op, WEB, body)).status).toBe(400)
  })
})
