/**
 * WebFinger issuer discovery: RFC 7033 §4 and OpenID Connect Discovery §2.
 */
import { describe, expect, test } from 'vitest'
import { createOp, expectOAuthError, ISSUER, useMsw } from './_helpers.js'

const op = createOp()
useMsw(op)

const REL = 'http://openid.net/specs/connect/1.0/issuer'
const WEBFINGER = 'https://op.example.test/.well-known/webfinger'

function webfinger(query: string, init?: RequestInit): Promise<Response> {
  return fetch(`${WEBFINGER}?${query}`, init)
}

describe('issuer discovery', () => {
  test('an acct: URI of a known user answers with the issuer link (Discovery §2)', async () => {
    const response = await webfinger(`resource=${encodeURIComponent('acct:alice@example.com')}&rel=${encodeURIComponent(REL)}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/jrd\+json/)
    expect(await response.json()).toEqual({ subject: 'acct:alice@example.com', links: [{ rel: REL, href: ISSUER }] })
  })

  test('Discovery §2.1 normalization: an e-mail address means acct:, a host means https', async () => {
    const byEmail = await (await webfinger(`resource=${encodeURIComponent('alice@example.com')}&rel=${encodeURIComponent(REL)}`)).json()
    expect(byEmail.subject).toBe('acct:alice@example.com')
    const byHost = await (await webfinger(`resource=op.example.test&rel=${encodeURIComponent(REL)}`)).json()
    expect(byHost).toEqual({ subject: 'https://op.example.test', links: [{ rel: REL, href: ISSUER }] })
  })

  test('a URL on the issuer host and acct:sub@host both resolve', async () => {
    for (const resource of ['https://op.example.test/users/alice', 'acct:bob@op.example.test']) {
      const response = await webfinger(`resource=${encodeURIComponent(resource)}`)
      expect(response.status, resource).toBe(200)
      expect((await response.json()).links).toEqual([{ rel: REL, href: ISSUER }])
    }
  })

  test('rel filters the links (RFC 7033 §4.3): another rel gets none', async () => {
    const response = await webfinger(`resource=${encodeURIComponent('acct:alice@example.com')}&rel=${encodeURIComponent('http://webfinger.net/rel/avatar')}`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ subject: 'acct:alice@example.com', links: [] })
  })

  test('rel may repeat (RFC 7033 §4.1)', async () => {
    const rels = ['http://webfinger.net/rel/avatar', REL].map((r) => `rel=${encodeURIComponent(r)}`).join('&')
    const response = await webfinger(`resource=${encodeURIComponent('acct:alice@example.com')}&${rels}`)
    expect(response.status).toBe(200)
    expect((await response.json()).links).toEqual([{ rel: REL, href: ISSUER }])
  })

  test('CORS: any origin may read it (RFC 7033 §5)', async () => {
    const response = await webfinger(`resource=${encodeURIComponent('acct:alice@example.com')}`, { headers: { origin: 'https://elsewhere.example' } })
    expect(response.headers.get('access-control-allow-origin')).toBe('https://elsewhere.example')
  })
})

describe('bad requests (RFC 7033 §4.2)', () => {
  test('a missing resource is 400', async () => {
    await expectOAuthError(await webfinger(`rel=${encodeURIComponent(REL)}`), 400, 'invalid_request')
    await expectOAuthError(await webfinger('resource='), 400, 'invalid_request')
  })

  test('a repeated resource is 400', async () => {
    await expectOAuthError(await webfinger('resource=acct%3Aalice%40example.com&resource=acct%3Abob%40op.example.test'), 400, 'invalid_request')
  })

  test('a malformed resource is 400', async () => {
    await expectOAuthError(await webfinger(`resource=${encodeURIComponent('https://[not-a-host')}`), 400, 'invalid_request')
  })

  test('an unknown user or another host is 404', async () => {
    await expectOAuthError(await webfinger(`resource=${encodeURIComponent('acct:nobody@example.com')}`), 404, 'not_found')
    await expectOAuthError(await webfinger(`resource=${encodeURIComponent('https://other.example/alice')}`), 404, 'not_found')
  })

  test('only GET', async () => {
    await expectOAuthError(await webfinger('resource=acct%3Aalice%40example.com', { method: 'POST' }), 405, 'invalid_request')
  })
})
