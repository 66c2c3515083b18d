/**
 * Configuration: a configuration that cannot work throws one ConfigurationError naming the field;
 * what is valid shapes the OP (paths, lifetimes, clock).
 */
import { describe, expect, test } from 'vitest'
import { ConfigurationError, DEFAULT_TTL, Server, type ServerConfiguration } from '../../src/index.js'
import { OP_KEYS } from './_keys.js'
import { authParams, authorize, codeFlow, createOp, ISSUER, opJwks, REDIRECT_URI, useMsw, WEB, claimsOf } from './_helpers.js'

const moved = createOp({
  issuer: 'https://moved.example.test/tenant-a/',
  endpoints: { token: { path: '/oauth2/token' }, authorization: { path: '/oauth2/auth' }, session: { path: '/oauth2/logout' } },
  ttl: { AccessToken: 120, IdToken: 300, AuthorizationCode: 30 },
})
const fixedTime = Date.UTC(2030, 0, 1, 12, 0, 0)
const clocked = createOp({ issuer: 'https://clocked.example.test', clock: () => fixedTime })
useMsw(moved, clocked)

const base = (): ServerConfiguration => ({ issuer: ISSUER, jwks: opJwks() as ServerConfiguration['jwks'] })

function fieldOf(configuration: unknown): string {
  try {
    new Server(configuration as ServerConfiguration)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError)
    const { field, message } = error as ConfigurationError
    expect(message.startsWith(`${field}: `)).toBe(true)
    return field
  }
  throw new Error('the configuration was accepted')
}

