/**
 * OpenID Connect Discovery 1.0 §4 and RFC 8414: the metadata documents, true to what is enabled.
 */
import * as oauth from 'oauth4webapi'
import { describe, expect, test } from 'vitest'
import { Server } from '../../src/index.js'
import { createOp, endpointUrl, expectOAuthError, ISSUER, opJwks, useMsw, WEB } from './_helpers.js'

const op = createOp({ acrValues: ['urn:mace:incommon:iap:silver', 'urn:example:gold'], claims: { groups: ['groups'] } })
const msw = useMsw(op)

async function metadata(url = `${ISSUER}/.well-known/openid-configuration`): Promise<Record<string, unknown>> {
  const response = await fetch(url)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  return (await response.json()) as Record<string, unknown>
}

describe('openid-configuration', () => {
  test('holds every REQUIRED member of Discovery §3, with the exact issuer', async () => {
    const md = await metadata()
    expect(md.issuer).toBe(ISSUER)
    for (const member of ['authorization_endpoint', 'jwks_uri', 'response_types_supported', 'subject_types_supported', 'id_token_signing_alg_values_supported']) {
      expect(md, member).toHaveProperty(member)
    }
    expect(md.id_token_signing_alg_values_supported).toContain('RS256')
    expect(md.subject_types_supported).toEqual(['public', 'pairwise'])
  })

  test('publishes the URL of every enabled endpoint, each answering at that URL', async () => {
    const md = await metadata()
    expect(md).toMatchObject({
      authorization_endpoint: `${ISSUER}/authorize`,
      token_endpoint: `${ISSUER}/token`,
      userinfo_endpoint: `${ISSUER}/userinfo`,
      jwks_uri: `${ISSUER}/jwks`,
      registration_endpoint: `${ISSUER}/register`,
      introspection_endpoint: `${ISSUER}/introspect`,
      revocation_endpoint: `${ISSUER}/revoke`,
      end_session_endpoint: `${ISSUER}/logout`,
    })
    for (const [name, name2] of [['jwks_uri', 'jwks'], ['token_endpoint', 'token']] as const) {
      expect(md[name]).toBe(endpointUrl(op, name2))
    }
    expect((await fetch(md.jwks_uri as string)).status).toBe(200)
  })

  test('lists what the OP implements: response types and modes, grants, auth methods, PKCE, RFC 9207', async () => {
    const md = await metadata()
    expect(md.response_types_supported).toEqual(['code', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'])
    expect(md.response_modes_supported).toEqual(expect.arrayContaining(['query', 'fragment', 'form_post']))
    expect(md.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']))
    // The implicit grant is served by the authorization endpoint (id_token and token response types).
    expect(md.grant_types_supported).toContain('implicit')
    expect(md.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none']),
    )
    // RFC 8414 §2: "none" must not be listed as a signing algorithm.
    expect(md.token_endpoint_auth_signing_alg_values_supported).not.toContain('none')
    expect(md.token_endpoint_auth_signing_alg_values_supported).toEqual(expect.arrayContaining(['HS256', 'RS256', 'ES256']))
    expect(md.code_challenge_methods_supported).toEqual(['S256'])
    expect(md.authorization_response_iss_parameter_supported).toBe(true)
    expect(md.claims_parameter_supported).toBe(true)
    // Request objects (RFC 9101), on by default since issue 11.
    expect(md.request_parameter_supported).toBe(true)
    expect(md.request_uri_parameter_supported).toBe(true)
    // Introspection needs an authenticated client (RFC 7662 §2.1).
    expect(md.introspection_endpoint_auth_methods_supported).not.toContain('none')
  })

  test('lists the signing algorithms the OP can sign ID tokens and UserInfo with, never HS*', async () => {
    const md = await metadata()
    for (const member of ['id_token_signing_alg_values_supported', 'userinfo_signing_alg_values_supported'] as const) {
      expect(md[member]).toEqual(expect.arrayContaining(['RS256', 'PS256', 'ES256', 'EdDSA']))
      expect((md[member] as string[]).some((alg) => alg.startsWith('HS') || alg === 'none')).toBe(false)
    }
  })

  test('scopes and claims include the configured ones; acr_values_supported when configured', async () => {
    const md = await metadata()
    expect(md.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'address', 'phone', 'offline_access', 'api:read', 'groups']))
    expect(md.claims_supported).toEqual(expect.arrayContaining(['sub', 'iss', 'name', 'email', 'email_verified', 'address', 'phone_number', 'groups']))
    expect(md.acr_values_supported).toEqual(['urn:mace:incommon:iap:silver', 'urn:example:gold'])
  })

  test('code_challenge_methods_supported follows the configuration (plain only when listed)', async () => {
    const plain = createOp({ issuer: 'https://plain.example.test', pkce: { methods: ['S256', 'plain'] } })
    msw.use(...plain.handlers)
    const md = await metadata('https://plain.example.test/.well-known/openid-configuration')
    expect(md.code_challenge_methods_supported).toEqual(['S256', 'plain'])
  })

  test('oauth4webapi accepts the document', async () => {
    const as = await oauth.processDiscoveryResponse(new URL(ISSUER), await oauth.discoveryRequest(new URL(ISSUER)))
    expect(as.issuer).toBe(ISSUER)
  })

  test('only GET: another method is 405 with Allow, as a JSON error', async () => {
    const response = await fetch(`${ISSUER}/.well-known/openid-configuration`, { method: 'POST' })
    await expectOAuthError(response, 405, 'invalid_request')
    expect(response.headers.get('allow')).toContain('GET')
  })
})

describe('RFC 8414 oauth-authorization-server', () => {
  test('is served at the well-known URL with the same content', async () => {
    const md = await metadata(`${ISSUER}/.well-known/oauth-authorization-server`)
    expect(md).toEqual(await metadata())
    const as = await oauth.processDiscoveryResponse(new URL(ISSUER), await oauth.discoveryRequest(new URL(ISSUER), { algorithm: 'oauth2' }))
    expect(as.token_endpoint).toBe(`${ISSUER}/token`)
  })

  test('with an issuer path: RFC 8414 §3 inserts the well-known segment before the path; Discovery §4 appends it', async () => {
    const tenant = createOp({ issuer: 'https://tenant.example.test/realms/one' })
    msw.use(...tenant.handlers)
    const oidc = await metadata('https://tenant.example.test/realms/one/.well-known/openid-configuration')
    const rfc8414 = await metadata('https://tenant.example.test/.well-known/oauth-authorization-server/realms/one')
    expect(oidc.issuer).toBe('https://tenant.example.test/realms/one')
    expect(rfc8414).toEqual(oidc)
    expect(oidc.token_endpoint).toBe('https://tenant.example.test/realms/one/token')
    for (const algorithm of ['oidc', 'oauth2'] as const) {
      const issuer = new URL('https://tenant.example.test/realms/one')
      const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm }))
      expect(as.issuer).toBe(issuer.href)
    }
  })
})

