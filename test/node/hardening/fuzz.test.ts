/**
 * Issue 9's proof: generated requests over every endpoint of two OPs (automatic login with agent
 * sessions; login pages with cookie sessions). For each, `op.handle` resolves, never with a 5xx,
 * and a refused request (status ≥ 400) leaves `op.dump()` exactly as it was. Seeded: set
 * FUZZ_SEED to replay a run; a failure prints its seed and the shrunk request.
 */
import fc from 'fast-check'
import { expect, test, vi } from 'vitest'
import type { Server } from '../../../src/index.js'
import { base64url, basic, createOp, frozenClock, ISSUER, REDIRECT_URI, WEB } from '../_helpers.js'

const SEED = Number(process.env.FUZZ_SEED ?? 90_2026)
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000)

const auto = createOp({ clock: frozenClock(1_800_000_000_000), claimRules: [{ claims: { tenant: 'acme' } }, { match: { login_hint: ['__proto__', 'alice'], scope: 'openid' }, claims: { roles: ['admin'] } }] })
const pages = createOp({ issuer: 'https://pages.example.test', interaction: 'login', sessionBinding: 'cookie', clock: frozenClock(1_800_000_000_000) })

const PROTO = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype']
const PARAMS = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code', 'grant_type', 'refresh_token', 'token', 'token_type_hint', 'request_uri', 'claims', 'id_token_hint', 'prompt', 'login_hint', 'code_challenge', 'code_challenge_method', 'code_verifier', 'action', 'sub', 'csrf', 'resource', 'rel', 'post_logout_redirect_uri', 'client_assertion', 'client_assertion_type', 'client_secret', 'max_age', 'response_mode', 'dpop_jkt', 'user_code', 'device_code', 'auth_req_id', 'access_token', 'op_browser_state', 'sid', 'logout_hint', 'authorization_details', 'display', 'claims_locales', 'ui_locales', 'request']
const ESCAPES = ['%ZZ', '%', '%E0%A4%A', '%00', '%C0%AF', '..', '%2F', '\u00e9', '%F0%9F%98%80', 'web', '__proto__']

const b64 = (value: unknown): string => base64url(new TextEncoder().encode(JSON.stringify(value)))
const weird = fc.constantFrom('ES256\n', 'RS256\u0000', 'x\u0100y', '"\\', 'ES256', 'none', 'G\r\nET', '\u2028')
const value = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('web', 'spa', 'poster', 'service', 's3cret', REDIRECT_URI, 'code', 'openid', 'openid offline_access', 'authorization_code', 'client_credentials', 'refresh_token', 'none', 'login', 'logout', 'cancel', 'alice', '__proto__', 'S256', '{"id_token":{"__proto__":{"sub":{"value":"bob"}}}}', '{"userinfo":null}', 'acct:alice@op.example.test', 'form_post', 'code id_token', 'id_token token', 'token id_token code', 'jwt', 'query.jwt', 'fragment.jwt', 'form_post.jwt', 'select_account', '[{"type":"__proto__"}]', '[{"type":"x","actions":{}}]', 'https://api.example.test/', 'create') },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 120_000 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(weird, weird).map(([alg, htm]) => `${b64({ typ: 'dpop+jwt', alg, jwk: { kty: 'EC' } })}.${b64({ htm, htu: alg, jti: 'j', iat: 1 })}.c2ln`) },
  // Request objects (RFC 9101): unsigned or with a bogus signature, for a client that registered none.
  { weight: 1, arbitrary: fc.tuple(weird, weird, fc.boolean()).map(([alg, iss, signed]) => `${b64({ alg, typ: 'oauth-authz-req+jwt' })}.${b64({ iss, aud: ISSUER, client_id: 'web', response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid', jti: iss })}.${signed ? 'c2ln' : ''}`) },
)
const params = fc.array(fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PARAMS) }, { weight: 2, arbitrary: fc.constantFrom(...PROTO) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }), value), { maxLength: 8 })
const endpointPaths = [...new Set([auto, pages].flatMap((op) => [...op.serverGet('endpoints').values()].map((e) => e.path.replace(/^\//, ''))))]
const path = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...endpointPaths) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...endpointPaths), fc.constantFrom(...ESCAPES)).map(([p, e]) => p.replace(/:[a-z_]+/i, e)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('register', 'interaction', 'device', '.well-known'), fc.constantFrom(...ESCAPES)).map(([p, e]) => `${p}/${e}`) },
)
const headers = fc.record(
  {
    authorization: fc.oneof(fc.constant(basic(WEB.client_id, WEB.client_secret!).authorization!), fc.string({ maxLength: 30 }).map((s) => `Basic ${btoa(s.replace(/[^\x00-\xff]/g, '?'))}`), fc.constantFrom('Bearer abc', 'DPoP abc', 'Bearer', 'Basic %%%')),
    dpop: value.filter((v) => /^[\x20-\x7e]*$/.test(v) && v.length < 10_000),
    origin: fc.constantFrom('https://evil.example.test', ISSUER, 'null'),
    'sec-fetch-site': fc.constantFrom('cross-site', 'same-origin', 'none'),
    cookie: fc.constantFrom('op_session=forged', 'op_session=', 'x=1; op_session=__proto__'),
    'content-type': fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'application/x-www-form-urlencoded; charset=utf-8'),
  },
  { requiredKeys: [] },
)
const request = fc.record({
  which: fc.boolean(),
  method: fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'),
  path,
  query: params,
  body: params,
  json: fc.boolean(),
  headers,
})

type GeneratedRequest = typeof request extends fc.Arbitrary<infer T> ? T : never

function toRequest(op: Server, r: GeneratedRequest): Request {
  const url = `${op.issuer}/${r.path}${r.query.length ? `?${new URLSearchParams(r.query)}` : ''}`
  const hasBody = r.method !== 'GET' && r.method !== 'HEAD'
  const body = hasBody ? (r.json ? JSON.stringify(Object.fromEntries(r.body)) : new URLSearchParams(r.body).toString()) : null
  return new Request(url, { method: r.method, headers: r.headers as Record<string, string>, body })
}

test(`${RUNS} generated requests: never a throw or a 5xx, and a refusal changes nothing`, async () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
  const statuses = new Map<number, number>()
  try {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const op = r.which ? auto : pages
        const before = JSON.stringify(op.dump())
        const response = await op.handle(toRequest(op, r))
        await response.arrayBuffer()
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
        expect(response.status).toBeLessThan(500)
        if (response.status >= 400) expect(JSON.stringify(op.dump())).toBe(before)
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false, reporter: (details) => {
        if (details.failed) throw new Error(`fuzz failed with FUZZ_SEED=${details.seed} (path ${details.counterexamplePath}): ${fc.stringify(details.counterexample)}\n${details.errorInstance}`)
      } },
    )
  } finally {
    logged.mockRestore()
  }
  expect(logged).not.toHaveBeenCalled()
  if (process.env.FUZZ_VERBOSE) console.log(Object.fromEntries(statuses))
  // The run reached past the first checks: successes and refusals of several kinds.
  expect([...statuses.keys()].filter((s) => s < 400).length).toBeGreaterThanOrEqual(2)
  expect([...statuses.keys()].filter((s) => s >= 400).length).toBeGreaterThan(3)
}, 60_000)
