/**
 * `claimRules`: claims per client, scope or user, as JSON, in the ID token, the access token (JWT
 * and introspection) and UserInfo alike, seen through openid-client and oauth4webapi; precedence
 * against user claims, `extraTokenClaims`, `issueToken` and the protocol; bad rules refused.
 */
import * as oauth from 'oauth4webapi'
import * as client from 'openid-client'
import { beforeEach, describe, expect, test } from 'vitest'
import { ConfigurationError, Server, type ClaimRule, type ServerConfiguration } from '../../src/index.js'
import { claimsOf, codeFlow, createOp, introspect, ISSUER, REDIRECT_URI, SERVICE, tokenRequest, useMsw, userinfo, WEB } from './_helpers.js'

const RULES: ClaimRule[] = [
  { claims: { tenant: 'acme' } },
  { match: { client_id: 'web' }, claims: { roles: ['viewer'] } },
  { match: { scope: 'api:read' }, claims: { api: { read: true } }, targets: ['access_token'] },
  // Later rules win: alice is an admin, and her name is overridden wherever it goes.
  { match: { sub: 'alice' }, claims: { roles: ['admin'], name: 'Alice (rule)' } },
  { match: { login_hint: 'BOB@example.org' }, claims: { team: 'builders' } },
  { match: { client_id: 'service' }, claims: { machine: true }, targets: ['access_token'] },
  { match: { client_id: 'nobody' }, claims: { never: true } },
  { claims: { seen_in: 'userinfo' }, targets: ['userinfo'] },
]
const op = createOp({ claimRules: RULES })
const opaque = createOp({ issuer: 'https://opaque.example.test', accessToken: { format: 'opaque' }, claimRules: RULES })
const layered = createOp({
  issuer: 'https://layered.example.test',
  extraTokenClaims: () => ({ tenant: 'from-function', function_only: 1, groups: 'from-function' }),
  claimRules: [{ claims: { tenant: 'from-rule', rule_only: 2 } }],
  claims: { groups: ['groups'] },
  scopes: ['groups'],
  conformIdTokenClaims: false,
})
useMsw(op, opaque, layered)
beforeEach(() => op.reset())

/** The code flow of openid-client 6 against `issuer`, as `web`, auto login (by `login_hint` when given). */
async function signIn(issuer: string, scope: string, loginHint?: string) {
  const config = await client.discovery(new URL(issuer), 'web', undefined, client.ClientSecretBasic('s3cret'))
  const expectedNonce = client.randomNonce()
  const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope, nonce: expectedNonce, ...(loginHint ? { login_hint: loginHint } : {}) })
  const answer = await fetch(url, { redirect: 'manual' })
  const tokens = await client.authorizationCodeGrant(config, new URL(answer.headers.get('location')!), { expectedNonce, idTokenExpected: true })
  return { config, tokens }
}

