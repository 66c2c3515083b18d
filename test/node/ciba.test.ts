/**
 * CIBA (OpenID CIBA Core 1.0), poll and ping modes, through openid-client and oauth4webapi, with
 * the errors of §13 and §11.
 */
import { http, HttpResponse } from 'msw'
import * as oauth from 'oauth4webapi'
import * as client from 'openid-client'
import { describe, expect, test } from 'vitest'
import { createOp, endpointUrl, ISSUER, postForm, useMsw, type TestClient } from './_helpers.js'

const CIBA = 'urn:openid:params:grant-type:ciba'
const NOTIFY = 'https://rp.example.test/ciba-notify'
const BANK: TestClient = { client_id: 'bank', client_secret: 'bank-secret', token_endpoint_auth_method: 'client_secret_post', grant_types: [CIBA], backchannel_token_delivery_mode: 'poll' }
const PINGED: TestClient = {
  client_id: 'pinged', client_secret: 'ping-secret', token_endpoint_auth_method: 'client_secret_post', grant_types: [CIBA],
  backchannel_token_delivery_mode: 'ping', backchannel_client_notification_endpoint: NOTIFY,
}
const op = createOp({ clients: [BANK, PINGED], endpoints: { backchannel_authentication: { interval: 1 } } })
const auto = createOp({ issuer: 'https://auto.example.test', clients: [BANK], endpoints: { backchannel_authentication: { autoApprove: true } } })
const msw = useMsw(op, auto)

