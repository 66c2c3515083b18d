/**
 * The code flow's three requests answered by a stub, through msw and without it: what msw itself
 * costs for requests of that shape (a redirect, a form POST answered with JSON, a GET with a bearer
 * token answered with JSON), whatever answers them. `--ab` shows it beside the msw layer of the flow;
 * the floor (floor.ts) measures its time and CPU time, also over loopback to a `node:http` stub.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { http } from 'msw'
import type { Fetch } from './flow.js'

const STUB = 'https://stub.example.test'
// The headers the OP's answers carry (RFC 6749 §5.1's no-store, CORS, nosniff).
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache', 'x-content-type-options': 'nosniff' }
const JSON_HEADERS = {
  ...NO_STORE,
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'WWW-Authenticate, Location, DPoP-Nonce',
  'content-type': 'application/json; charset=utf-8',
}
const json = (body: object): Response => new Response(JSON.stringify(body), { headers: JSON_HEADERS })
const TOKENS = { access_token: 'a'.repeat(770), token_type: 'Bearer', expires_in: 3600, id_token: 'i'.repeat(700), scope: 'openid profile' }
const USERINFO = { sub: 'alice', name: 'Alice Example' }
const LOCATION = `https://rp.example.test/cb?code=${'c'.repeat(43)}&session_state=${'s'.repeat(81)}&state=${'s'.repeat(43)}&iss=${encodeURIComponent('https://stub.example.test')}`

/** The stub: sizes and headers like the OP's answers, no work behind them. */
async function answer(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname
  if (path === '/authorize') return new Response(null, { status: 302, headers: { ...NO_STORE, location: LOCATION } })
  if (path === '/token') return (await request.text(), json(TOKENS))
  return json(USERINFO)
}

/** The msw handler of the stub. */
export const stubHandler = http.all(new RegExp(`^${STUB.replace(/\./g, '\\.')}/`), ({ request }) => answer(request))

/** The stub without msw. */
export const stubDirect: Fetch = (url, init) => answer(new Request(url, init))

/** A `node:http` stub on 127.0.0.1 with the same answers, written straight to the socket (the peers' and `serve`'s transport). */
export async function startStubLoopback(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = req.url!.split('?', 1)[0]
    if (path === '/authorize') {
      res.writeHead(302, { ...NO_STORE, location: LOCATION }).end()
      return
    }
    const body = JSON.stringify(path === '/token' ? TOKENS : USERINFO)
    // The form POST is read to its end before the answer, as an OP reads it.
    req.resume()
    req.on('end', () => res.writeHead(200, JSON_HEADERS).end(body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

/** The flow's three requests, shaped as src/flow.ts sends them, to the stub at `base`. */
export async function stubFlow(fetch: Fetch, base = STUB): Promise<void> {
  const query = `client_id=bench&redirect_uri=${encodeURIComponent('https://rp.example.test/cb')}&response_type=code&scope=openid+profile&state=${'s'.repeat(43)}&nonce=${'n'.repeat(43)}&code_challenge=${'p'.repeat(43)}&code_challenge_method=S256`
  await (await fetch(`${base}/authorize?${query}`, { redirect: 'manual' })).arrayBuffer()
  const token = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${btoa('bench:bench-secret')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=authorization_code&code=${'c'.repeat(43)}&redirect_uri=${encodeURIComponent('https://rp.example.test/cb')}&code_verifier=${'v'.repeat(43)}`,
  })
  const { access_token } = (await token.json()) as { access_token: string }
  await (await fetch(`${base}/userinfo`, { headers: { authorization: `Bearer ${access_token}` } })).json()
}
