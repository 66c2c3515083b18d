/**
 * Implicit and hybrid flows (OIDC Core §3.2, §3.3), raw: every response type, its default
 * response mode, form_post, the ID token hashes and claims, the front-channel access token, the
 * hybrid code at the token endpoint, and the requests that are refused.
 */
import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import {
  authorize,
  authParams,
  createOp,
  endpointUrl,
  expectNothingStored,
  formAction,
  introspect,
  ISSUER,
  postForm,
  readAuthorizationResponse,
  REDIRECT_URI,
  RP,
  tokenRequest,
  useMsw,
  userinfo,
  verifyWithJwks,
  WEB,
  type TestClient,
} from './_helpers.js'

/** A confidential client registered for every response type. */
const HYBRID: TestClient = {
  client_id: 'hybrid',
  client_secret: 'hybrid-secret',
  redirect_uris: [REDIRECT_URI],
  response_types: ['code', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
  grant_types: ['authorization_code', 'implicit', 'refresh_token'],
  token_endpoint_auth_method: 'client_secret_basic',
}
/** A public client that registered the implicit flow explicitly (RFC 9700 §2.1.2 advises against it). */
const IMPLICIT_SPA: TestClient = {
  client_id: 'implicit-spa',
  redirect_uris: [`${RP}/implicit-cb`],
  response_types: ['id_token token', 'id_token'],
  grant_types: ['implicit'],
  token_endpoint_auth_method: 'none',
}

const op = createOp({ clients: [WEB, HYBRID, IMPLICIT_SPA] })
const loginOp = createOp({ issuer: 'https://login.example.test', clients: [HYBRID], interaction: 'login' })
useMsw(op, loginOp)

/** The left half of the SHA-256 of `value`, base64url (Core §3.3.2.11, for RS256). */
function halfHash(value: string): string {
  return createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url')
}

describe('every response type, in its default response mode', () => {
  const expected: Record<string, string[]> = {
    code: ['code'],
    id_token: ['id_token'],
    'id_token token': ['id_token', 'access_token', 'token_type', 'expires_in'],
    'code id_token': ['code', 'id_token'],
    'code token': ['code', 'access_token', 'token_type', 'expires_in'],
    'code id_token token': ['code', 'id_token', 'access_token', 'token_type', 'expires_in'],
  }
  for (const [responseType, names] of Object.entries(expected)) {
    test(responseType, async () => {
      const result = await authorize(op, authParams(HYBRID, { response_type: responseType, nonce: 'n-1', state: 'st-1', scope: 'openid email' }))
      expect(result.status).toBe(302)
      const inFragment = responseType !== 'code'
      expect(result.location!.hash !== '', 'fragment').toBe(inFragment)
      for (const name of names) expect(result.params.get(name), name).toBeTypeOf('string')
      expect(result.params.get('state')).toBe('st-1')
      expect(result.params.get('iss')).toBe(ISSUER)
      if (names.includes('access_token')) expect(result.params.get('token_type')).toBe('Bearer')
      const idToken = result.params.get('id_token')
      if (!idToken) return
      const { payload } = await verifyWithJwks(op, idToken, { audience: 'hybrid' })
      expect(payload).toMatchObject({ sub: 'alice', nonce: 'n-1', s_hash: halfHash('st-1') })
      const code = result.params.get('code')
      expect(payload.c_hash).toBe(code ? halfHash(code) : undefined)
      const accessToken = result.params.get('access_token')
      expect(payload.at_hash).toBe(accessToken ? halfHash(accessToken) : undefined)
      // Core §5.4: the scopes' claims go in the ID token only when no access token is issued.
      if (responseType === 'id_token') expect(payload.email).toBe('alice@example.com')
      else expect(payload).not.toHaveProperty('email')
    })
  }

  test('the words in any order; the claims request still reaches the ID token', async () => {
    const claims = JSON.stringify({ id_token: { email: null } })
    const result = await authorize(op, authParams(HYBRID, { response_type: 'token id_token code', nonce: 'n-2', claims }))
    expect(result.params.get('code')).toBeTypeOf('string')
    const { payload } = await verifyWithJwks(op, result.params.get('id_token')!)
    expect(payload.email).toBe('alice@example.com')
  })

  test('a public client that registered it gets the implicit flow', async () => {
    const result = await authorize(op, authParams(IMPLICIT_SPA, { response_type: 'id_token token', nonce: 'n-3' }))
    expect(result.location!.href.startsWith(`${RP}/implicit-cb#`)).toBe(true)
    expect(result.params.get('access_token')).toBeTypeOf('string')
  })
})

describe('form_post, for every response type', () => {
  for (const responseType of ['code', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token']) {
    test(responseType, async () => {
      const result = await authorize(op, authParams(HYBRID, { response_type: responseType, response_mode: 'form_post', nonce: 'n', state: 'st-p' }))
      expect(result.status).toBe(200)
      expect(formAction(result.html!)).toBe(REDIRECT_URI)
      for (const word of responseType.split(' ')) expect(result.params.get(word === 'token' ? 'access_token' : word), word).toBeTypeOf('string')
      expect(result.params.get('state')).toBe('st-p')
    })
  }
})

describe('the tokens of the front channel are real', () => {
  test('the access token works at UserInfo and introspection', async () => {
    const result = await authorize(op, authParams(HYBRID, { response_type: 'id_token token', nonce: 'n', scope: 'openid email' }))
    const accessToken = result.params.get('access_token')!
    const info = (await (await userinfo(op, accessToken)).json()) as Record<string, unknown>
    expect(info).toMatchObject({ sub: 'alice', email: 'alice@example.com' })
    expect(await introspect(op, accessToken)).toMatchObject({ active: true, sub: 'alice', client_id: 'hybrid' })
  })

  test('the hybrid code gives an ID token consistent with the first one', async () => {
    const result = await authorize(op, authParams(HYBRID, { response_type: 'code id_token', nonce: 'n-h' }))
    const first = (await verifyWithJwks(op, result.params.get('id_token')!)).payload
    const response = await tokenRequest(op, HYBRID, { grant_type: 'authorization_code', code: result.params.get('code')!, redirect_uri: REDIRECT_URI })
    expect(response.status).toBe(200)
    const tokens = (await response.json()) as { id_token: string; access_token: string }
    const second = (await verifyWithJwks(op, tokens.id_token)).payload
    for (const claim of ['iss', 'sub', 'aud', 'auth_time', 'sid', 'nonce'] as const) expect(second[claim], claim).toEqual(first[claim])
    expect(second.at_hash).toBe(halfHash(tokens.access_token))
  })
})

describe('refused requests go back to the client in a mode that fits, and store nothing', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['implicit without nonce', { response_type: 'id_token token' }, 'invalid_request'],
    ['hybrid with an ID token without nonce', { response_type: 'code id_token' }, 'invalid_request'],
    ['an ID token without the openid scope', { response_type: 'id_token', nonce: 'n', scope: 'email' }, 'invalid_request'],
    ['tokens in the query', { response_type: 'code token', response_mode: 'query' }, 'invalid_request'],
    ['an unknown response_mode', { response_type: 'code token', response_mode: 'web_message' }, 'invalid_request'],
    ['token alone', { response_type: 'token' }, 'unsupported_response_type'],
    ['a repeated word', { response_type: 'code code' }, 'unsupported_response_type'],
  ]
  for (const [name, extra, error] of cases) {
    test(`${name}: ${error}`, async () => {
      const result = await expectNothingStored(op, () => authorize(op, authParams(HYBRID, { state: 'st-e', ...extra })))
      expect(result.params.get('error')).toBe(error)
      expect(result.params.get('state')).toBe('st-e')
      const tokens = extra.response_type !== 'token' && extra.response_type !== 'code code'
      expect(result.location!.hash !== '', 'in the fragment').toBe(tokens)
    })
  }

  test('a response type the client did not register: unauthorized_client', async () => {
    for (const [client, responseType] of [[WEB, 'code id_token'], [IMPLICIT_SPA, 'code id_token'], [IMPLICIT_SPA, 'code']] as const) {
      const result = await expectNothingStored(op, () => authorize(op, authParams(client, { response_type: responseType, nonce: 'n' })))
      expect(result.params.get('error'), `${client.client_id} ${responseType}`).toBe('unauthorized_client')
    }
  })

  test('code token needs no nonce (Core §3.3.2.1)', async () => {
    const result = await authorize(op, authParams(HYBRID, { response_type: 'code token' }))
    expect(result.params.get('access_token')).toBeTypeOf('string')
  })

  test('the implicit access token cannot be sent to the token endpoint as a grant', async () => {
    const response = await tokenRequest(op, HYBRID, { grant_type: 'implicit' })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: string }).error).toBe('unsupported_grant_type')
  })
})

