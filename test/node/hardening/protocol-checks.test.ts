/**
 * Flaw 10 of issue 9: client assertion times are bounded, a signed UserInfo JWT is no
 * `id_token_hint`, and a client introspects only its own tokens unless it is a resource server.
 */
import { SignJWT, importJWK, type JWK } from 'jose'
import { describe, expect, test } from 'vitest'
import { authorize, authParams, codeFlow, createOp, endpointUrl, expectOAuthError, introspect, ISSUER, POST_CLIENT, postForm, publicJwk, SERVICE, useMsw, WEB } from '../_helpers.js'
import { CLIENT_KEYS } from '../_keys.js'

const JWT_CLIENT = { client_id: 'jwt-client', grant_types: ['client_credentials'], token_endpoint_auth_method: 'private_key_jwt' as const, jwks: { keys: [publicJwk(CLIENT_KEYS.ES256 as JWK)] } }
const op = createOp({ clients: [WEB, POST_CLIENT, SERVICE, JWT_CLIENT, { ...WEB, client_id: 'signed-ui', userinfo_signed_response_alg: 'RS256' }], introspection: {} })
const rs = createOp({ issuer: 'https://rs.example.test', introspection: { resourceServers: [SERVICE.client_id] } })
useMsw(op, rs)

async function assertion(claims: { iat?: number; exp?: number }): Promise<string> {
  const now = op.clock.now()
  return new SignJWT({ jti: `j-${Math.random()}` })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(JWT_CLIENT.client_id)
    .setSubject(JWT_CLIENT.client_id)
    .setAudience(ISSUER)
    .setIssuedAt(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 60)
    .sign(await importJWK(CLIENT_KEYS.ES256 as JWK, 'ES256'))
}

function withAssertion(jwt: string): Promise<Response> {
  return postForm(endpointUrl(op, 'token'), { grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt })
}

describe('client assertion times', () => {
  test('an exp 100 years ahead is refused', async () => {
    await expectOAuthError(await withAssertion(await assertion({ exp: op.clock.now() + 100 * 365 * 86400 })), 401, 'invalid_client')
  })
  test('an iat 30 days in the future is refused', async () => {
    const iat = op.clock.now() + 30 * 86400
    await expectOAuthError(await withAssertion(await assertion({ iat, exp: iat + 60 })), 401, 'invalid_client')
  })
  test('a usual assertion still works', async () => {
    expect((await withAssertion(await assertion({}))).status).toBe(200)
  })
})

test('a signed UserInfo JWT of this OP is not an id_token_hint', async () => {
  const signedUi = { ...WEB, client_id: 'signed-ui' }
  const tokens = await codeFlow(op, signedUi)
  const userinfoJwt = await (await fetch(endpointUrl(op, 'userinfo'), { headers: { authorization: `Bearer ${tokens.access_token}` } })).text()
  expect(userinfoJwt.split('.')).toHaveLength(3)
  const answer = await authorize(op, authParams(signedUi, { prompt: 'none', id_token_hint: userinfoJwt }))
  expect(answer.params.get('error')).toBe('invalid_request')
  const withIdToken = await authorize(op, authParams(signedUi, { prompt: 'none', id_token_hint: tokens.id_token! }))
  expect(withIdToken.params.get('code')).toBeTypeOf('string')
})

describe('introspection of tokens of other clients', () => {
  test('refused (active: false) by default; own tokens still introspect', async () => {
    const tokens = await codeFlow(op, WEB)
    expect(await introspect(op, tokens.access_token, POST_CLIENT)).toEqual({ active: false })
    expect((await introspect(op, tokens.access_token, WEB)).active).toBe(true)
  })
  test('a designated resource server introspects any token', async () => {
    const tokens = await codeFlow(rs, WEB)
    expect((await introspect(rs, tokens.access_token, SERVICE)).active).toBe(true)
    expect(await introspect(rs, tokens.access_token, POST_CLIENT)).toEqual({ active: false })
  })
})

