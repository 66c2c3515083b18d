/**
 * Resource indicators (RFC 8707) and Rich Authorization Requests (RFC 9396) at the authorization,
 * pushed authorization and token endpoints, through oauth4webapi and raw requests for bad input.
 */
import * as oauth from 'oauth4webapi'
import { beforeAll, describe, expect, test } from 'vitest'
import { ConfigurationError } from '../../src/index.js'
import {
  authorize, authParams, claimsOf, clientPost, codeFlow, createOp, expectNothingStored, expectOAuthError, getCode, introspect, ISSUER, REDIRECT_URI, redeem,
  SERVICE, tokenRequest, useMsw, WEB, type Tokens,
} from './_helpers.js'

const API = 'https://api.example.test/'
const FILES = 'https://files.example.test/'
const PAYMENT = { type: 'payment_initiation', actions: ['initiate'], instructedAmount: { currency: 'EUR', amount: '123.50' }, creditorName: 'Merchant A' }
const ACCOUNTS = { type: 'account_information', actions: ['read'], locations: ['https://bank.example.test/accounts'] }

const op = createOp({ authorizationDetailsTypes: ['payment_initiation', 'account_information'] })
/** An OP that knows only two resources, and lets the service client use one. */
const narrow = createOp({ issuer: 'https://narrow.example.test', resourceIndicators: { resources: [API, FILES], clients: { service: [API] } } })
useMsw(op, narrow)

const issuer = new URL(ISSUER)
let as: oauth.AuthorizationServer
const client: oauth.Client = { client_id: WEB.client_id }
const auth = oauth.ClientSecretBasic(WEB.client_secret!)
beforeAll(async () => {
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer))
})

/** A code flow through oauth4webapi with extra authorization and token parameters. */
async function o4wFlow(authorizationParams: URLSearchParams, tokenParams?: URLSearchParams) {
  const state = oauth.generateRandomState()
  const url = new URL(as.authorization_endpoint!)
  url.search = new URLSearchParams([['client_id', WEB.client_id], ['redirect_uri', REDIRECT_URI], ['response_type', 'code'], ['scope', 'openid offline_access'], ['state', state], ...authorizationParams]).toString()
  const response = await fetch(url, { redirect: 'manual' })
  const params = oauth.validateAuthResponse(as, client, new URL(response.headers.get('location')!), state)
  const tokenResponse = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT_URI, oauth.nopkce, tokenParams ? { additionalParameters: tokenParams } : {})
  return oauth.processAuthorizationCodeResponse(as, client, tokenResponse)
}

describe('resource indicators (RFC 8707)', () => {
  test('oauth4webapi: two resources at authorization become the access token aud; introspection says so', async () => {
    const tokens = await o4wFlow(new URLSearchParams([['resource', API], ['resource', FILES]]))
    expect(claimsOf(tokens.access_token).aud).toEqual([API, FILES])
    expect(await introspect(op, tokens.access_token)).toMatchObject({ active: true, aud: [API, FILES] })
  })

  test('the token request narrows to one of the grant\'s resources; refresh too', async () => {
    const tokens = await o4wFlow(new URLSearchParams([['resource', API], ['resource', FILES]]), new URLSearchParams([['resource', FILES]]))
    expect(claimsOf(tokens.access_token).aud).toBe(FILES)
    const refreshed = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, { additionalParameters: { resource: API } }))
    expect(claimsOf(refreshed.access_token).aud).toBe(API)
    // Without resource, the refresh gets the grant's resources.
    const again = await oauth.processRefreshTokenResponse(as, client, await oauth.refreshTokenGrantRequest(as, client, auth, refreshed.refresh_token!))
    expect(claimsOf(again.access_token).aud).toEqual([API, FILES])
  })

  test('PAR carries the resources; client_credentials takes them directly', async () => {
    const pushed = await oauth.processPushedAuthorizationResponse(as, client, await oauth.pushedAuthorizationRequest(as, client, auth, new URLSearchParams([
      ['redirect_uri', REDIRECT_URI], ['response_type', 'code'], ['scope', 'openid'], ['resource', API],
    ])))
    const result = await authorize(op, { client_id: WEB.client_id, request_uri: pushed.request_uri })
    const response = await redeem(op, WEB, { code: result.params.get('code')!, state: undefined, redirect_uri: REDIRECT_URI, params: result.params })
    expect(claimsOf(((await response.json()) as Tokens).access_token).aud).toBe(API)
    const cc = await oauth.processClientCredentialsResponse(as, { client_id: SERVICE.client_id }, await oauth.clientCredentialsGrantRequest(as, { client_id: SERVICE.client_id }, oauth.ClientSecretPost(SERVICE.client_secret!), new URLSearchParams([['resource', API], ['resource', FILES]])))
    expect(claimsOf(cc.access_token).aud).toEqual([API, FILES])
  })

  test.each([
    ['a relative resource', 'api/v1'],
    ['a resource with a fragment', `${API}#x`],
  ])('%s at authorization: invalid_target redirected, no code', async (_, resource) => {
    const result = await expectNothingStored(op, () => authorize(op, authParams(WEB, { resource })))
    expect(result.params.get('error')).toBe('invalid_target')
    expect(result.params.get('code')).toBeNull()
  })

  test('a malformed resource at PAR and at the token endpoint: invalid_target, nothing stored', async () => {
    await expectNothingStored(op, async () => expectOAuthError(await clientPost(op, 'pushed_authorization', WEB, { ...authParams(WEB), resource: 'nope' }), 400, 'invalid_target'))
    await expectNothingStored(op, async () => expectOAuthError(await clientPost(op, 'token', SERVICE, { grant_type: 'client_credentials', resource: `${API}#frag` }), 400, 'invalid_target'))
  })

  test('a token request for a resource outside the grant: invalid_target, and the code is still unspent', async () => {
    const got = await getCode(op, WEB, { resource: API })
    await expectNothingStored(op, async () => expectOAuthError(await redeem(op, WEB, got, { resource: FILES }), 400, 'invalid_target'))
    expect((await redeem(op, WEB, got)).status).toBe(200)
  })

  test('configured resources: an unknown one, or one the client may not use, is invalid_target', async () => {
    const unknown = await authorize(narrow, authParams(WEB, { resource: 'https://other.example.test/' }))
    expect(unknown.params.get('error')).toBe('invalid_target')
    await expectOAuthError(await clientPost(narrow, 'token', SERVICE, { grant_type: 'client_credentials', resource: FILES }), 400, 'invalid_target')
    const ok = await clientPost(narrow, 'token', SERVICE, { grant_type: 'client_credentials', resource: API })
    expect(claimsOf(((await ok.json()) as Tokens).access_token).aud).toBe(API)
    expect(claimsOf((await codeFlow(narrow, WEB, { resource: FILES })).access_token).aud).toBe(FILES)
  })

  test('a configuration with a malformed resource is a ConfigurationError naming it', () => {
    expect(() => createOp({ resourceIndicators: { resources: ['relative'] } })).toThrow(ConfigurationError)
    expect(() => createOp({ resourceIndicators: { resources: ['relative'] } })).toThrow(/resourceIndicators\.resources\[0\]/)
  })
})

