/**
 * Shared by the Node suite: fixed keys and clients, one msw server per file, requests as an RP
 * sends them, and the "nothing stored" check that compares the OP's state before and after.
 */
import { createLocalJWKSet, jwtVerify, type JWK, type JWTPayload, type JWTVerifyOptions } from 'jose'
import { setupServer, type SetupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { Server, type ClientMetadata, type OPState, type ServerConfiguration, type SigningAlg } from '../../src/index.js'
import { OP_KEYS } from './_keys.js'

export const ISSUER = 'https://op.example.test'
export const RP = 'https://rp.example.test'
export const REDIRECT_URI = `${RP}/cb`
export const POST_LOGOUT_URI = `${RP}/logged-out`

/** A test client: its metadata, and what it needs to authenticate. */
export type TestClient = ClientMetadata & { client_id: string; redirect_uris?: string[] }

/** A confidential web client, client_secret_basic (the secret has characters Basic must form-encode). */
export const WEB: TestClient = {
  client_id: 'web',
  client_secret: 's3cret',
  client_name: 'Web App',
  redirect_uris: [REDIRECT_URI],
  post_logout_redirect_uris: [POST_LOGOUT_URI],
  grant_types: ['authorization_code', 'refresh_token'],
  token_endpoint_auth_method: 'client_secret_basic',
}

/** A confidential client that sends its secret in the body. */
export const POST_CLIENT: TestClient = {
  client_id: 'poster',
  client_secret: 'p0st-secret',
  redirect_uris: [`${RP}/post-cb`],
  grant_types: ['authorization_code', 'refresh_token'],
  token_endpoint_auth_method: 'client_secret_post',
}

/** A public client (a SPA): no secret, PKCE required. */
export const SPA: TestClient = {
  client_id: 'spa',
  redirect_uris: [`${RP}/spa-cb`],
  post_logout_redirect_uris: [`${RP}/spa-logged-out`],
  grant_types: ['authorization_code', 'refresh_token'],
  token_endpoint_auth_method: 'none',
}

/** A client acting for itself. */
export const SERVICE: TestClient = {
  client_id: 'service',
  client_secret: 'svc-secret',
  grant_types: ['client_credentials'],
  token_endpoint_auth_method: 'client_secret_post',
  scope: 'api:read api:write',
}

export const ALICE = {
  sub: 'alice',
  name: 'Alice Example',
  given_name: 'Alice',
  family_name: 'Example',
  preferred_username: 'alice',
  email: 'alice@example.com',
  email_verified: true,
  address: { street_address: '1 Main St', locality: 'Springfield', country: 'US' },
  phone_number: '+1 555 0100',
  phone_number_verified: false,
  birthdate: '1990-01-01',
  groups: ['admins'],
}
export const BOB = { sub: 'bob', name: 'Bob Builder', email: 'bob@example.org' }

/** The public part of a test key (for a client's registered `jwks`). */
export function publicJwk(key: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = key
  return pub
}

/** The OP's signing keys for `algs`, from the fixed test keys (no key generation). */
export function opJwks(...algs: SigningAlg[]): { keys: object[] } {
  const wanted = algs.length ? algs : (['RS256', 'ES256'] as SigningAlg[])
  return { keys: wanted.map((alg) => ({ ...OP_KEYS[alg] })) }
}

/**
 * A clock that stands still unless moved with `op.clock.advance()`: iat, exp and auth_time
 * arithmetic stays exact however long a request takes.
 */
export function frozenClock(at = Date.now()): () => number {
  return () => at
}

/** An OP with the test clients and users and fixed keys; `overrides` replace top-level options. */
export function createOp(overrides: Partial<ServerConfiguration> = {}): Server {
  return new Server({
    issuer: ISSUER,
    clients: [WEB, POST_CLIENT, SPA, SERVICE],
    users: [ALICE, BOB],
    scopes: ['api:read', 'api:write'],
    jwks: opJwks() as ServerConfiguration['jwks'],
    // The suites introspect tokens of other clients as resource servers would (issue 9: off by default).
    introspection: { allowAll: true },
    ...overrides,
  })
}

/**
 * One msw server for the file, with the handlers of the OPs (each its own issuer) and
 * `onUnhandledRequest: 'error'`. Handlers added in a test with `msw.use()` are removed after it.
 */
export function useMsw(...ops: Server[]): SetupServer {
  const msw = setupServer(...ops.flatMap((op) => op.handlers))
  beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => msw.resetHandlers())
  afterAll(() => msw.close())
  return msw
}

export function endpointUrl(op: Server, name: string): string {
  const endpoint = op.serverGet('endpoint', name)
  if (!endpoint) throw new Error(`endpoint ${name} is not enabled`)
  return endpoint.url()
}

