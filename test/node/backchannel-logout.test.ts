/**
 * Back-channel logout (OpenID Connect Back-Channel Logout 1.0): the logout token POSTed to every
 * RP of an ending session, received here by msw handlers and verified with jose against the
 * OP's JWKS; RPs that are down, slow or without a URI never affect the logout.
 */
import { compactDecrypt, createRemoteJWKSet, decodeProtectedHeader, importJWK, jwtVerify, type JWK, type JWTPayload } from 'jose'
import { delay, http, HttpResponse } from 'msw'
import { beforeEach, describe, expect, test } from 'vitest'
import { createBackchannelLogoutAddOn } from '../../src/add-ons/backchannel-logout/index.js'
import type { OPEvent } from '../../src/index.js'
import { CLIENT_KEYS } from './_keys.js'
import { codeFlow, createOp, ISSUER, POST_LOGOUT_URI, publicJwk, RP, SPA, useMsw, WEB, type TestClient } from './_helpers.js'

const BC_URI = `${RP}/backchannel-logout`
const SID_URI = `${RP}/backchannel-logout-sid`
const EVENT = 'http://schemas.openid.net/event/backchannel-logout'
const BC_WEB: TestClient = { ...WEB, backchannel_logout_uri: BC_URI }
const BC_SID: TestClient = { ...SPA, backchannel_logout_uri: SID_URI, backchannel_logout_session_required: true }

const op = createOp({ clients: [BC_WEB, BC_SID] })
const msw = useMsw(op)
const jwks = createRemoteJWKSet(new URL(`${ISSUER}/jwks`))
beforeEach(() => {
  op.reset()
  op.clock.reset()
  op.installAddOn(createBackchannelLogoutAddOn({ timeout: 200 }))
})

interface Received {
  url: string
  contentType: string | null
  token: string
}

/** An RP at `url` that records what it receives, answering `status`; `next` resolves on the first POST. */
function receiver(url: string, status = 200): { received: Received[]; next: Promise<Received> } {
  const received: Received[] = []
  let arrived: (value: Received) => void = () => undefined
  const next = new Promise<Received>((resolve) => (arrived = resolve))
  msw.use(
    http.post(url, async ({ request }) => {
      const body = new URLSearchParams(await request.text())
      const got = { url: request.url, contentType: request.headers.get('content-type'), token: body.get('logout_token') ?? '' }
      received.push(got)
      arrived(got)
      return new HttpResponse(null, { status })
    }),
  )
  return { received, next }
}

async function verifyLogoutToken(token: string, audience: string): Promise<JWTPayload> {
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer: ISSUER, audience, typ: 'logout+jwt' })
  expect(protectedHeader.alg).toBe('RS256')
  return payload
}

/** RP-initiated logout of the agent's session; checks that the session `sid` is gone. */
async function endSessionOf(sid: string): Promise<Response> {
  const response = await fetch(`${ISSUER}/logout?${new URLSearchParams({ client_id: WEB.client_id, post_logout_redirect_uri: POST_LOGOUT_URI })}`, { redirect: 'manual' })
  expect(op.dump().sessions[sid]).toBeUndefined()
  return response
}