describe('after the login page', () => {
  test('the hybrid response comes from the page, and a cancel goes back as JARM', async () => {
    const started = await authorize(loginOp, authParams(HYBRID, { response_type: 'code id_token token', nonce: 'n-l', state: 'st-l' }))
    expect(started.status).toBe(303)
    const done = await readAuthorizationResponse(await postForm(started.location!.href, { sub: 'bob', action: 'login' }))
    expect(done.status).toBe(303)
    expect(done.location!.hash).toContain('access_token=')
    const { payload } = await verifyWithJwks(loginOp, done.params.get('id_token')!)
    expect(payload).toMatchObject({ sub: 'bob', nonce: 'n-l', c_hash: halfHash(done.params.get('code')!) })

    const again = await authorize(loginOp, authParams(HYBRID, { response_type: 'code id_token', nonce: 'n', state: 'st-c', response_mode: 'jwt', prompt: 'login' }))
    const cancelled = await readAuthorizationResponse(await postForm(again.location!.href, { action: 'cancel' }))
    const { payload: response } = await verifyWithJwks(loginOp, cancelled.params.get('response')!)
    expect(response).toMatchObject({ error: 'access_denied', state: 'st-c', aud: 'hybrid' })
  })
})

describe('client metadata and discovery', () => {
  test('registration accepts implicit and hybrid types with their grant types, and refuses mismatches', async () => {
    const register = (metadata: Record<string, unknown>) =>
      fetch(endpointUrl(op, 'registration'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [`${RP}/r`], ...metadata }) })
    const ok = await register({ response_types: ['id_token code'], grant_types: ['authorization_code', 'implicit'] })
    expect(ok.status).toBe(201)
    expect(((await ok.json()) as { response_types: string[] }).response_types).toEqual(['code id_token'])
    for (const metadata of [
      { response_types: ['id_token'], grant_types: ['authorization_code'] },
      { response_types: ['code'], grant_types: ['authorization_code', 'implicit'] },
      { response_types: ['token'], grant_types: ['implicit'] },
      { response_types: ['code id_token'], grant_types: ['implicit'] },
    ]) {
      const refused = await register(metadata)
      expect(refused.status, JSON.stringify(metadata)).toBe(400)
      expect(((await refused.json()) as { error: string }).error).toBe('invalid_client_metadata')
    }
  })

  test('addClient throws on a response type without its grant type', () => {
    expect(() => op.addClient({ client_id: 'x', client_secret: 'x', redirect_uris: [`${RP}/x`], response_types: ['id_token'] })).toThrow(/response_types/)
  })

  test('discovery lists every response type; the FAPI 2.0 profile only code', async () => {
    const md = (await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()) as Record<string, string[]>
    expect(md.response_types_supported).toEqual(['code', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'])
    const fapi = createOp({ issuer: 'https://fapi.example.test', profile: 'fapi2', clients: [] })
    expect((await fapi.handle(new Request('https://fapi.example.test/.well-known/openid-configuration')).then((r) => r.json()) as Record<string, unknown>).response_types_supported).toEqual(['code'])
    expect(() => fapi.addClient({ client_id: 'f', redirect_uris: [`${RP}/f`], response_types: ['code id_token'], grant_types: ['authorization_code', 'implicit'], jwks: { keys: [] } })).toThrow(/implicit|response_types/)
  })
})