describe('rich authorization requests (RFC 9396)', () => {
  test('discovery lists the configured types; an OP without any does not publish the member', async () => {
    expect(as.authorization_details_types_supported).toEqual(['payment_initiation', 'account_information'])
    const other = (await (await fetch('https://narrow.example.test/.well-known/openid-configuration')).json()) as Record<string, unknown>
    expect(other).not.toHaveProperty('authorization_details_types_supported')
  })

  test('oauth4webapi: authorization_details go into the token response, the JWT access token and introspection', async () => {
    const details = [PAYMENT, ACCOUNTS]
    const tokens = await o4wFlow(new URLSearchParams({ authorization_details: JSON.stringify(details) }))
    expect(tokens.authorization_details).toEqual(details)
    expect(claimsOf(tokens.access_token).authorization_details).toEqual(details)
    expect(await introspect(op, tokens.access_token)).toMatchObject({ active: true, authorization_details: details })
  })

  test('the token request may ask for fewer of the grant\'s details, never others', async () => {
    const got = await getCode(op, WEB, { authorization_details: JSON.stringify([PAYMENT, ACCOUNTS]) })
    const other = { ...PAYMENT, instructedAmount: { currency: 'EUR', amount: '9999.00' } }
    await expectNothingStored(op, async () => expectOAuthError(await redeem(op, WEB, got, { authorization_details: JSON.stringify([other]) }), 400, 'invalid_authorization_details'))
    // Members in another order are the same detail.
    const reordered = { creditorName: PAYMENT.creditorName, instructedAmount: { amount: '123.50', currency: 'EUR' }, actions: ['initiate'], type: 'payment_initiation' }
    const response = await redeem(op, WEB, got, { authorization_details: JSON.stringify([reordered]) })
    expect(((await response.json()) as { authorization_details: unknown }).authorization_details).toEqual([reordered])
  })

  test('client_credentials with authorization_details', async () => {
    const response = await tokenRequest(op, SERVICE, { grant_type: 'client_credentials', authorization_details: JSON.stringify([ACCOUNTS]) })
    const body = (await response.json()) as Tokens & { authorization_details: unknown }
    expect(body.authorization_details).toEqual([ACCOUNTS])
    expect(claimsOf(body.access_token).authorization_details).toEqual([ACCOUNTS])
  })

  test.each([
    ['not JSON', '[{"type":'],
    ['not an array', JSON.stringify(PAYMENT)],
    ['an element that is no object', JSON.stringify(['payment_initiation'])],
    ['an element without type', JSON.stringify([{ actions: ['read'] }])],
    ['an unknown type', JSON.stringify([{ type: 'teleport' }])],
    ['actions that are not strings', JSON.stringify([{ type: 'account_information', actions: 'read' }])],
  ])('%s: invalid_authorization_details at authorization (redirected), PAR and token, nothing stored', async (_, value) => {
    const result = await expectNothingStored(op, () => authorize(op, authParams(WEB, { authorization_details: value })))
    expect(result.params.get('error')).toBe('invalid_authorization_details')
    await expectNothingStored(op, async () => expectOAuthError(await clientPost(op, 'pushed_authorization', WEB, { ...authParams(WEB), authorization_details: value }), 400, 'invalid_authorization_details'))
    await expectNothingStored(op, async () => expectOAuthError(await tokenRequest(op, SERVICE, { grant_type: 'client_credentials', authorization_details: value }), 400, 'invalid_authorization_details'))
  })

  test('an OP with no types configured refuses any authorization_details; a client only its registered types', async () => {
    const result = await authorize(narrow, authParams(WEB, { authorization_details: JSON.stringify([ACCOUNTS]) }))
    expect(result.params.get('error')).toBe('invalid_authorization_details')
    const limited = op.addClient({ ...WEB, client_id: 'limited', authorization_details_types: ['account_information'] })
    const refused = await authorize(op, authParams({ ...WEB, client_id: limited.client_id }, { authorization_details: JSON.stringify([PAYMENT]) }))
    expect(refused.params.get('error')).toBe('invalid_authorization_details')
  })
})
