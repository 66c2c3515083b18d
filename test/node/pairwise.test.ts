/**
 * Pairwise subject identifiers (OIDC Core §8.1): the same pairwise `sub` in the ID token, UserInfo,
 * the JWT access token and introspection; one per sector; stable across dump/load; hints mapped
 * back; the sector_identifier_uri document fetched and checked.
 */
import { http, HttpResponse } from 'msw'
import * as client from 'openid-client'
import { describe, expect, test } from 'vitest'
import { ConfigurationError } from '../../src/index.js'
import {
  authorize, authParams, claimsOf, codeFlow, createOp, endpointUrl, expectNothingStored, expectOAuthError, introspect, ISSUER, stored, useMsw, WEB,
  type TestClient,
} from './_helpers.js'

const PAIRWISE: TestClient = {
  client_id: 'pw', client_secret: 'pw-secret', redirect_uris: ['https://rp.example.test/cb'], subject_type: 'pairwise',
  grant_types: ['authorization_code', 'refresh_token'], token_endpoint_auth_method: 'client_secret_basic',
}
/** Another client of the same sector (host rp.example.test). */
const SAME_SECTOR: TestClient = { ...PAIRWISE, client_id: 'pw-same', redirect_uris: ['https://rp.example.test/other-cb'] }
/** A client of another sector. */
const OTHER_SECTOR: TestClient = { ...PAIRWISE, client_id: 'pw-other', redirect_uris: ['https://other.example.test/cb'] }
/** Two hosts, one sector named by its document. */
const SECTOR_URI = 'https://rp.example.test/sector.json'
const WITH_SECTOR: TestClient = {
  ...PAIRWISE, client_id: 'pw-sector', redirect_uris: ['https://a.example.test/cb', 'https://b.example.test/cb'], sector_identifier_uri: SECTOR_URI,
}

const op = createOp({ clients: [WEB, PAIRWISE, SAME_SECTOR, OTHER_SECTOR, WITH_SECTOR] })
const msw = useMsw(op)
const serveSector = (body: string[] | Record<string, unknown>, init?: ResponseInit) => msw.use(http.get(SECTOR_URI, () => HttpResponse.json(body, init)))

describe('pairwise subjects', () => {
  test('openid-client: one pairwise sub in the ID token, UserInfo, the JWT access token, introspection and after refresh', async () => {
    const config = await client.discovery(new URL(ISSUER), 'pw', undefined, client.ClientSecretBasic('pw-secret'))
    expect(config.serverMetadata().subject_types_supported).toEqual(['public', 'pairwise'])
    const state = client.randomState()
    const url = client.buildAuthorizationUrl(config, { redirect_uri: PAIRWISE.redirect_uris![0]!, scope: 'openid profile offline_access', state })
    const response = await fetch(url, { redirect: 'manual' })
    const tokens = await client.authorizationCodeGrant(config, new URL(response.headers.get('location')!), { expectedState: state, idTokenExpected: true })
    const sub = tokens.claims()!.sub
    expect(sub).not.toBe('alice')
    expect(sub).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect((await client.fetchUserInfo(config, tokens.access_token, sub)).sub).toBe(sub)
    expect(claimsOf(tokens.access_token).sub).toBe(sub)
    expect(await introspect(op, tokens.access_token, PAIRWISE)).toMatchObject({ active: true, sub })
    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!)
    expect(refreshed.claims()!.sub).toBe(sub)
  })

  test('the same sub for clients of one sector, another for another sector, and public clients see the local sub', async () => {
    const subOf = async (c: TestClient) => claimsOf((await codeFlow(op, c)).id_token!).sub
    const pw = await subOf(PAIRWISE)
    expect(await subOf(SAME_SECTOR)).toBe(pw)
    expect(await subOf(OTHER_SECTOR)).not.toBe(pw)
    expect(await subOf(WEB)).toBe('alice')
  })

  test('stable across dump and load (the salt is state)', async () => {
    const before = claimsOf((await codeFlow(op, PAIRWISE)).id_token!).sub
    const copy = createOp({ issuer: 'https://copy.example.test', clients: [PAIRWISE] })
    copy.load(op.dump())
    msw.use(...copy.handlers)
    expect(claimsOf((await codeFlow(copy, PAIRWISE)).id_token!).sub).toBe(before)
  })

  test('id_token_hint and login_hint with the pairwise sub name the local user', async () => {
    const bobTokens = await codeFlow(op, PAIRWISE, { login_hint: 'bob' })
    const bobSub = claimsOf(bobTokens.id_token!).sub!
    const hinted = await codeFlow(op, PAIRWISE, { login_hint: bobSub })
    expect(claimsOf(hinted.id_token!).sub).toBe(bobSub)
    const silent = await authorize(op, authParams(PAIRWISE, { prompt: 'none', id_token_hint: bobTokens.id_token! }))
    expect(silent.params.get('code')).toBeTruthy()
  })

  test('a sector_identifier_uri names the sector: its clients share subs across hosts', async () => {
    serveSector(WITH_SECTOR.redirect_uris!)
    const sectorSub = claimsOf((await codeFlow(op, WITH_SECTOR)).id_token!).sub
    // Its host is rp.example.test, the sector of PAIRWISE.
    expect(sectorSub).toBe(claimsOf((await codeFlow(op, PAIRWISE)).id_token!).sub)
  })
})