describe('rules reach every place claims are read', () => {
  test('openid-client: ID token, JWT access token, UserInfo and introspection carry the rules of client, scope and sub', async () => {
    const { config, tokens } = await signIn(ISSUER, 'openid profile api:read')
    const idToken = tokens.claims()!
    expect(idToken).toMatchObject({ iss: ISSUER, sub: 'alice', aud: 'web', tenant: 'acme', roles: ['admin'], name: 'Alice (rule)' })
    expect(idToken).not.toHaveProperty('api')
    expect(idToken).not.toHaveProperty('never')
    expect(idToken).not.toHaveProperty('seen_in')

    expect(claimsOf(tokens.access_token)).toMatchObject({ sub: 'alice', client_id: 'web', tenant: 'acme', roles: ['admin'], api: { read: true } })

    const info = await client.fetchUserInfo(config, tokens.access_token, 'alice')
    expect(info).toMatchObject({ sub: 'alice', tenant: 'acme', roles: ['admin'], name: 'Alice (rule)', given_name: 'Alice', seen_in: 'userinfo' })
    expect(info).not.toHaveProperty('api')

    expect(await client.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true, sub: 'alice', tenant: 'acme', roles: ['admin'], api: { read: true } })
  })

  test('oauth4webapi: login_hint matches the user it names (email, any case); scope rules need the scope', async () => {
    const { tokens } = await signIn(ISSUER, 'openid email', 'bob@example.org')
    const as = await oauth.processDiscoveryResponse(new URL(ISSUER), await oauth.discoveryRequest(new URL(ISSUER)))
    const rs = await oauth.validateJwtAccessToken(as, new Request('https://api.example.test/', { headers: { authorization: `Bearer ${tokens.access_token}` } }), ISSUER)
    expect(rs).toMatchObject({ sub: 'bob', tenant: 'acme', roles: ['viewer'], team: 'builders' })
    expect(rs).not.toHaveProperty('api')
    const web: oauth.Client = { client_id: 'web' }
    const info = await oauth.processUserInfoResponse(as, web, 'bob', await oauth.userInfoRequest(as, web, tokens.access_token))
    expect(info).toMatchObject({ sub: 'bob', team: 'builders', roles: ['viewer'], email: 'bob@example.org' })
    const introspection = await oauth.processIntrospectionResponse(as, web, await oauth.introspectionRequest(as, web, oauth.ClientSecretBasic('s3cret'), tokens.access_token))
    expect(introspection).toMatchObject({ active: true, sub: 'bob', team: 'builders' })
  })

  test('opaque access tokens: introspection is where a resource server sees the rules', async () => {
    const { config, tokens } = await signIn('https://opaque.example.test', 'openid api:read')
    expect(tokens.access_token.split('.')).toHaveLength(1)
    expect(await client.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true, tenant: 'acme', roles: ['admin'], api: { read: true } })
  })

  test('discovery lists the claims rules can supply in claims_supported', async () => {
    const metadata = (await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()) as { claims_supported: string[] }
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['sub', 'email', 'tenant', 'roles', 'api', 'team', 'seen_in']))
    expect(new Set(metadata.claims_supported).size).toBe(metadata.claims_supported.length)
  })

  test('client_credentials: client rules apply, user rules do not', async () => {
    const response = await tokenRequest(op, SERVICE, { grant_type: 'client_credentials', scope: 'api:read' })
    const { access_token } = (await response.json()) as { access_token: string }
    expect(claimsOf(access_token)).toMatchObject({ sub: 'service', machine: true, tenant: 'acme', api: { read: true } })
    expect(claimsOf(access_token)).not.toHaveProperty('roles')
    expect(await introspect(op, access_token)).toMatchObject({ active: true, machine: true })
  })

  test('refresh tokens are not introspected with access token rules', async () => {
    const tokens = await codeFlow(op, WEB, { scope: 'openid offline_access' })
    const answer = await introspect(op, tokens.refresh_token!)
    expect(answer).toMatchObject({ active: true })
    expect(answer).not.toHaveProperty('tenant')
  })

  test('minted tokens (op.issueToken) follow the rules too, under the call’s own claims', async () => {
    const idToken = claimsOf(await op.issueToken({ client_id: 'web', sub: 'alice', token_type: 'id_token', claims: { extra: 1 } }))
    expect(idToken).toMatchObject({ sub: 'alice', tenant: 'acme', roles: ['admin'], extra: 1 })
    const access = await op.issueToken({ client_id: 'web', sub: 'alice', scope: 'openid', claims: { tenant: 'from-call' } })
    expect(claimsOf(access)).toMatchObject({ tenant: 'from-call', roles: ['admin'] })
    expect(await (await userinfo(op, access)).json()).toMatchObject({ sub: 'alice', tenant: 'acme', roles: ['admin'] })
  })
})