// Requests ---------------------------------------------------------------------------------------

export type FormInput = Record<string, string | string[] | undefined>

export function form(input: FormInput): URLSearchParams {
  const out = new URLSearchParams()
  for (const [name, value] of Object.entries(input)) {
    if (value === undefined) continue
    for (const item of Array.isArray(value) ? value : [value]) out.append(name, item)
  }
  return out
}

/** A form-encoded POST. */
export function postForm(url: string, body: FormInput, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form(body),
    redirect: 'manual',
  })
}

/** The `Authorization: Basic` header of RFC 6749 §2.3.1 (id and secret form-encoded). */
export function basic(id: string, secret: string): Record<string, string> {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+')
  return { authorization: `Basic ${btoa(`${encode(id)}:${encode(secret)}`)}` }
}

/** What a client sends to authenticate, by its registered method (secret methods and none). */
export function credentials(client: TestClient): { headers: Record<string, string>; body: Record<string, string> } {
  switch (client.token_endpoint_auth_method ?? 'client_secret_basic') {
    case 'client_secret_basic':
      return { headers: basic(client.client_id, client.client_secret!), body: {} }
    case 'client_secret_post':
      return { headers: {}, body: { client_id: client.client_id, client_secret: client.client_secret! } }
    case 'none':
      return { headers: {}, body: { client_id: client.client_id } }
    default:
      throw new Error(`credentials(): use a client assertion for ${client.token_endpoint_auth_method}`)
  }
}

/** A POST to an endpoint of `op`, authenticated as `client`. */
export function clientPost(op: Server, endpoint: string, client: TestClient, body: FormInput, headers: Record<string, string> = {}): Promise<Response> {
  const auth = credentials(client)
  return postForm(endpointUrl(op, endpoint), { ...auth.body, ...body }, { ...auth.headers, ...headers })
}

export function tokenRequest(op: Server, client: TestClient, body: FormInput): Promise<Response> {
  return clientPost(op, 'token', client, body)
}

// Authorization ----------------------------------------------------------------------------------

export interface AuthorizeResult {
  response: Response
  status: number
  location?: URL
  /** The response parameters, from the query, the fragment or the form_post page. */
  params: URLSearchParams
  html?: string
}

/** Sends an authorization request (GET unless said) and reads where it leads, without following. */
export async function authorize(
  op: Server,
  params: FormInput,
  init: { method?: 'GET' | 'POST'; headers?: Record<string, string> } = {},
): Promise<AuthorizeResult> {
  const url = new URL(endpointUrl(op, 'authorization'))
  let response: Response
  if (init.method === 'POST') {
    response = await postForm(url.href, params, init.headers)
  } else {
    url.search = form(params).toString()
    response = await fetch(url, { redirect: 'manual', ...(init.headers ? { headers: init.headers } : {}) })
  }
  return readAuthorizationResponse(response)
}

export async function readAuthorizationResponse(response: Response): Promise<AuthorizeResult> {
  const header = response.headers.get('location')
  if (header) {
    const location = new URL(header)
    const params = location.hash ? new URLSearchParams(location.hash.slice(1)) : location.searchParams
    return { response, status: response.status, location, params }
  }
  const type = response.headers.get('content-type') ?? ''
  if (type.startsWith('text/html')) {
    const html = await response.text()
    return { response, status: response.status, params: hiddenInputs(html), html }
  }
  return { response, status: response.status, params: new URLSearchParams() }
}

/** The hidden inputs of an HTML page (the form_post page, the logout confirmation). */
export function hiddenInputs(html: string): URLSearchParams {
  const out = new URLSearchParams()
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    out.append(unescapeHtml(name!), unescapeHtml(value!))
  }
  return out
}

function unescapeHtml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!)
}

/** The `action` of the first form of a page. */
export function formAction(html: string): string {
  const found = /<form method="post" action="([^"]*)"/.exec(html)
  if (!found) throw new Error('the page has no form')
  return unescapeHtml(found[1]!)
}

/** An RFC 7636 S256 pair. */
export async function pkce(): Promise<{ verifier: string; challenge: string }> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)))
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))
  return { verifier, challenge: base64url(new Uint8Array(digest)) }
}

export function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url')
}

export function randomState(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(12)))
}

/** The usual parameters of a code request of `client`. */
export function authParams(client: TestClient, extra: FormInput = {}): FormInput {
  return { client_id: client.client_id, redirect_uri: client.redirect_uris![0], response_type: 'code', scope: 'openid', state: randomState(), ...extra }
}

export interface CodeResult {
  code: string
  state: string | undefined
  verifier?: string
  redirect_uri: string
  params: URLSearchParams
}