describe('sector_identifier_uri checks', () => {
  const register = (metadata: Record<string, unknown>) =>
    fetch(endpointUrl(op, 'registration'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) })
  const pairwise = { redirect_uris: ['https://a.example.test/cb', 'https://b.example.test/cb'], subject_type: 'pairwise', sector_identifier_uri: SECTOR_URI }

  test('registration fetches the document: listed redirect URIs are registered', async () => {
    serveSector([...pairwise.redirect_uris, 'https://c.example.test/cb'])
    const response = await register(pairwise)
    expect(response.status).toBe(201)
    expect(await response.json()).toMatchObject({ subject_type: 'pairwise', sector_identifier_uri: SECTOR_URI })
  })

  test.each([
    ['a document that does not list a redirect URI', () => serveSector(['https://a.example.test/cb']), /does not list the redirect URI 'https:\/\/b\.example\.test\/cb'/],
    ['a 404', () => serveSector({ error: 'nope' }, { status: 404 }), /answered 404/],
    ['a document that is no array', () => serveSector({ redirect_uris: [] }), /not a JSON array/],
    ['a document over the size limit', () => serveSector(Array.from({ length: 5000 }, (_, i) => `https://a.example.test/cb${i}-padding-padding`)), /larger than 65536 bytes/],
    ['a network error', () => msw.use(http.get(SECTOR_URI, () => HttpResponse.error())), /could not be fetched/],
  ])('%s is invalid_client_metadata, nothing stored', async (_, serve, message) => {
    serve()
    const body = await expectNothingStored(op, async () => expectOAuthError(await register(pairwise), 400, 'invalid_client_metadata'))
    expect(body.error_description).toMatch(message)
  })

  test.each([
    ['an http sector_identifier_uri', { ...pairwise, sector_identifier_uri: 'http://rp.example.test/sector.json' }, /sector_identifier_uri/],
    ['pairwise redirect URIs on two hosts without a sector_identifier_uri', { ...pairwise, sector_identifier_uri: undefined }, /several hosts/],
    ['an unknown subject_type', { redirect_uris: ['https://a.example.test/cb'], subject_type: 'random' }, /subject_type/],
  ])('%s is refused before any fetch', async (_, metadata, message) => {
    const body = await expectNothingStored(op, async () => expectOAuthError(await register(metadata), 400, 'invalid_client_metadata'))
    expect(body.error_description).toMatch(message)
  })

  test('a configured client whose document does not list its redirect URI gets an error redirect, no code', async () => {
    serveSector(['https://a.example.test/cb'])
    const fresh = createOp({ issuer: 'https://fresh.example.test', clients: [WITH_SECTOR] })
    msw.use(...fresh.handlers)
    const before = stored(fresh)
    const result = await authorize(fresh, authParams(WITH_SECTOR, { redirect_uri: 'https://b.example.test/cb' }))
    expect(result.location?.origin).toBe('https://b.example.test')
    expect(result.params.get('error')).toBe('invalid_request')
    expect(result.params.get('code')).toBeNull()
    expect(stored(fresh)).toEqual(before)
  })

  test('a configured client is checked at its first authorization, once; a registered one at registration, always, and not again at authorization', async () => {
    let fetched = 0
    msw.use(http.get(SECTOR_URI, () => (fetched++, HttpResponse.json(pairwise.redirect_uris))))
    const fresh = createOp({ issuer: 'https://registered.example.test', clients: [WITH_SECTOR] })
    msw.use(...fresh.handlers)
    // The configured client (construction is synchronous): its document is fetched lazily, then remembered.
    for (let i = 0; i < 2; i++) expect((await authorize(fresh, authParams(WITH_SECTOR))).params.get('code')).toBeTruthy()
    expect(fetched).toBe(1)
    const register = () => fetch(endpointUrl(fresh, 'registration'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...pairwise, redirect_uris: [pairwise.redirect_uris[1]], token_endpoint_auth_method: 'none' }) })
    const registered = await register()
    expect(registered.status).toBe(201)
    expect(fetched).toBe(2)
    const { client_id } = (await registered.json()) as { client_id: string }
    const code = await authorize(fresh, authParams({ client_id, redirect_uris: [pairwise.redirect_uris[1]!] }, { code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' }))
    expect(code.params.get('code')).toBeTruthy()
    expect(fetched).toBe(2)
    // Registration checks the document every time, remembered or not.
    expect((await register()).status).toBe(201)
    expect(fetched).toBe(3)
  })

  test('new Server refuses pairwise redirect URIs on several hosts without a sector_identifier_uri', () => {
    expect(() => createOp({ clients: [{ ...WITH_SECTOR, sector_identifier_uri: undefined }] })).toThrow(ConfigurationError)
  })
})