describe('disabled endpoints leave the metadata', () => {
  test('by configuration: the member goes, the URL answers 404', async () => {
    const lean = new Server({
      issuer: 'https://lean.example.test',
      clients: [WEB],
      jwks: opJwks() as never,
      endpoints: { registration: { enabled: false }, introspection: { enabled: false }, token_revocation: { enabled: false }, userinfo: { enabled: false }, session: { enabled: false } },
    })
    msw.use(...lean.handlers)
    const md = await metadata('https://lean.example.test/.well-known/openid-configuration')
    for (const member of ['registration_endpoint', 'introspection_endpoint', 'revocation_endpoint', 'userinfo_endpoint', 'end_session_endpoint']) {
      expect(md, member).not.toHaveProperty(member)
    }
    for (const member of ['introspection_endpoint_auth_methods_supported', 'revocation_endpoint_auth_methods_supported', 'userinfo_signing_alg_values_supported']) {
      expect(md, member).not.toHaveProperty(member)
    }
    expect(md.token_endpoint).toBe('https://lean.example.test/token')
    await expectOAuthError(await fetch('https://lean.example.test/register', { method: 'POST' }), 404, 'not_found')
    await expectOAuthError(await fetch('https://lean.example.test/userinfo'), 404, 'not_found')
  })

  test('at run time: removeEndpoint takes the member away, setEndpoint brings it back', async () => {
    const runtime = createOp({ issuer: 'https://runtime.example.test' })
    msw.use(...runtime.handlers)
    const url = 'https://runtime.example.test/.well-known/openid-configuration'
    const introspection = runtime.serverGet('endpoint', 'introspection')!
    expect(runtime.removeEndpoint('introspection')).toBe(true)
    expect(await metadata(url)).not.toHaveProperty('introspection_endpoint')
    runtime.setEndpoint(introspection)
    expect((await metadata(url)).introspection_endpoint).toBe('https://runtime.example.test/introspect')
  })

  test('no member is an empty list (Discovery §4.2: zero elements are omitted), even with the token endpoint off', async () => {
    const noToken = createOp({ issuer: 'https://notoken.example.test', endpoints: { token: { enabled: false } } })
    msw.use(...noToken.handlers)
    for (const url of ['https://notoken.example.test/.well-known/openid-configuration', `${ISSUER}/.well-known/openid-configuration`]) {
      const md = await metadata(url)
      for (const [member, value] of Object.entries(md)) {
        if (Array.isArray(value)) expect(value.length, member).toBeGreaterThan(0)
      }
    }
    const md = await metadata('https://notoken.example.test/.well-known/openid-configuration')
    expect(md).not.toHaveProperty('token_endpoint')
    expect(md).not.toHaveProperty('grant_types_supported')
  })

  test('a grant the token endpoint no longer handles leaves grant_types_supported', async () => {
    const fewer = createOp({ issuer: 'https://fewer.example.test' })
    msw.use(...fewer.handlers)
    const before = (await metadata('https://fewer.example.test/.well-known/openid-configuration')).grant_types_supported as string[]
    expect(before).toContain('client_credentials')
    fewer.serverGet('endpoint', 'token')!.grants.delete('client_credentials')
    const md = await metadata('https://fewer.example.test/.well-known/openid-configuration')
    expect(md.grant_types_supported).toEqual(before.filter((grant) => grant !== 'client_credentials'))
  })
})
