/**
 * A grant added at run time (`serverGet('endpoint', 'token').grants.set(...)`) works end to end:
 * discovery publishes it, registration and `addClient` accept it, and its clients can use it.
 */
import { describe, expect, test } from 'vitest'
import type { GrantHandler } from '../../src/index.js'
import { createOp, endpointUrl, ISSUER, tokenRequest, useMsw, type TestClient } from './_helpers.js'

const GRANT = 'urn:example:params:grant-type:magic'

const magicGrant: GrantHandler = {
  grantType: GRANT,
  parameters: new Set(['spell']),
  async handle({ client, params }) {
    return { access_token: `magic-${client.client_id}-${params.spell ?? ''}`, token_type: 'Bearer', expires_in: 60 }
  },
}

const op = createOp()
useMsw(op)
op.serverGet('endpoint', 'token')!.grants.set(GRANT, magicGrant)

describe('a custom grant', () => {
  test('is published in grant_types_supported', async () => {
    const metadata = await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()
    expect(metadata.grant_types_supported).toContain(GRANT)
  })

  test('a client registered with it (RFC 7591) can use it', async () => {
    const response = await fetch(endpointUrl(op, 'registration'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_types: [GRANT], token_endpoint_auth_method: 'client_secret_basic' }),
    })
    expect(response.status).toBe(201)
    const registered = (await response.json()) as TestClient & { client_secret: string }
    expect(registered.grant_types).toEqual([GRANT])
    const token = await tokenRequest(op, registered, { grant_type: GRANT, spell: 'open' })
    expect(token.status).toBe(200)
    expect(await token.json()).toMatchObject({ access_token: `magic-${registered.client_id}-open` })
  })

  test('a client added with op.addClient can use it', async () => {
    const client: TestClient = { client_id: 'wizard', client_secret: 'w1zard', grant_types: [GRANT], token_endpoint_auth_method: 'client_secret_basic' }
    expect(op.addClient(client).grant_types).toEqual([GRANT])
    const token = await tokenRequest(op, client, { grant_type: GRANT })
    expect(token.status).toBe(200)
    expect(await token.json()).toMatchObject({ access_token: 'magic-wizard-' })
  })

  test('a grant type the OP does not support is still refused', () => {
    expect(() => op.addClient({ client_id: 'x', client_secret: 'y', grant_types: ['urn:example:unknown'] })).toThrow(/grant_types\[0\]/)
  })
})