async function authenticate(body: Record<string, string>, server = op) {
  const response = await postForm(endpointUrl(server, 'backchannel_authentication'), { client_id: 'bank', client_secret: 'bank-secret', scope: 'openid', ...body })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function poll(authReqId: string, server = op) {
  const response = await postForm(endpointUrl(server, 'token'), { grant_type: CIBA, auth_req_id: authReqId, client_id: 'bank', client_secret: 'bank-secret' })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('backchannel authentication endpoint', () => {
  test('is advertised: poll and ping, no user_code, no signed requests', async () => {
    const md = (await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()) as Record<string, unknown>
    expect(md.backchannel_authentication_endpoint).toBe(`${ISSUER}/backchannel`)
    expect(md.backchannel_token_delivery_modes_supported).toEqual(['poll', 'ping'])
    expect(md.backchannel_user_code_parameter_supported).toBe(false)
    expect(md).not.toHaveProperty('backchannel_authentication_request_signing_alg_values_supported')
    expect(md.grant_types_supported).toContain(CIBA)
  })

  test('the errors of §13', async () => {
    expect((await authenticate({})).body.error).toBe('invalid_request')
    expect((await authenticate({ login_hint: 'alice', id_token_hint: 'x.y.z' })).body.error).toBe('invalid_request')
    expect((await authenticate({ login_hint: 'nobody' })).body.error).toBe('unknown_user_id')
    expect((await authenticate({ login_hint: 'alice', binding_message: 'x'.repeat(65) })).body.error).toBe('invalid_binding_message')
    expect((await authenticate({ login_hint: 'alice', binding_message: 'bad\u0000' })).body.error).toBe('invalid_binding_message')
    expect((await authenticate({ login_hint: 'alice', scope: 'profile' })).body.error).toBe('invalid_scope')
    expect((await authenticate({ login_hint: 'alice', request: 'a.b.c' })).body.error).toBe('invalid_request')
    expect((await authenticate({ login_hint: 'alice', requested_expiry: '-4' })).body.error).toBe('invalid_request')
    expect((await authenticate({ login_hint: 'alice', client_secret: 'wrong' })).status).toBe(401)
    const web = await postForm(endpointUrl(op, 'backchannel_authentication'), { client_id: 'web', client_secret: 's3cret', scope: 'openid', login_hint: 'alice' })
    expect(web.status).toBe(401)
  })

  test('push mode is refused at registration', () => {
    expect(() => op.addClient({ ...BANK, client_id: 'pusher', backchannel_token_delivery_mode: 'push' as 'poll' })).toThrow(/backchannel_token_delivery_mode/)
    expect(() => op.addClient({ ...BANK, client_id: 'pinger', backchannel_token_delivery_mode: 'ping' })).toThrow(/backchannel_client_notification_endpoint/)
  })
})

describe('CIBA grant', () => {
  test('openid-client, poll mode: approve, then tokens for the hinted user', async () => {
    const config = await client.discovery(new URL(ISSUER), 'bank', 'bank-secret', client.ClientSecretPost('bank-secret'))
    const started = await client.initiateBackchannelAuthentication(config, { scope: 'openid', login_hint: 'bob', binding_message: 'W4SCT', requested_expiry: '120' })
    expect(started.expires_in).toBe(120)
    expect(op.approveBackchannel(started.auth_req_id)).toBe(true)
    const tokens = await client.pollBackchannelAuthenticationGrant(config, started)
    expect(tokens.claims()?.sub).toBe('bob')
  })

  test('oauth4webapi: pending, slow_down, denied; unknown and expired ids', async () => {
    const as = await oauth.processDiscoveryResponse(new URL(ISSUER), await oauth.discoveryRequest(new URL(ISSUER)))
    const c: oauth.Client = { client_id: 'bank' }
    const auth = oauth.ClientSecretPost('bank-secret')
    const started = await oauth.processBackchannelAuthenticationResponse(as, c, await oauth.backchannelAuthenticationRequest(as, c, auth, { scope: 'openid', login_hint: 'alice' }))
    const pollOnce = async () => oauth.processBackchannelAuthenticationGrantResponse(as, c, await oauth.backchannelAuthenticationGrantRequest(as, c, auth, started.auth_req_id))
    await expect(pollOnce()).rejects.toMatchObject({ error: 'authorization_pending' })
    await expect(pollOnce()).rejects.toMatchObject({ error: 'slow_down' })
    expect(op.denyBackchannel(started.auth_req_id)).toBe(true)
    await expect(pollOnce()).rejects.toMatchObject({ error: 'access_denied' })
    expect((await poll('unknown')).body.error).toBe('invalid_grant')
    const short = await authenticate({ login_hint: 'alice', requested_expiry: '1' })
    op.serverGet('endpoint_context').clock.advance(2)
    expect((await poll(String(short.body.auth_req_id))).body.error).toBe('expired_token')
    op.serverGet('endpoint_context').clock.reset()
  })

  test('autoApprove: tokens at the first poll, once', async () => {
    const { body } = await authenticate({ login_hint: 'alice' }, auto)
    const first = await poll(String(body.auth_req_id), auto)
    expect(first.status).toBe(200)
    expect(first.body).toHaveProperty('id_token')
    expect((await poll(String(body.auth_req_id), auto)).body.error).toBe('invalid_grant')
  })

  test('ping mode: the client is notified with its token, then gets the tokens', async () => {
    const pinged = new Promise<{ authorization: string | null; body: unknown }>((resolve) => {
      msw.use(
        http.post(NOTIFY, async ({ request }) => {
          resolve({ authorization: request.headers.get('authorization'), body: await request.json() })
          return new HttpResponse(null, { status: 204 })
        }),
      )
    })
    const response = await postForm(endpointUrl(op, 'backchannel_authentication'), {
      client_id: 'pinged', client_secret: 'ping-secret', scope: 'openid', login_hint: 'alice', client_notification_token: 'notify-me',
    })
    const { auth_req_id } = (await response.json()) as { auth_req_id: string }
    expect(op.approveBackchannel(auth_req_id)).toBe(true)
    expect(await pinged).toEqual({ authorization: 'Bearer notify-me', body: { auth_req_id } })
    const tokens = await postForm(endpointUrl(op, 'token'), { grant_type: CIBA, auth_req_id, client_id: 'pinged', client_secret: 'ping-secret' })
    expect(tokens.status).toBe(200)
  })

  test('ping mode without client_notification_token is refused', async () => {
    const response = await postForm(endpointUrl(op, 'backchannel_authentication'), { client_id: 'pinged', client_secret: 'ping-secret', scope: 'openid', login_hint: 'alice' })
    expect(((await response.json()) as { error: string }).error).toBe('invalid_request')
  })
})
