/**
 * The one client script that drives every subject: an authorization code flow with PKCE
 * (authorize → token → userinfo) and a client_credentials grant, written against `fetch` only.
 *
 * It does what a test's relying party does and no more: it follows the OP's redirects (carrying
 * cookies, for OPs that keep a login session in one) until the OP redirects to the client, then
 * redeems the code, checks `state` and the ID token's `nonce` (decoded, not verified: the clients
 * of the research notes verify no signature in the code flow), and calls UserInfo.
 */
import { createHash, randomBytes } from 'node:crypto'

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>

/** The fetch of Node itself, taken before msw patches `globalThis.fetch`: peers are reached with it. */
export const directFetch: Fetch = globalThis.fetch.bind(globalThis)

export interface BenchClient {
  client_id: string
  client_secret: string
  redirect_uri: string
}

export const CLIENT: BenchClient = { client_id: 'bench', client_secret: 'bench-secret', redirect_uri: 'https://rp.example.test/cb' }
/** The bench client as RFC 7591 metadata, registered the same way at every subject that checks clients. */
export const CLIENT_METADATA = {
  client_id: CLIENT.client_id,
  client_secret: CLIENT.client_secret,
  redirect_uris: [CLIENT.redirect_uri],
  grant_types: ['authorization_code', 'client_credentials'],
  token_endpoint_auth_method: 'client_secret_basic' as const,
}
export const USER = { sub: 'alice', name: 'Alice Example', email: 'alice@example.com' }
export const SCOPE = 'openid profile'

/** Where a subject answers, and how requests reach it. */
export interface Target {
  fetch: Fetch
  client: BenchClient
  endpoints: { authorization_endpoint: string; token_endpoint: string; userinfo_endpoint: string; jwks_uri: string }
}

/** Reads the discovery document. */
export async function discover(fetch: Fetch, issuer: string): Promise<Target['endpoints']> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`)
  if (response.status !== 200) throw new Error(`discovery answered ${response.status}`)
  const metadata = (await response.json()) as Record<string, string>
  return {
    authorization_endpoint: metadata.authorization_endpoint!,
    token_endpoint: metadata.token_endpoint!,
    userinfo_endpoint: metadata.userinfo_endpoint!,
    jwks_uri: metadata.jwks_uri!,
  }
}

/** A user agent's cookies, with their paths (enough for an OP's session and interaction cookies). */
export class CookieJar {
  readonly #cookies = new Map<string, { value: string; path: string }>()

  header(url: string): Record<string, string> {
    if (this.#cookies.size === 0) return {}
    const { pathname } = new URL(url)
    const pairs: string[] = []
    for (const [name, { value, path }] of this.#cookies) if (pathname.startsWith(path)) pairs.push(`${name}=${value}`)
    return pairs.length ? { cookie: pairs.join('; ') } : {}
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';')
      const at = pair.indexOf('=')
      const name = pair.slice(0, at).trim()
      const value = pair.slice(at + 1).trim()
      let path = '/'
      let gone = value === ''
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=')
        const k = key.trim().toLowerCase()
        if (k === 'path') path = val.trim() || '/'
        else if (k === 'max-age' && Number(val) <= 0) gone = true
        else if (k === 'expires' && Date.parse(val) <= Date.now()) gone = true
      }
      if (gone) this.#cookies.delete(name)
      else this.#cookies.set(name, { value, path })
    }
  }
}

export interface FlowResult {
  /** HTTP requests from the authorization request to the redirect to the client. */
  authorizeRequests: number
}

const random = (bytes = 16): string => randomBytes(bytes).toString('base64url')

/** One authorization code flow with PKCE; throws unless every step answered as the spec asks. */
export async function codeFlow(target: Target, jar: CookieJar): Promise<FlowResult> {
  const { client, endpoints } = target
  const verifier = random(32)
  const state = random()
  const nonce = random()
  const authorize = new URL(endpoints.authorization_endpoint)
  authorize.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: client.redirect_uri,
    response_type: 'code',
    scope: SCOPE,
    state,
    nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString()

  // Authorize: follow the OP's own redirects until it sends the user agent back to the client.
  let url = authorize.href
  let callback: URL | undefined
  let authorizeRequests = 0
  while (!callback) {
    if (++authorizeRequests > 6) throw new Error('the OP never redirected to the client')
    const response = await target.fetch(url, { redirect: 'manual', headers: jar.header(url) })
    jar.store(response)
    await response.arrayBuffer()
    const location = response.headers.get('location')
    if (response.status < 300 || response.status > 399 || !location) throw new Error(`authorize answered ${response.status} at ${url}`)
    const next = new URL(location, url)
    if (next.href.startsWith(client.redirect_uri)) callback = next
    else url = next.href
  }
  const code = callback.searchParams.get('code')
  if (!code || callback.searchParams.get('state') !== state) throw new Error(`bad authorization response ${callback.href}`)

  // Token.
  const tokenResponse = await target.fetch(endpoints.token_endpoint, {
    method: 'POST',
    headers: { authorization: basic(client), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: client.redirect_uri, code_verifier: verifier }).toString(),
  })
  const tokens = (await tokenResponse.json()) as { access_token?: string; id_token?: string; error?: string }
  if (tokenResponse.status !== 200 || !tokens.access_token || !tokens.id_token) {
    throw new Error(`token answered ${tokenResponse.status} ${JSON.stringify(tokens)}`)
  }
  const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1]!, 'base64url').toString()) as { nonce?: string; sub?: string }
  if (claims.nonce !== nonce) throw new Error('the ID token does not carry the nonce')

  // UserInfo.
  const userinfo = await target.fetch(endpoints.userinfo_endpoint, { headers: { authorization: `Bearer ${tokens.access_token}` } })
  const info = (await userinfo.json()) as { sub?: string }
  if (userinfo.status !== 200 || info.sub !== claims.sub) throw new Error(`userinfo answered ${userinfo.status} ${JSON.stringify(info)}`)
  return { authorizeRequests }
}

/** Reads the JWK Set (what a relying party needs before it can verify a token). */
export async function fetchJwks(target: Target): Promise<void> {
  const response = await target.fetch(target.endpoints.jwks_uri)
  const body = (await response.json()) as { keys?: unknown[] }
  if (response.status !== 200 || !body.keys?.length) throw new Error(`jwks answered ${response.status}`)
}

/** One client_credentials grant. */
export async function clientCredentials(target: Target): Promise<void> {
  const response = await target.fetch(target.endpoints.token_endpoint, {
    method: 'POST',
    headers: { authorization: basic(target.client), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  })
  const body = (await response.json()) as { access_token?: string }
  if (response.status !== 200 || !body.access_token) throw new Error(`client_credentials answered ${response.status} ${JSON.stringify(body)}`)
}

function basic(client: BenchClient): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(client.client_id)}:${encodeURIComponent(client.client_secret)}`).toString('base64')}`
}