describe('a bad configuration throws one ConfigurationError naming the field', () => {
  const cases: [string, string, unknown][] = [
    ['not an object', 'configuration', null],
    ['no issuer', 'issuer', {}],
    ['a relative issuer', 'issuer', { issuer: '/op' }],
    ['an issuer with a query', 'issuer', { issuer: 'https://op.example.test?x=1' }],
    ['an issuer with a fragment', 'issuer', { issuer: 'https://op.example.test#x' }],
    ['an issuer with credentials', 'issuer', { issuer: 'https://u:p@op.example.test' }],
    ['an ftp issuer', 'issuer', { issuer: 'ftp://op.example.test' }],
    ['an unknown option', 'issuers', { ...base(), issuers: ['x'] }],
    ['clients not an array', 'clients', { ...base(), clients: { web: WEB } }],
    ['a client that is not an object', 'clients[0]', { ...base(), clients: ['web'] }],
    ['users not an array', 'users', { ...base(), users: { sub: 'alice' } }],
    ['ttl not an object', 'ttl', { ...base(), ttl: 60 }],
    ['accessToken not an object', 'accessToken', { ...base(), accessToken: 'opaque' }],
    ['pkce not an object', 'pkce', { ...base(), pkce: true }],
    ['claims not an object', 'claims', { ...base(), claims: ['groups'] }],
    ['a client without client_id', 'clients[0].client_id', { ...base(), clients: [{ client_secret: 'x', redirect_uris: [REDIRECT_URI] }] }],
    ['a client_id given twice', 'clients[1].client_id', { ...base(), clients: [WEB, WEB] }],
    ['a basic client without secret', 'clients[0].client_secret', { ...base(), clients: [{ client_id: 'c', redirect_uris: [REDIRECT_URI] }] }],
    ['a redirect URI with a fragment', 'clients[0].redirect_uris[1]', { ...base(), clients: [{ ...WEB, redirect_uris: [REDIRECT_URI, `${REDIRECT_URI}#f`] }] }],
    ['a relative redirect URI', 'clients[0].redirect_uris[0]', { ...base(), clients: [{ ...WEB, redirect_uris: ['/cb'] }] }],
    ['an unsupported grant type', 'clients[0].grant_types[1]', { ...base(), clients: [{ ...WEB, grant_types: ['authorization_code', 'urn:example:unknown-grant'] }] }],
    ['an unknown auth method', 'clients[0].token_endpoint_auth_method', { ...base(), clients: [{ ...WEB, token_endpoint_auth_method: 'mtls' }] }],
    ['private_key_jwt without keys', 'clients[0].jwks', { ...base(), clients: [{ client_id: 'pk', redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'private_key_jwt' }] }],
    ['an HS id_token_signed_response_alg', 'clients[0].id_token_signed_response_alg', { ...base(), clients: [{ ...WEB, id_token_signed_response_alg: 'HS256' }] }],
    ['a code client without redirect URIs', 'clients[0].redirect_uris', { ...base(), clients: [{ client_id: 'c', client_secret: 's' }] }],
    ['dpop_bound_access_tokens not a boolean', 'clients[0].dpop_bound_access_tokens', { ...base(), clients: [{ ...WEB, dpop_bound_access_tokens: 'yes' }] }],
    ['a user without sub', 'users[0].sub', { ...base(), users: [{ name: 'x' }] }],
    ['a sub given twice', 'users[1].sub', { ...base(), users: [{ sub: 'a' }, { sub: 'a' }] }],
    ['an invalid scope name', 'scopes[1]', { ...base(), scopes: ['ok', 'not ok'] }],
    ['claims not an array', 'claims.groups', { ...base(), claims: { groups: 'groups' } }],
    ['acrValues not strings', 'acrValues', { ...base(), acrValues: [1] }],
    ['an unknown interaction mode', 'interaction', { ...base(), interaction: 'popup' }],
    ['an unknown session binding', 'sessionBinding', { ...base(), sessionBinding: 'localStorage' }],
    ['an unknown lifetime', 'ttl.Code', { ...base(), ttl: { Code: 10 } }],
    ['a lifetime of zero', 'ttl.AccessToken', { ...base(), ttl: { AccessToken: 0 } }],
    ['a fractional lifetime', 'ttl.IdToken', { ...base(), ttl: { IdToken: 1.5 } }],
    ['an unknown access token format', 'accessToken.format', { ...base(), accessToken: { format: 'macaroon' } }],
    ['an HS access token alg', 'accessToken.signingAlg', { ...base(), accessToken: { signingAlg: 'HS256' } }],
    ['an unknown PKCE method', 'pkce.methods[1]', { ...base(), pkce: { methods: ['S256', 'S512'] } }],
    ['no PKCE method', 'pkce.methods', { ...base(), pkce: { methods: [] } }],
    ['an unknown PKCE requirement', 'pkce.required', { ...base(), pkce: { required: 'sometimes' } }],
    ['rotateRefreshToken not a boolean', 'rotateRefreshToken', { ...base(), rotateRefreshToken: 'yes' }],
    ['dpop as a boolean', 'dpop', { ...base(), dpop: true }],
    ['an unknown DPoP nonce mode', 'dpop.nonce', { ...base(), dpop: { nonce: 'sometimes' } }],
    ['conformIdTokenClaims not a boolean', 'conformIdTokenClaims', { ...base(), conformIdTokenClaims: 1 }],
    ['clock not a function', 'clock', { ...base(), clock: 0 }],
    ['extraTokenClaims not a function', 'extraTokenClaims', { ...base(), extraTokenClaims: {} }],
    ['an unknown endpoint', 'endpoints.device', { ...base(), endpoints: { device: { enabled: true } } }],
    ['endpoint settings as a boolean', 'endpoints.userinfo', { ...base(), endpoints: { userinfo: false } }],
    ['enabled not a boolean', 'endpoints.userinfo.enabled', { ...base(), endpoints: { userinfo: { enabled: 'no' } } }],
    ['a path the spec fixes', 'endpoints.provider_config.path', { ...base(), endpoints: { provider_config: { path: '/config' } } }],
    ['a path without leading slash', 'endpoints.token.path', { ...base(), endpoints: { token: { path: 'token' } } }],
    ['an empty initial access token', 'endpoints.registration.initialAccessToken', { ...base(), endpoints: { registration: { initialAccessToken: '' } } }],
    ['jwks not a JWK Set', 'jwks', { issuer: ISSUER, jwks: [OP_KEYS.RS256] }],
    ['a key without alg', 'jwks.keys[0].alg', { issuer: ISSUER, jwks: { keys: [{ ...OP_KEYS.RS256, alg: undefined }] } }],
    ['a key of the wrong type for its alg', 'jwks.keys[0].kty', { issuer: ISSUER, jwks: { keys: [{ ...OP_KEYS.ES256, alg: 'RS256' }] } }],
    ['a key on the wrong curve', 'jwks.keys[0].crv', { issuer: ISSUER, jwks: { keys: [{ ...OP_KEYS.ES256, alg: 'ES384' }] } }],
    ['a public key', 'jwks.keys[0].d', { issuer: ISSUER, jwks: { keys: [{ ...OP_KEYS.ES256, d: undefined }] } }],
    ['a key for encryption', 'jwks.keys[0].use', { issuer: ISSUER, jwks: { keys: [{ ...OP_KEYS.ES256, use: 'enc' }] } }],
    ['a kid used twice', 'jwks.keys[1].kid', { issuer: ISSUER, jwks: { keys: [{ ...OP_KEYS.ES256, kid: 'k' }, { ...OP_KEYS.RS256, kid: 'k' }] } }],
  ]
  test.each(cases)('%s → %s', (_name, field, configuration) => {
    expect(fieldOf(configuration)).toBe(field)
  })

  test('addClient validates too, naming client.<field>', () => {
    const op = createOp({ issuer: 'https://add.example.test' })
    expect(() => op.addClient({ client_id: 'x', client_secret: 's', redirect_uris: ['javascript:alert(1)'] })).toThrowError(ConfigurationError)
    try {
      op.addClient({ client_id: 'x', client_secret: 's', redirect_uris: ['javascript:alert(1)'] })
    } catch (error) {
      expect((error as ConfigurationError).field).toBe('client.redirect_uris[0]')
    }
    expect(op.dump().clients).not.toHaveProperty('x')
    expect(() => op.addClient({ redirect_uris: [REDIRECT_URI] })).toThrowError(/client\.client_id/)
    expect(() => op.putUser({ name: 'no sub' } as never)).toThrowError(ConfigurationError)
  })
})