/** Gets a code (auto login), with PKCE when `usePkce` (always for public clients). */
export async function getCode(op: Server, client: TestClient, extra: FormInput = {}, usePkce = client.token_endpoint_auth_method === 'none'): Promise<CodeResult> {
  const pair = usePkce ? await pkce() : undefined
  const request = authParams(client, { ...(pair ? { code_challenge: pair.challenge, code_challenge_method: 'S256' } : {}), ...extra })
  const result = await authorize(op, request)
  const code = result.params.get('code')
  if (!code) throw new Error(`no code: ${result.status} ${result.params.toString()} ${result.html ?? ''}`)
  return {
    code,
    state: request.state as string | undefined,
    ...(pair ? { verifier: pair.verifier } : {}),
    redirect_uri: request.redirect_uri as string,
    params: result.params,
  }
}

export interface Tokens {
  access_token: string
  token_type: string
  expires_in: number
  scope: string
  id_token?: string
  refresh_token?: string
}

/** Redeems a code of `getCode`. */
export async function redeem(op: Server, client: TestClient, got: CodeResult, extra: FormInput = {}): Promise<Response> {
  return tokenRequest(op, client, {
    grant_type: 'authorization_code',
    code: got.code,
    redirect_uri: got.redirect_uri,
    ...(got.verifier ? { code_verifier: got.verifier } : {}),
    ...extra,
  })
}

/** A whole code flow; returns the token response. */
export async function codeFlow(op: Server, client: TestClient = WEB, extra: FormInput = {}): Promise<Tokens> {
  const got = await getCode(op, client, extra)
  const response = await redeem(op, client, got)
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${await response.text()}`)
  return (await response.json()) as Tokens
}

// Checks -----------------------------------------------------------------------------------------

/** Asserts an RFC 6749 §5.2 JSON error and returns its body. */
export async function expectOAuthError(response: Response, status: number, error: string): Promise<{ error: string; error_description: string }> {
  const body = await response.text()
  expect({ status: response.status, body }).toMatchObject({ status })
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  const parsed = JSON.parse(body) as { error: string; error_description: string }
  expect(parsed.error).toBe(error)
  expect(parsed.error_description).toBeTypeOf('string')
  return parsed
}

/** Asserts the OP's error page: HTML, the status, and no redirect. */
export async function expectErrorPage(answer: Response | AuthorizeResult, status: number, error?: string): Promise<string> {
  const response = answer instanceof Response ? answer : answer.response
  expect(response.status).toBe(status)
  expect(response.headers.get('location')).toBeNull()
  expect(response.headers.get('content-type')).toMatch(/^text\/html/)
  const html = answer instanceof Response ? await response.text() : answer.html!
  if (error) expect(html).toContain(`<code>${error}</code>`)
  return html
}

const STORED = ['clients', 'users', 'sessions', 'agent_session', 'interactions', 'grants', 'codes', 'tokens', 'assertion_jtis', 'dpop_jtis', 'dpop_nonces', 'consents', 'pushed_requests'] as const
export type StoredPart = (typeof STORED)[number]

/** The parts of the state that a request can write (not the keys). */
export function stored(op: Server): Pick<OPState, StoredPart> {
  const state = op.dump()
  return Object.fromEntries(STORED.map((part) => [part, state[part]])) as Pick<OPState, StoredPart>
}

/** Runs `action` and asserts it changed nothing in the OP's state. */
export async function expectNothingStored<T>(op: Server, action: () => Promise<T>): Promise<T> {
  const before = stored(op)
  const result = await action()
  expect(stored(op)).toEqual(before)
  return result
}

/** Verifies a JWT of `op` against its published JWKS, by its clock. */
export async function verifyWithJwks(op: Server, jwt: string, options: JWTVerifyOptions = {}): Promise<{ payload: JWTPayload; header: { alg: string; kid?: string; typ?: string } }> {
  const metadata = (await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json()) as { jwks_uri: string }
  const jwks = await (await fetch(metadata.jwks_uri)).json()
  const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), { issuer: op.issuer, currentDate: op.clock.date(), ...options })
  return { payload, header: protectedHeader as { alg: string; kid?: string; typ?: string } }
}

/** Decodes a JWT's payload without verifying it. */
export function claimsOf(jwt: string): JWTPayload {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as JWTPayload
}

export function headerOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>
}

/** The UserInfo response for an access token (GET, Bearer header). */
export function userinfo(op: Server, accessToken: string): Promise<Response> {
  return fetch(endpointUrl(op, 'userinfo'), { headers: { authorization: `Bearer ${accessToken}` } })
}

/** Introspects a token as the web client; returns the JSON. */
export async function introspect(op: Server, token: string, client: TestClient = WEB): Promise<Record<string, unknown>> {
  const response = await clientPost(op, 'introspection', client, { token })
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown>
}