describe('precedence', () => {
  test('extraTokenClaims < user claims < rules < issueToken claims < protocol claims', async () => {
    const { config, tokens } = await signIn('https://layered.example.test', 'openid groups')
    // The function form still works in Node; a rule overrides it, a user's claim sits between.
    expect(tokens.claims()).toMatchObject({ tenant: 'from-rule', rule_only: 2, function_only: 1, groups: ['admins'] })
    expect(claimsOf(tokens.access_token)).toMatchObject({ tenant: 'from-rule', rule_only: 2, function_only: 1 })
    // UserInfo has rules, not the function (it never had).
    const info = await client.fetchUserInfo(config, tokens.access_token, 'alice')
    expect(info).toMatchObject({ tenant: 'from-rule', rule_only: 2, groups: ['admins'] })
    expect(info).not.toHaveProperty('function_only')
    const minted = claimsOf(await layered.issueToken({ client_id: 'web', sub: 'alice', claims: { tenant: 'from-call', iss: 'https://evil.example' } }))
    expect(minted).toMatchObject({ tenant: 'from-call', rule_only: 2, iss: 'https://layered.example.test' })
  })

  test('rules are configuration: they survive op.reset() and apply to a loaded snapshot, and later changes to the given objects do not reach the OP', async () => {
    const given: ClaimRule[] = [{ claims: { tenant: 'before' } }]
    const own = new Server({ issuer: 'https://own.example.test', claimRules: given, users: [{ sub: 'alice' }], clients: [{ ...WEB }] })
    given[0]!.claims.tenant = 'after'
    given.push({ claims: { added: true } })
    own.reset()
    const copy = new Server({ issuer: 'https://own.example.test', claimRules: [{ claims: { tenant: 'before' } }], clients: [{ ...WEB }] })
    copy.load(own.dump())
    for (const server of [own, copy]) {
      expect(claimsOf(await server.issueToken({ client_id: 'web', sub: 'alice' }))).toMatchObject({ tenant: 'before' })
      expect(claimsOf(await server.issueToken({ client_id: 'web', sub: 'alice' }))).not.toHaveProperty('added')
    }
  })

  test('a claim named __proto__ is an own claim and pollutes nothing', async () => {
    const own = new Server({ issuer: 'https://proto.example.test', claimRules: [{ claims: JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}') as ClaimRule['claims'] }], users: [{ sub: 'alice' }], clients: [{ ...WEB }] })
    const claims = claimsOf(await own.issueToken({ client_id: 'web', sub: 'alice' }))
    expect(Object.hasOwn(claims, '__proto__')).toBe(true)
    expect(claims.ok).toBe(1)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('bad rules are refused with the field named', () => {
  const base = { issuer: 'https://bad.example.test' }
  const many = Array.from({ length: 101 }, () => ({ claims: { a: 1 } }))
  let deep: unknown = 1
  for (let i = 0; i < 20; i++) deep = [deep]
  const cases: [string, string, unknown][] = [
    ['not an array', 'claimRules', { tenant: 'x' }],
    ['more than 100 rules', 'claimRules', many],
    ['more than 64 KiB', 'claimRules', [{ claims: { big: 'x'.repeat(70_000) } }]],
    ['a rule that is not an object', 'claimRules[0]', ['tenant']],
    ['an unknown member', 'claimRules[0].when', [{ when: {}, claims: {} }]],
    ['no claims', 'claimRules[0].claims', [{ match: { sub: 'alice' } }]],
    ['iss', 'claimRules[1].claims.iss', [{ claims: {} }, { claims: { iss: 'https://evil.example' } }]],
    ['sub', 'claimRules[0].claims.sub', [{ claims: { sub: 'mallory' } }]],
    ['nonce', 'claimRules[0].claims.nonce', [{ claims: { nonce: 'n' } }]],
    ['at_hash', 'claimRules[0].claims.at_hash', [{ claims: { at_hash: 'x' } }]],
    ['exp', 'claimRules[0].claims.exp', [{ claims: { exp: 1 } }]],
    ['active', 'claimRules[0].claims.active', [{ claims: { active: false } }]],
    ['a function', 'claimRules[0].claims.f', [{ claims: { f: () => 1 } }]],
    ['NaN', 'claimRules[0].claims.n[0]', [{ claims: { n: [Number.NaN] } }]],
    ['a Date', 'claimRules[0].claims.when', [{ claims: { when: new Date() } }]],
    ['too deep', `claimRules[0].claims.deep${'[0]'.repeat(17)}`, [{ claims: { deep } }]],
    ['an unknown match member', 'claimRules[0].match.user', [{ match: { user: 'alice' }, claims: {} }]],
    ['an empty match value', 'claimRules[0].match.client_id', [{ match: { client_id: '' }, claims: {} }]],
    ['a match list of numbers', 'claimRules[0].match.scope', [{ match: { scope: [1] }, claims: {} }]],
    ['match not an object', 'claimRules[0].match', [{ match: 'web', claims: {} }]],
    ['an unknown target', 'claimRules[0].targets[1]', [{ claims: {}, targets: ['id_token', 'logout_token'] }]],
    ['no target', 'claimRules[0].targets', [{ claims: {}, targets: [] }]],
  ]
  test.each(cases)('%s → %s', (_name, field, claimRules) => {
    let caught: unknown
    try {
      new Server({ ...base, claimRules } as ServerConfiguration)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ConfigurationError)
    expect((caught as ConfigurationError).field).toBe(field)
  })
})
