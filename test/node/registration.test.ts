/**
 * Dynamic client registration (RFC 7591, OpenID Connect Registration) and the client configuration
 * endpoint (RFC 7592).
 */
import * as oauth from 'oauth4webapi'
import { describe, expect, test } from 'vitest'
import { CLIENT_KEYS } from './_keys.js'
import {
  codeFlow,
  createOp,
  endpointUrl,
  expectNothingStored,
  expectOAuthError,
  ISSUER,
  introspect,
  publicJwk,
  REDIRECT_URI,
  RP,
  SERVICE,
  tokenRequest,
  useMsw,
  userinfo,
  type TestClient,
} from './_helpers.js'

const op = createOp()
const msw = useMsw(op)

function register(metadata: unknown, headers: Record<string, string> = {}, url = endpointUrl(op, 'registration')): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(metadata) })
}

async function registered(metadata: Record<string, unknown>): Promise<Record<string, unknown> & { client_id: string; registration_access_token: string; registration_client_uri: string }> {
  const response = await register(metadata)
  expect(response.status).toBe(201)
  return response.json()
}

function configure(uri: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(uri, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } })
}

describe('registration (RFC 7591 §3)', () => {
  test('201 with client_id, a secret, client_secret_expires_at, the defaults and the metadata sent', async () => {
    const response = await register({ redirect_uris: [REDIRECT_URI], client_name: 'Registered', scope: 'openid email' })
    expect(response.status).toBe(201)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = await response.json()
    expect(body).toMatchObject({
      client_name: 'Registered',
      redirect_uris: [REDIRECT_URI],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      client_secret_expires_at: 0,
      scope: 'openid email',
    })
    expect(body.client_id).toBeTypeOf('string')
    expect(body.client_secret).toBeTypeOf('string')
    expect(body.client_id_issued_at).toBeTypeOf('number')
    expect(body.registration_access_token).toBeTypeOf('string')
    expect(body.registration_client_uri).toBe(`${ISSUER}/register/${body.client_id}`)
    expect(op.dump().clients[body.client_id]).toBeDefined()
  })

  test('the registered client runs a code flow', async () => {
    const client = await registered({ redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code', 'refresh_token'] })
    const tokens = await codeFlow(op, { ...(client as TestClient), client_secret: client.client_secret as string }, { scope: 'openid offline_access' })
    expect(tokens.id_token).toBeTypeOf('string')
    expect(tokens.refresh_token).toBeTypeOf('string')
  })

  test('with oauth4webapi', async () => {
    const as = await oauth.processDiscoveryResponse(new URL(ISSUER), await oauth.discoveryRequest(new URL(ISSUER)))
    const response = await oauth.dynamicClientRegistrationRequest(as, { redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'client_secret_post' })
    const client = await oauth.processDynamicClientRegistrationResponse(response)
    expect(client.token_endpoint_auth_method).toBe('client_secret_post')
    expect(client.client_secret).toBeTypeOf('string')
  })

  test('public and private_key_jwt clients get no secret', async () => {
    const pub = await registered({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'none' })
    expect(pub).not.toHaveProperty('client_secret')
    const keyed = await registered({ redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [publicJwk(CLIENT_KEYS.ES256)] } })
    expect(keyed).not.toHaveProperty('client_secret')
  })

  test('a client_credentials-only client needs no redirect URI and no response type', async () => {
    const service = await registered({ grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post' })
    expect(service.response_types).toEqual([])
    const response = await tokenRequest(op, { ...(service as TestClient), client_secret: service.client_secret as string }, { grant_type: 'client_credentials' })
    expect(response.status).toBe(200)
  })

  test('unknown metadata is ignored and fields only the OP sets are not taken from the client (§2, §3.1)', async () => {
    const body = await registered({
      redirect_uris: [REDIRECT_URI],
      software_color: 'blue',
      client_id: 'chosen-id',
      client_secret: 'chosen-secret',
      registration_access_token: 'chosen-token',
    })
    expect(body).not.toHaveProperty('software_color')
    expect(body.client_id).not.toBe('chosen-id')
    expect(body.client_secret).not.toBe('chosen-secret')
    expect(body.registration_access_token).not.toBe('chosen-token')
  })
})

describe('registration errors (RFC 7591 §3.2.2): 400, nothing stored', () => {
  const cases: [string, unknown, string][] = [
    ['no redirect_uris for the code grant', { client_name: 'x' }, 'invalid_redirect_uri'],
    ['a relative redirect URI', { redirect_uris: ['/cb'] }, 'invalid_redirect_uri'],
    ['a redirect URI with a fragment', { redirect_uris: [`${RP}/cb#frag`] }, 'invalid_redirect_uri'],
    ['a javascript: redirect URI', { redirect_uris: ['javascript:alert(1)'] }, 'invalid_redirect_uri'],
    ['redirect_uris not an array', { redirect_uris: REDIRECT_URI }, 'invalid_client_metadata'],
    ['a post_logout_redirect_uri with a fragment', { redirect_uris: [REDIRECT_URI], post_logout_redirect_uris: [`${RP}/out#x`] }, 'invalid_client_metadata'],
    ['an unknown auth method', { redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'tls_client_auth' }, 'invalid_client_metadata'],
    ['an unsupported grant type', { redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code', 'implicit'] }, 'invalid_client_metadata'],
    ['an unsupported response type', { redirect_uris: [REDIRECT_URI], response_types: ['code id_token'] }, 'invalid_client_metadata'],
    ['response_types without its grant type (§2.1)', { redirect_uris: [REDIRECT_URI], grant_types: ['client_credentials'], response_types: ['code'] }, 'invalid_client_metadata'],
    ['jwks and jwks_uri both', { redirect_uris: [REDIRECT_URI], jwks: { keys: [publicJwk(CLIENT_KEYS.ES256)] }, jwks_uri: `${RP}/jwks` }, 'invalid_client_metadata'],
    ['a private key in jwks', { redirect_uris: [REDIRECT_URI], jwks: { keys: [CLIENT_KEYS.ES256] } }, 'invalid_client_metadata'],
    ['private_key_jwt without keys', { redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'private_key_jwt' }, 'invalid_client_metadata'],
    ['an HS id_token_signed_response_alg', { redirect_uris: [REDIRECT_URI], id_token_signed_response_alg: 'HS256' }, 'invalid_client_metadata'],
    ['a public client with client_credentials', { grant_types: ['client_credentials'], token_endpoint_auth_method: 'none' }, 'invalid_client_metadata'],
    ['a non-http client_uri', { redirect_uris: [REDIRECT_URI], client_uri: 'ftp://rp.example.test' }, 'invalid_client_metadata'],
    ['a JSON array', [REDIRECT_URI], 'invalid_client_metadata'],
  ]
  test.each(cases)('%s → %s', async (_name, metadata, error) => {
    await expectNothingStored(op, async () => expectOAuthError(await register(metadata), 400, error))
  })

  test('a body that is not JSON', async () => {
    await expectNothingStored(op, async () => {
      const response = await fetch(endpointUrl(op, 'registration'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"redirect_uris": [' })
      await expectOAuthError(response, 400, 'invalid_client_metadata')
    })
  })

  test('a form body instead of JSON', async () => {
    await expectNothingStored(op, async () => {
      const response = await fetch(endpointUrl(op, 'registration'), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `redirect_uris=${encodeURIComponent(REDIRECT_URI)}`,
      })
      await expectOAuthError(response, 400, 'invalid_request')
    })
  })

  test('GET is 405', async () => {
    await expectOAuthError(await fetch(endpointUrl(op, 'registration')), 405, 'invalid_request')
  })
})

describe('initial access token (RFC 7591 §3)', () => {
  const guarded = createOp({ issuer: 'https://guarded.example.test', endpoints: { registration: { initialAccessToken: 'let-me-in' } } })
  const url = 'https://guarded.example.test/register'

  test('missing: 401 with a Bearer challenge and no error code; wrong: invalid_token; nothing stored', async () => {
    msw.use(...guarded.handlers)
    await expectNothingStored(guarded, async () => {
      const missing = await register({ redirect_uris: [REDIRECT_URI] }, {}, url)
      expect(missing.status).toBe(401)
      expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer realm=/)
      const wrong = await register({ redirect_uris: [REDIRECT_URI] }, { authorization: 'Bearer nope' }, url)
      await expectOAuthError(wrong, 401, 'invalid_token')
      expect(wrong.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/)
    })
  })

  test('the right token registers', async () => {
    msw.use(...guarded.handlers)
    expect((await register({ redirect_uris: [REDIRECT_URI] }, { authorization: 'Bearer let-me-in' }, url)).status).toBe(201)
  })
})

describe('client configuration endpoint (RFC 7592)', () => {
  test('read: GET with the registration access token returns the client information', async () => {
    const client = await registered({ redirect_uris: [REDIRECT_URI], client_name: 'Readable' })
    const response = await configure(client.registration_client_uri, client.registration_access_token)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = await response.json()
    expect(body).toMatchObject({ client_id: client.client_id, client_secret: client.client_secret, client_name: 'Readable', registration_client_uri: client.registration_client_uri })
  })

  test('read: no token, a wrong token, another client’s token, an unknown client: 401 invalid_token', async () => {
    const a = await registered({ redirect_uris: [REDIRECT_URI] })
    const b = await registered({ redirect_uris: [REDIRECT_URI] })
    const none = await fetch(a.registration_client_uri)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer /)
    await expectOAuthError(await configure(a.registration_client_uri, 'wrong'), 401, 'invalid_token')
    await expectOAuthError(await configure(a.registration_client_uri, b.registration_access_token), 401, 'invalid_token')
    await expectOAuthError(await configure(`${ISSUER}/register/no-such-client`, a.registration_access_token), 401, 'invalid_token')
    // A client from the configuration has no registration access token.
    await expectOAuthError(await configure(`${ISSUER}/register/web`, a.registration_access_token), 401, 'invalid_token')
  })

  test('update: PUT replaces the metadata, keeps id, secret and token', async () => {
    const client = await registered({ redirect_uris: [REDIRECT_URI], client_name: 'Before', contacts: ['a@rp.example.test'] })
    const response = await configure(client.registration_client_uri, client.registration_access_token, {
      method: 'PUT',
      body: JSON.stringify({ client_id: client.client_id, client_secret: client.client_secret, redirect_uris: [`${RP}/new-cb`], client_name: 'After' }),
    })
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toMatchObject({ client_id: client.client_id, client_secret: client.client_secret, client_name: 'After', redirect_uris: [`${RP}/new-cb`] })
    // §2.2: omitted fields are treated as null or empty.
    expect(body).not.toHaveProperty('contacts')
    expect(op.dump().clients[client.client_id]!.registration_access_token).toBe(client.registration_access_token)
    expect(op.dump().clients[client.client_id]!.client_id_issued_at).toBe(client.client_id_issued_at)
  })

  test('update errors: 400, nothing stored', async () => {
    const client = await registered({ redirect_uris: [REDIRECT_URI], client_name: 'Fixed' })
    const put = (metadata: unknown) =>
      configure(client.registration_client_uri, client.registration_access_token, { method: 'PUT', body: JSON.stringify(metadata) })
    await expectNothingStored(op, async () => {
      await expectOAuthError(await put({ redirect_uris: [REDIRECT_URI] }), 400, 'invalid_request') // no client_id
      await expectOAuthError(await put({ client_id: 'other', redirect_uris: [REDIRECT_URI] }), 400, 'invalid_request')
      await expectOAuthError(await put({ client_id: client.client_id, client_secret: 'my-own', redirect_uris: [REDIRECT_URI] }), 400, 'invalid_request')
      await expectOAuthError(await put({ client_id: client.client_id, redirect_uris: ['not a uri'] }), 400, 'invalid_redirect_uri')
      await expectOAuthError(
        await put({ client_id: client.client_id, redirect_uris: [REDIRECT_URI], registration_access_token: client.registration_access_token }),
        400,
        'invalid_request',
      )
      await expectOAuthError(
        await configure(client.registration_client_uri, 'wrong', { method: 'PUT', body: JSON.stringify({ client_id: client.client_id, redirect_uris: [`${RP}/x`] }) }),
        401,
        'invalid_token',
      )
    })
  })

  test('delete: 204; the client, its access token and its registration are gone (§2.3)', async () => {
    const client = await registered({ redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code', 'client_credentials'], scope: 'openid api:read' })
    const test = { ...(client as TestClient), client_secret: client.client_secret as string }
    const tokens = await codeFlow(op, test)
    const cc = await (await tokenRequest(op, test, { grant_type: 'client_credentials', scope: 'api:read' })).json()
    expect((await userinfo(op, tokens.access_token)).status).toBe(200)

    const response = await configure(client.registration_client_uri, client.registration_access_token, { method: 'DELETE' })
    expect(response.status).toBe(204)
    expect(op.dump().clients[client.client_id]).toBeUndefined()
    await expectOAuthError(await configure(client.registration_client_uri, client.registration_access_token), 401, 'invalid_token')
    expect((await userinfo(op, tokens.access_token)).status).toBe(401)
    expect(await introspect(op, cc.access_token, SERVICE)).toEqual({ active: false })
    await expectOAuthError(await tokenRequest(op, test, { grant_type: 'client_credentials' }), 401, 'invalid_client')
  })
})

describe('when registration_read is disabled', () => {
  test('no registration access token is issued', async () => {
    const noRead = createOp({ issuer: 'https://noread.example.test', endpoints: { registration_read: { enabled: false } } })
    msw.use(...noRead.handlers)
    const body = await (await register({ redirect_uris: [REDIRECT_URI] }, {}, 'https://noread.example.test/register')).json()
    expect(body).not.toHaveProperty('registration_access_token')
    expect(body).not.toHaveProperty('registration_client_uri')
  })
})