function sidOf(idToken: string): string {
  return JSON.parse(atob(idToken.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sid as string
}

describe('discovery and metadata', () => {
  test('backchannel_logout_supported and backchannel_logout_session_supported are published', async () => {
    const metadata = (await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()) as Record<string, unknown>
    expect(metadata).toMatchObject({ backchannel_logout_supported: true, backchannel_logout_session_supported: true })
  })

  test.each([
    [{ backchannel_logout_uri: 'not a url' }, 'backchannel_logout_uri'],
    [{ backchannel_logout_uri: `${RP}/bc#frag` }, 'backchannel_logout_uri'],
    [{ backchannel_logout_uri: 'javascript:alert(1)' }, 'backchannel_logout_uri'],
    [{ backchannel_logout_uri: 42 }, 'backchannel_logout_uri'],
    [{ backchannel_logout_uri: BC_URI, backchannel_logout_session_required: 'yes' }, 'backchannel_logout_session_required'],
  ])('refused metadata %j names %s', (bad, field) => {
    expect(() => op.addClient({ ...WEB, client_id: 'bad', ...(bad as object) })).toThrow(field)
    expect(op.dump().clients.bad).toBeUndefined()
  })

  test('dynamic registration refuses a bad backchannel_logout_uri with invalid_client_metadata', async () => {
    const response = await fetch(`${ISSUER}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: [`${RP}/cb`], backchannel_logout_uri: 'ftp://rp.example.test/x' }),
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'invalid_client_metadata' })
  })
})

describe('the logout token', () => {
  test('RP-initiated logout POSTs a form with a logout token that verifies against the JWKS', async () => {
    const rp = receiver(BC_URI)
    const tokens = await codeFlow(op, BC_WEB)
    const sid = sidOf(tokens.id_token!)
    const response = await endSessionOf(sid)
    // The logout answers at once: delivery does not hold it.
    expect(response.status).toBe(302)
    const got = await rp.next
    expect(got.contentType).toMatch(/^application\/x-www-form-urlencoded/)
    const claims = await verifyLogoutToken(got.token, WEB.client_id)
    expect(claims).toMatchObject({ iss: ISSUER, aud: WEB.client_id, sub: 'alice', events: { [EVENT]: {} } })
    expect(typeof claims.jti).toBe('string')
    expect(claims.exp! - claims.iat!).toBeGreaterThan(0)
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(120)
    expect(claims).not.toHaveProperty('nonce')
    // Not required by this client: sub alone names the user.
    expect(claims).not.toHaveProperty('sid')
  })

  test('a client with backchannel_logout_session_required gets sid, the one of its ID token', async () => {
    const rp = receiver(SID_URI)
    const tokens = await codeFlow(op, BC_SID)
    const sid = sidOf(tokens.id_token!)
    expect(op.endSession(sid)).toBe(true)
    const claims = await verifyLogoutToken((await rp.next).token, SPA.client_id)
    expect(claims.sid).toBe(sid)
    expect(claims.sub).toBe('alice')
  })

  test('a pairwise client is told the sub of its ID token, not the user\'s own', async () => {
    op.addClient({ ...BC_WEB, subject_type: 'pairwise' })
    const rp = receiver(BC_URI)
    const tokens = await codeFlow(op, BC_WEB)
    const idTokenSub = JSON.parse(Buffer.from(tokens.id_token!.split('.')[1]!, 'base64url').toString()).sub as string
    expect(idTokenSub).not.toBe('alice')
    op.endSession(sidOf(tokens.id_token!))
    const claims = await verifyLogoutToken((await rp.next).token, WEB.client_id)
    expect(claims.sub).toBe(idTokenSub)
  })

  test('signed with the client\'s id_token_signed_response_alg', async () => {
    op.addClient({ ...BC_WEB, id_token_signed_response_alg: 'ES256' })
    const rp = receiver(BC_URI)
    const tokens = await codeFlow(op, BC_WEB)
    op.endSession(sidOf(tokens.id_token!))
    const { token } = await rp.next
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', typ: 'logout+jwt' })
    await jwtVerify(token, jwks, { issuer: ISSUER, audience: WEB.client_id })
  })

  test('encrypted as its ID tokens are when the client registered id_token_encrypted_response_alg (§2.4), then verified', async () => {
    const encryptionKey: JWK = { ...publicJwk(CLIENT_KEYS.RS256), kid: 'rp-enc', use: 'enc', alg: 'RSA-OAEP-256' }
    delete encryptionKey.key_ops
    op.addClient({ ...BC_WEB, jwks: { keys: [encryptionKey] }, id_token_encrypted_response_alg: 'RSA-OAEP-256', id_token_encrypted_response_enc: 'A128GCM' })
    const rp = receiver(BC_URI)
    const tokens = await codeFlow(op, BC_WEB)
    expect(tokens.id_token!.split('.')).toHaveLength(5)
    op.endSession(Object.values(op.dump().sessions)[0]!.sid)
    const { token } = await rp.next
    expect(token.split('.')).toHaveLength(5)
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A128GCM', kid: 'rp-enc', cty: 'JWT' })
    const { plaintext } = await compactDecrypt(token, await importJWK({ ...CLIENT_KEYS.RS256, alg: 'RSA-OAEP-256' }, 'RSA-OAEP-256'))
    const claims = await verifyLogoutToken(new TextDecoder().decode(plaintext), WEB.client_id)
    expect(claims).toMatchObject({ iss: ISSUER, aud: WEB.client_id, events: { [EVENT]: {} } })
  })

  test('a client whose encryption key cannot be found gets no token; the event says why', async () => {
    op.addClient({ ...BC_WEB, jwks_uri: `${RP}/jwks-without-enc.json`, id_token_encrypted_response_alg: 'RSA-OAEP-256' })
    msw.use(http.get(`${RP}/jwks-without-enc.json`, () => HttpResponse.json({ keys: [] })))
    const rp = receiver(BC_URI)
    // The code flow itself is refused at the token endpoint (no key): end a session it started.
    await expect(codeFlow(op, BC_WEB)).rejects.toThrow()
    const session = Object.values(op.dump().sessions)[0]!
    const event = op.waitForRequest('backchannel_logout')
    op.endSession(session.sid)
    expect(await event).toMatchObject({ status: 0, params: { error: expect.stringMatching(/^the logout token could not be made: .*key/) } })
    expect(rp.received).toEqual([])
  })

  test('every RP of the session is told, each with its own audience and jti; op.waitForRequest sees the delivery', async () => {
    const web = receiver(BC_URI)
    const spa = receiver(SID_URI)
    await codeFlow(op, BC_WEB)
    const tokens = await codeFlow(op, BC_SID)
    const delivered = op.waitForRequest('backchannel_logout', { where: { client_id: SPA.client_id } })
    op.endSession(sidOf(tokens.id_token!))
    const [a, b] = [await verifyLogoutToken((await web.next).token, WEB.client_id), await verifyLogoutToken((await spa.next).token, SPA.client_id)]
    expect(a.jti).not.toBe(b.jti)
    const event = await delivered
    expect(event).toMatchObject({ endpoint: 'backchannel_logout', method: 'POST', url: SID_URI, status: 200, client_id: 'spa', sub: 'alice' })
    expect(event.params).toMatchObject({ cause: 'logout', jti: b.jti, sid: b.sid })
  })
})

describe('when sessions end', () => {
  test('removing the user tells the RPs of each of their sessions', async () => {
    const rp = receiver(BC_URI)
    await codeFlow(op, BC_WEB)
    const event = op.waitForRequest('backchannel_logout')
    expect(op.removeUser('alice')).toBe(true)
    expect((await verifyLogoutToken((await rp.next).token, WEB.client_id)).sub).toBe('alice')
    expect((await event).params?.cause).toBe('user_removed')
  })

  test('a session that expires by the OP clock is reported when swept', async () => {
    const rp = receiver(BC_URI)
    await codeFlow(op, BC_WEB)
    op.clock.advance(60 * 60 * 24 * 400)
    const event = op.waitForRequest('backchannel_logout')
    op.serverGet('endpoint_context').actions.sweep()
    await rp.next
    expect((await event).params?.cause).toBe('expired')
  })

  test('a client without backchannel_logout_uri gets nothing; nor does a client the session never authorized', async () => {
    const posts: string[] = []
    msw.use(http.post(`${RP}/*`, ({ request }) => (posts.push(request.url), new HttpResponse(null, { status: 200 }))))
    const events: OPEvent[] = []
    op.subscribe((event) => events.push(event))
    // `web` without the URI; `spa` has one, but this session never authorized it.
    op.addClient(WEB)
    const tokens = await codeFlow(op, WEB)
    op.endSession(sidOf(tokens.id_token!))
    // A delivery would be started synchronously; give it a turn to happen.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(posts).toEqual([])
    expect(events.filter((event) => event.endpoint === 'backchannel_logout')).toEqual([])
  })

  test('reset and load are not logouts: no RP is told', async () => {
    const posts: string[] = []
    msw.use(http.post(BC_URI, ({ request }) => (posts.push(request.url), new HttpResponse(null, { status: 200 }))))
    await codeFlow(op, BC_WEB)
    const before = op.dump()
    op.reset()
    op.load(before)
    op.reset()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(posts).toEqual([])
  })
})

describe('RPs that fail never break the logout', () => {
  test('an RP that is down: the logout completes, the failure is an event with status 0', async () => {
    msw.use(http.post(BC_URI, () => HttpResponse.error()))
    const tokens = await codeFlow(op, BC_WEB)
    const event = op.waitForRequest('backchannel_logout')
    const response = await endSessionOf(sidOf(tokens.id_token!))
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(POST_LOGOUT_URI)
    const failed = await event
    expect(failed.status).toBe(0)
    expect(failed.params?.error).toMatch(/could not be reached/)
  })

  test('an RP that answers 400 (it refused the token): recorded with its status', async () => {
    receiver(BC_URI, 400)
    const tokens = await codeFlow(op, BC_WEB)
    const event = op.waitForRequest('backchannel_logout')
    op.endSession(sidOf(tokens.id_token!))
    expect(await event).toMatchObject({ status: 400, params: { error: 'the RP answered 400' } })
  })

  test('a slow RP: the logout does not wait; the delivery times out and says so', async () => {
    msw.use(http.post(BC_URI, async () => (await delay('infinite'), new HttpResponse(null))))
    const tokens = await codeFlow(op, BC_WEB)
    const event = op.waitForRequest('backchannel_logout')
    const response = await endSessionOf(sidOf(tokens.id_token!))
    expect(response.status).toBe(302)
    expect(await event).toMatchObject({ status: 0, params: { error: 'no answer within 200 ms' } })
    // The OP still works.
    expect((await fetch(`${ISSUER}/.well-known/openid-configuration`)).status).toBe(200)
  })
})
