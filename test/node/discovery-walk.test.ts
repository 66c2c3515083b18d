/**
 * Discovery advertises exactly what works: the test walks every `*_supported` member of the
 * default document and either exercises its values (each one where a request is cheap) or names
 * the suite that does. A member added to discovery without an entry here fails the walk.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { Server } from '../../src/index.js'
import type { SigningAlg } from '../../src/core.js'
import {
  ALICE, authorize, authParams, claimsOf, clientPost, codeFlow, createOp, headerOf, ISSUER, randomState, REDIRECT_URI, tokenRequest, useMsw, WEB,
  type TestClient,
} from './_helpers.js'

/** An OP with the optional lists on too (they are omitted when empty). */
const op = createOp({ authorizationDetailsTypes: ['payment_initiation'], acrValues: ['urn:example:silver', 'urn:example:gold'] })
/** The same OP with pages for prompt=login. */
const pages = createOp({ issuer: 'https://pages.example.test', interaction: 'prompt' })
useMsw(op, pages)

/** A confidential client registered for every response type (code, implicit and hybrid). */
const ALL_TYPES: TestClient = {
  ...WEB,
  client_id: 'all-types',
  response_types: ['code', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'],
  grant_types: ['authorization_code', 'refresh_token', 'implicit'],
}
op.addClient(ALL_TYPES)

let md: Record<string, unknown>
beforeAll(async () => {
  md = (await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()) as Record<string, unknown>
})

/** The values of a list member. */
const values = (member: string): string[] => md[member] as string[]
/** The values of a list of signing algorithms. */
const algs = (member: string): SigningAlg[] => md[member] as SigningAlg[]

/** Members whose values are exercised in another suite: the suite must name the member. */
const ELSEWHERE: Record<string, string> = {
  backchannel_token_delivery_modes_supported: 'ciba.test.ts',
  backchannel_user_code_parameter_supported: 'ciba.test.ts',
  dpop_signing_alg_values_supported: 'dpop.test.ts',
  backchannel_logout_supported: 'backchannel-logout.test.ts',
  backchannel_logout_session_supported: 'backchannel-logout.test.ts',
  frontchannel_logout_supported: 'frontchannel-logout.test.ts',
  frontchannel_logout_session_supported: 'frontchannel-logout.test.ts',
  claim_types_supported: 'discovery-walk.test.ts',
  request_object_signing_alg_values_supported: 'request-objects.test.ts',
  request_object_encryption_alg_values_supported: 'request-objects.test.ts',
  request_object_encryption_enc_values_supported: 'request-objects.test.ts',
  authorization_encryption_alg_values_supported: 'encrypted-jarm-introspection.test.ts',
  authorization_encryption_enc_values_supported: 'encrypted-jarm-introspection.test.ts',
  introspection_encryption_alg_values_supported: 'encrypted-jarm-introspection.test.ts',
  introspection_encryption_enc_values_supported: 'encrypted-jarm-introspection.test.ts',
  id_token_encryption_alg_values_supported: 'encrypted-jarm-introspection.test.ts',
  id_token_encryption_enc_values_supported: 'encrypted-jarm-introspection.test.ts',
  userinfo_encryption_alg_values_supported: 'encrypted-jarm-introspection.test.ts',
  userinfo_encryption_enc_values_supported: 'encrypted-jarm-introspection.test.ts',
}

/** Members exercised below, in this file. */
const HERE = [
  'scopes_supported', 'response_types_supported', 'response_modes_supported', 'subject_types_supported', 'id_token_signing_alg_values_supported',
  'token_endpoint_auth_methods_supported', 'token_endpoint_auth_signing_alg_values_supported', 'claims_supported', 'claims_parameter_supported',
  'request_parameter_supported', 'request_uri_parameter_supported', 'authorization_response_iss_parameter_supported', 'prompt_values_supported',
  'display_values_supported', 'ui_locales_supported', 'grant_types_supported', 'userinfo_signing_alg_values_supported',
  'introspection_endpoint_auth_methods_supported', 'introspection_endpoint_auth_signing_alg_values_supported', 'revocation_endpoint_auth_methods_supported',
  'revocation_endpoint_auth_signing_alg_values_supported', 'code_challenge_methods_supported', 'authorization_signing_alg_values_supported',
  'introspection_signing_alg_values_supported', 'authorization_details_types_supported', 'acr_values_supported',
]

test('every *_supported member of the document is exercised here or in a named suite', () => {
  const members = Object.keys(md).filter((member) => member.endsWith('_supported'))
  expect(members.filter((member) => !HERE.includes(member) && !(member in ELSEWHERE))).toEqual([])
  for (const [member, file] of Object.entries(ELSEWHERE)) {
    const path = join(import.meta.dirname, file)
    expect(existsSync(path), file).toBe(true)
    expect(readFileSync(path, 'utf8'), `${file} names ${member}`).toContain(member)
  }
  // claim_types_supported: only normal claims are issued (no aggregated or distributed ones).
  expect(md.claim_types_supported).toEqual(['normal'])
})

describe('each value works', () => {
  test('response_types_supported: each one gives what its words name; implicit in grant_types_supported', async () => {
    expect(values('grant_types_supported')).toContain('implicit')
    for (const type of values('response_types_supported')) {
      const result = await authorize(op, authParams(ALL_TYPES, { response_type: type, nonce: randomState() }))
      const words = type.split(' ')
      expect(result.params.get('error'), type).toBeNull()
      expect(result.params.has('code'), type).toBe(words.includes('code'))
      expect(result.params.has('id_token'), type).toBe(words.includes('id_token'))
      expect(result.params.has('access_token'), type).toBe(words.includes('token'))
      // authorization_response_iss_parameter_supported (RFC 9207)
      expect(result.params.get('iss')).toBe(ISSUER)
    }
  })

  test('response_modes_supported: each one answers in its encoding', async () => {
    for (const mode of values('response_modes_supported')) {
      const result = await authorize(op, authParams(WEB, { response_mode: mode }))
      const jwt = mode.endsWith('jwt')
      const got = mode.startsWith('query') || mode === 'jwt' ? result.location?.searchParams : mode.startsWith('fragment') ? new URLSearchParams(result.location?.hash.slice(1)) : result.params
      expect(got?.get(jwt ? 'response' : 'code'), mode).toBeTruthy()
      if (jwt) expect(claimsOf(got!.get('response')!)).toMatchObject({ iss: ISSUER, aud: WEB.client_id, code: expect.any(String) })
    }
  })

  test('signing algs: each ID token, UserInfo, JARM and JWT introspection alg signs', async () => {
    for (const alg of algs('id_token_signing_alg_values_supported')) {
      const client = op.addClient({ ...WEB, client_id: `id-${alg}`, id_token_signed_response_alg: alg })
      expect(headerOf((await codeFlow(op, { ...WEB, client_id: client.client_id })).id_token!).alg, alg).toBe(alg)
    }
    const [ui] = algs('userinfo_signing_alg_values_supported').slice(-1)
    op.addClient({ ...WEB, client_id: 'ui-signed', userinfo_signed_response_alg: ui })
    const tokens = await codeFlow(op, { ...WEB, client_id: 'ui-signed' })
    const answer = await fetch(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })
    expect(answer.headers.get('content-type')).toMatch(/^application\/jwt/)
    expect(headerOf(await answer.text()).alg).toBe(ui)

    const [jarm] = algs('authorization_signing_alg_values_supported').slice(-1)
    op.addClient({ ...WEB, client_id: 'jarm-signed', authorization_signed_response_alg: jarm })
    const jarmResult = await authorize(op, authParams({ ...WEB, client_id: 'jarm-signed' }, { response_mode: 'jwt' }))
    expect(headerOf(jarmResult.location!.searchParams.get('response')!).alg).toBe(jarm)

    const [intro] = algs('introspection_signing_alg_values_supported').slice(-1)
    op.addClient({ ...WEB, client_id: 'intro-signed', introspection_signed_response_alg: intro })
    const signed = await clientPost(op, 'introspection', { ...WEB, client_id: 'intro-signed' }, { token: tokens.access_token }, { accept: 'application/token-introspection+jwt' })
    expect(headerOf(await signed.text()).alg).toBe(intro)
  })

  test('client authentication: each method at the token endpoint, introspection and revocation, with an HS alg for client_secret_jwt', async () => {
    expect(values('token_endpoint_auth_methods_supported')).toEqual(expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt', 'none']))
    expect(values('token_endpoint_auth_signing_alg_values_supported')).toContain('HS256')
    const { SignJWT } = await import('jose')
    const secret = new TextEncoder().encode('a-secret-of-thirty-two-bytes-or-more!')
    op.addClient({ ...WEB, client_id: 'jwt-secret', client_secret: 'a-secret-of-thirty-two-bytes-or-more!', token_endpoint_auth_method: 'client_secret_jwt', grant_types: ['client_credentials'] })
    for (const endpoint of ['token', 'introspect']) {
      const assertion = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer('jwt-secret').setSubject('jwt-secret').setAudience(ISSUER).setJti(randomState()).setIssuedAt().setExpirationTime('1m').sign(secret)
      const body = new URLSearchParams({ client_id: 'jwt-secret', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion, ...(endpoint === 'token' ? { grant_type: 'client_credentials' } : { token: 'x' }) })
      expect((await fetch(`${ISSUER}/${endpoint}`, { method: 'POST', body })).status, endpoint).toBe(200)
    }
    expect(values('introspection_endpoint_auth_methods_supported')).toContain('client_secret_post')
    expect(values('introspection_endpoint_auth_signing_alg_values_supported')).toContain('HS256')
    expect(values('revocation_endpoint_auth_signing_alg_values_supported')).toContain('HS256')
    // A public client (none) revokes its own token.
    expect(values('revocation_endpoint_auth_methods_supported')).toContain('none')
    const revoked = await fetch(`${ISSUER}/revoke`, { method: 'POST', body: new URLSearchParams({ client_id: 'spa', token: 'unknown' }) })
    expect(revoked.status).toBe(200)
  })

  test('grant_types_supported: each grant is known to the token endpoint (never unsupported_grant_type)', async () => {
    for (const grant of values('grant_types_supported').filter((grant) => grant !== 'implicit')) {
      const response = await tokenRequest(op, WEB, { grant_type: grant })
      expect(response.status, grant).toBe(400)
      expect(((await response.json()) as { error: string }).error, grant).not.toBe('unsupported_grant_type')
    }
    expect(((await (await tokenRequest(op, WEB, { grant_type: 'urn:example:nothing' })).json()) as { error: string }).error).toBe('unsupported_grant_type')
  })

  test('subject_types_supported: a pairwise client sees another sub; scopes, claims and the claims parameter', async () => {
    expect(values('subject_types_supported')).toEqual(['public', 'pairwise'])
    op.addClient({ ...WEB, client_id: 'pairwise', subject_type: 'pairwise' })
    expect(claimsOf((await codeFlow(op, { ...WEB, client_id: 'pairwise' })).id_token!).sub).not.toBe(ALICE.sub)

    const scope = values('scopes_supported').filter((s) => s !== 'offline_access').join(' ')
    expect(md.claims_parameter_supported).toBe(true)
    const tokens = await codeFlow(op, WEB, { scope, claims: JSON.stringify({ id_token: { email: null } }) })
    expect(tokens.scope.split(' ')).toEqual(expect.arrayContaining(scope.split(' ')))
    const idToken = claimsOf(tokens.id_token!)
    expect(idToken.email).toBe(ALICE.email)
    // The hashes of the tokens beside the ID token are no claims about the user.
    for (const claim of Object.keys(idToken).filter((claim) => !claim.endsWith('_hash'))) expect(values('claims_supported'), claim).toContain(claim)
    expect(values('code_challenge_methods_supported')).toEqual(['S256'])
  })

  test('acr_values_supported and authorization_details_types_supported: each value is granted', async () => {
    for (const acr of values('acr_values_supported')) {
      const tokens = await codeFlow(op, WEB, { claims: JSON.stringify({ id_token: { acr: { essential: true, value: acr } } }) })
      expect(claimsOf(tokens.id_token!).acr, acr).toBe(acr)
    }
    for (const type of values('authorization_details_types_supported')) {
      const details = [{ type, actions: ['read'] }]
      const response = await tokenRequest(op, WEB, { grant_type: 'authorization_code', code: (await authorize(op, authParams(WEB, { authorization_details: JSON.stringify(details) }))).params.get('code')!, redirect_uri: REDIRECT_URI })
      expect(((await response.json()) as { authorization_details: unknown }).authorization_details, type).toEqual(details)
    }
  })

  test('prompt, display and ui_locales: each value is accepted; the login page speaks each locale', async () => {
    for (const prompt of values('prompt_values_supported')) {
      const result = await authorize(op, authParams(WEB, { prompt }))
      expect(result.params.get('error') ?? '', prompt).not.toBe('invalid_request')
    }
    for (const display of values('display_values_supported')) {
      expect((await authorize(op, authParams(WEB, { display }))).params.get('error'), display).toBeNull()
    }
    for (const locale of values('ui_locales_supported')) {
      const login = await authorize(pages, authParams(WEB, { prompt: 'login', ui_locales: locale }))
      expect(await (await fetch(login.location!)).text(), locale).toContain(`lang="${locale}"`)
    }
  })

  test('request and request_uri: refused as request_not_supported exactly when discovery says false', async () => {
    for (const [member, param, error] of [['request_parameter_supported', 'request', 'request_not_supported'], ['request_uri_parameter_supported', 'request_uri', 'request_uri_not_supported']] as const) {
      const result = await authorize(op, authParams(WEB, { [param]: param === 'request' ? 'e30.e30.' : 'https://rp.example.test/request.jwt' }))
      if (md[member] === false) expect(result.params.get('error'), member).toBe(error)
      else expect(result.params.get('error'), member).not.toBe(error)
    }
  })
})

test('a profile that narrows response_types_supported to code (FAPI 2.0) leaves implicit out of grant_types_supported', async () => {
  const fapi = new Server({ issuer: 'https://fapi.example.test', profile: 'fapi2', users: [ALICE] })
  const document = (await (await fapi.handle(new Request('https://fapi.example.test/.well-known/openid-configuration'))).json()) as Record<string, string[]>
  expect(document.response_types_supported).toEqual(['code'])
  expect(document.grant_types_supported).toContain('authorization_code')
  expect(document.grant_types_supported).not.toContain('implicit')
})