describe('a valid configuration shapes the OP', () => {
  test('defaults: lifetimes, PKCE S256, JWT access tokens signed RS256', async () => {
    expect(DEFAULT_TTL).toEqual({ AuthorizationCode: 60, AccessToken: 3600, IdToken: 3600, RefreshToken: 14 * 24 * 3600, Session: 14 * 24 * 3600, Interaction: 600, PushedAuthorizationRequest: 60, DPoPProof: 300, DPoPNonce: 300 })
    const config = createOp({ issuer: 'https://defaults.example.test' }).serverGet('endpoint_context').config
    expect(config).toMatchObject({ interaction: 'auto', sessionBinding: 'agent', pkce: { methods: ['S256'], required: 'public' }, accessToken: { format: 'jwt', signingAlg: 'RS256' }, rotateRefreshToken: true, dpop: { nonce: 'off' } })
  })

  test('an issuer with a path and moved endpoints: the metadata follows and the flow works there', async () => {
    const md = await (await fetch('https://moved.example.test/tenant-a/.well-known/openid-configuration')).json()
    expect(md.issuer).toBe('https://moved.example.test/tenant-a/')
    expect(md.token_endpoint).toBe('https://moved.example.test/tenant-a/oauth2/token')
    expect(md.authorization_endpoint).toBe('https://moved.example.test/tenant-a/oauth2/auth')
    expect(md.end_session_endpoint).toBe('https://moved.example.test/tenant-a/oauth2/logout')
    expect(md.userinfo_endpoint).toBe('https://moved.example.test/tenant-a/userinfo')
    const tokens = await codeFlow(moved, WEB)
    expect(claimsOf(tokens.id_token!).iss).toBe('https://moved.example.test/tenant-a/')
    expect((await fetch('https://moved.example.test/tenant-a/token', { method: 'POST' })).status).toBe(404)
  })

  test('ttl sets lifetimes: access token, ID token, code', async () => {
    const tokens = await codeFlow(moved, WEB)
    expect(tokens.expires_in).toBe(120)
    const id = claimsOf(tokens.id_token!)
    expect((id.exp as number) - (id.iat as number)).toBe(300)
    const result = await authorize(moved, authParams(WEB))
    moved.clock.advance(31)
    const response = await fetch('https://moved.example.test/tenant-a/oauth2/token', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa('web:s3cret')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: result.params.get('code')!, redirect_uri: REDIRECT_URI }),
    })
    moved.clock.reset()
    expect((await response.json()).error).toBe('invalid_grant')
  })

  test('clock: every iat, exp and auth_time reads it', async () => {
    const tokens = await codeFlow(clocked, WEB)
    const id = claimsOf(tokens.id_token!)
    expect(id.iat).toBe(fixedTime / 1000)
    expect(id.auth_time).toBe(fixedTime / 1000)
    expect(claimsOf(tokens.access_token).exp).toBe(fixedTime / 1000 + 3600)
  })

  test('conformIdTokenClaims: false puts the scope claims into the ID token as well', async () => {
    const loose = createOp({ issuer: 'https://loose.example.test', conformIdTokenClaims: false })
    const response = await loose.handle(new Request(`https://loose.example.test/authorize?${new URLSearchParams(authParams(WEB, { scope: 'openid email' }) as Record<string, string>)}`))
    const code = new URL(response.headers.get('location')!).searchParams.get('code')!
    const tokens = await (
      await loose.handle(
        new Request('https://loose.example.test/token', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa('web:s3cret')}` },
          body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }),
        }),
      )
    ).json()
    expect(claimsOf(tokens.id_token)).toMatchObject({ email: 'alice@example.com', email_verified: true })
    expect(claimsOf((await codeFlow(clocked, WEB, { scope: 'openid email' })).id_token!)).not.toHaveProperty('email')
  })
})
