/**
 * The rest of the authorization surface: an essential `acr` the OP cannot meet (OIDC Core
 * §5.5.1.1), an absolute lifetime for rotated refresh tokens (RFC 9700 §4.14.2), and JWT
 * introspection responses (RFC 9701) checked by oauth4webapi.
 */
import * as oauth from 'oauth4webapi'
import { describe, expect, test } from 'vitest'
import { ConfigurationError } from '../../src/index.js'
import {
  authorize, authParams, claimsOf, codeFlow, createOp, expectNothingStored, expectOAuthError, frozenClock, clientPost, ISSUER, tokenRequest, useMsw, verifyWithJwks, WEB,
  type Tokens,
} from './_helpers.js'

const op = createOp({ acrValues: ['urn:mace:incommon:iap:silver', 'urn:mace:incommon:iap:bronze'] })
const capped = createOp({ issuer: 'https://capped.example.test', clock: frozenClock(), refreshTokenAbsoluteLifetime: 3 * 3600, ttl: { RefreshToken: 2 * 3600 } })
useMsw(op, capped)

const essential = (values: string[]) => JSON.stringify({ id_token: { acr: { essential: true, values } } })

describe('essential acr (OIDC Core §5.5.1.1)', () => {
  test('an essential acr the OP cannot meet: unmet_authentication_requirements redirected, no code, nothing stored', async () => {
    const result = await expectNothingStored(op, () => authorize(op, authParams(WEB, { claims: essential(['urn:example:gold']) })))
    expect(result.params.get('error')).toBe('unmet_authentication_requirements')
    expect(result.params.get('code')).toBeNull()
    expect(result.params.get('iss')).toBe(ISSUER)
  })

  test('one value it supports: a code, and the ID token carries that acr; a voluntary acr it cannot meet is no error', async () => {
    const tokens = await codeFlow(op, WEB, { claims: essential(['urn:example:gold', 'urn:mace:incommon:iap:bronze']) })
    expect(claimsOf(tokens.id_token!).acr).toBe('urn:mace:incommon:iap:bronze')
    const voluntary = await authorize(op, authParams(WEB, { claims: JSON.stringify({ id_token: { acr: { values: ['urn:example:gold'] } } }) }))
    expect(voluntary.params.get('code')).toBeTruthy()
  })

  test('without acrValues configured every value is met', async () => {
    const open = await authorize(capped, authParams(WEB, { claims: essential(['urn:example:gold']) }))
    expect(open.params.get('code')).toBeTruthy()
  })
})

describe('refreshTokenAbsoluteLifetime', () => {
  test('rotated refresh tokens never live past the grant\'s start plus the lifetime', async () => {
    const first = await codeFlow(capped, WEB, { scope: 'openid offline_access' })
    capped.clock.advance(3600)
    const second = (await (await tokenRequest(capped, WEB, { grant_type: 'refresh_token', refresh_token: first.refresh_token! })).json()) as Tokens
    capped.clock.advance(3600)
    const third = (await (await tokenRequest(capped, WEB, { grant_type: 'refresh_token', refresh_token: second.refresh_token! })).json()) as Tokens
    expect(third.refresh_token).toBeTypeOf('string')
    // 3 h after the grant: the chain ends, though the last token was issued 1 h ago with a 2 h ttl.
    capped.clock.advance(3600)
    await expectOAuthError(await tokenRequest(capped, WEB, { grant_type: 'refresh_token', refresh_token: third.refresh_token! }), 400, 'invalid_grant')
  })

  test('a lifetime that is no positive whole number is a ConfigurationError', () => {
    expect(() => createOp({ refreshTokenAbsoluteLifetime: 0 })).toThrow(ConfigurationError)
  })
})

describe('JWT introspection responses (RFC 9701)', () => {
  test('oauth4webapi: Accept application/token-introspection+jwt gets a signed response it validates', async () => {
    const as = await oauth.processDiscoveryResponse(new URL(ISSUER), await oauth.discoveryRequest(new URL(ISSUER)))
    expect(as.introspection_signing_alg_values_supported).toContain('RS256')
    const tokens = await codeFlow(op, WEB)
    const client: oauth.Client = { client_id: WEB.client_id }
    const response = await oauth.introspectionRequest(as, client, oauth.ClientSecretBasic(WEB.client_secret!), tokens.access_token, { requestJwtResponse: true })
    expect(response.headers.get('content-type')).toBe('application/token-introspection+jwt')
    const result = await oauth.processIntrospectionResponse(as, client, response)
    expect(result).toMatchObject({ active: true, client_id: 'web', sub: 'alice' })
  })

  test('the client\'s introspection_signed_response_alg is used; an inactive token is a signed active: false', async () => {
    const es = op.addClient({ ...WEB, client_id: 'es-rs', introspection_signed_response_alg: 'ES256' })
    const response = await clientPost(op, 'introspection', { ...WEB, client_id: es.client_id }, { token: 'not-a-token' }, { accept: 'application/token-introspection+jwt' })
    const { payload, header } = await verifyWithJwks(op, await response.text(), { typ: 'token-introspection+jwt', audience: 'es-rs' })
    expect(header.alg).toBe('ES256')
    expect(payload.token_introspection).toEqual({ active: false })
  })

  test('a bad introspection_signed_response_alg is invalid_client_metadata', async () => {
    const response = await fetch(`${ISSUER}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: ['https://rp.example.test/cb'], introspection_signed_response_alg: 'HS256' }) })
    await expectOAuthError(response, 400, 'invalid_client_metadata')
  })
})
