/**
 * The UserInfo endpoint: OpenID Connect Core §5.3–5.5, Bearer tokens after RFC 6750 §2–3.
 */
import { SignJWT } from 'jose'
import { beforeEach, describe, expect, test } from 'vitest'
import { CLIENT_KEYS } from './_keys.js'
import {
  ALICE,
  clientPost,
  codeFlow,
  createOp,
  endpointUrl,
  expectNothingStored,
  ISSUER,
  postForm,
  SERVICE,
  tokenRequest,
  useMsw,
  userinfo,
  verifyWithJwks,
  WEB,
  type Tokens,
} from './_helpers.js'

const op = createOp({ claims: { groups: ['groups'] }, scopes: ['api:read', 'api:write', 'groups'] })
useMsw(op)
const URL_ = endpointUrl(op, 'userinfo')
beforeEach(() => op.reset())

async function claimsFor(scope: string, extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const tokens = await codeFlow(op, WEB, { scope, ...extra })
  const response = await userinfo(op, tokens.access_token)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  expect(response.headers.get('cache-control')).toBe('no-store')
  return (await response.json()) as Record<string, unknown>
}

/** Asserts an RFC 6750 §3 error: the status, and the code in WWW-Authenticate (none when no token was sent). */
async function expectBearerError(response: Response, status: number, error?: string): Promise<void> {
  expect(response.status).toBe(status)
  const challenge = response.headers.get('www-authenticate')
  expect(challenge).toMatch(/^Bearer realm="[^"]+"/)
  if (error) {
    expect(challenge).toContain(`error="${error}"`)
    expect((await response.json()).error).toBe(error)
  } else {
    expect(challenge).not.toContain('error=')
  }
}

describe('claims by scope (Core §5.4)', () => {
  test('openid alone: sub only', async () => {
    expect(await claimsFor('openid')).toEqual({ sub: 'alice' })
  })

  test('profile', async () => {
    const { sub, name, given_name, family_name, preferred_username, birthdate, ...rest } = await claimsFor('openid profile')
    expect({ sub, name, given_name, family_name, preferred_username, birthdate }).toEqual({
      sub: 'alice',
      name: ALICE.name,
      given_name: ALICE.given_name,
      family_name: ALICE.family_name,
      preferred_username: ALICE.preferred_username,
      birthdate: ALICE.birthdate,
    })
    expect(rest).toEqual({})
  })

  test('email, address, phone', async () => {
    expect(await claimsFor('openid email')).toEqual({ sub: 'alice', email: ALICE.email, email_verified: true })
    expect(await claimsFor('openid address')).toEqual({ sub: 'alice', address: ALICE.address })
    expect(await claimsFor('openid phone')).toEqual({ sub: 'alice', phone_number: ALICE.phone_number, phone_number_verified: false })
  })

  test('a configured scope releases its claims', async () => {
    expect(await claimsFor('openid groups')).toEqual({ sub: 'alice', groups: ['admins'] })
  })

  test('the claims request adds claims beyond the scope (Core §5.5)', async () => {
    const claims = JSON.stringify({ userinfo: { email: { essential: true }, groups: null, nickname: null } })
    expect(await claimsFor('openid', { claims })).toEqual({ sub: 'alice', email: ALICE.email, groups: ['admins'] })
  })

  test('sub equals the ID token sub', async () => {
    const tokens = await codeFlow(op, WEB, { login_hint: 'bob' })
    const info = await (await userinfo(op, tokens.access_token)).json()
    expect(info.sub).toBe('bob')
    const { payload } = await verifyWithJwks(op, tokens.id_token!)
    expect(payload.sub).toBe('bob')
  })
})

describe('how the token is sent (RFC 6750 §2)', () => {
  test('GET and POST with the Authorization header; POST with access_token in the form body', async () => {
    const { access_token } = await codeFlow(op, WEB, { scope: 'openid email' })
    const expected = { sub: 'alice', email: ALICE.email, email_verified: true }
    const post = await fetch(URL_, { method: 'POST', headers: { authorization: `Bearer ${access_token}` } })
    expect(await post.json()).toEqual(expected)
    const body = await postForm(URL_, { access_token })
    expect(body.status).toBe(200)
    expect(await body.json()).toEqual(expected)
    const lowercase = await fetch(URL_, { headers: { authorization: `bearer ${access_token}` } })
    expect(lowercase.status).toBe(200)
  })

  test('a signed UserInfo response when the client registered userinfo_signed_response_alg (Core §5.3.2)', async () => {
    op.addClient({ ...WEB, client_id: 'signed-ui', userinfo_signed_response_alg: 'ES256' })
    const { access_token } = await codeFlow(op, { ...WEB, client_id: 'signed-ui' }, { scope: 'openid email' })
    const response = await userinfo(op, access_token)
    expect(response.headers.get('content-type')).toMatch(/^application\/jwt/)
    const { payload, header } = await verifyWithJwks(op, await response.text(), { audience: 'signed-ui' })
    expect(header.alg).toBe('ES256')
    expect(payload).toMatchObject({ iss: ISSUER, aud: 'signed-ui', sub: 'alice', email: ALICE.email })
  })
})

describe('errors (RFC 6750 §3): WWW-Authenticate, nothing stored', () => {
  test('no token: 401 with a challenge and no error code', async () => {
    await expectNothingStored(op, async () => {
      await expectBearerError(await fetch(URL_), 401)
      await expectBearerError(await fetch(URL_, { method: 'POST' }), 401)
      // The query string is not a way this OP accepts (RFC 6750 §2.3 is optional).
      await expectBearerError(await fetch(`${URL_}?access_token=x`), 401)
    })
  })

  test('an invalid token: 401 invalid_token (unknown, malformed JWT, a refresh token, an ID token, a forged JWT)', async () => {
    const tokens = await codeFlow(op, WEB, { scope: 'openid offline_access' })
    const forged = await new SignJWT({ sub: 'alice', client_id: 'web', scope: 'openid', jti: 'forged' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'x' })
      .setIssuer(ISSUER)
      .setAudience(ISSUER)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(await crypto.subtle.importKey('jwk', CLIENT_KEYS.ES256 as JsonWebKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']))
    await expectNothingStored(op, async () => {
      for (const token of ['not-a-token', 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.', tokens.refresh_token!, tokens.id_token!, forged]) {
        await expectBearerError(await userinfo(op, token), 401, 'invalid_token')
      }
    })
  })

  test('an expired token: 401 invalid_token', async () => {
    const { access_token } = await codeFlow(op, WEB)
    op.clock.advance(3601)
    try {
      await expectBearerError(await userinfo(op, access_token), 401, 'invalid_token')
    } finally {
      op.clock.reset()
    }
  })

  test('a revoked token: 401 invalid_token', async () => {
    const { access_token } = await codeFlow(op, WEB)
    expect((await clientPost(op, 'token_revocation', WEB, { token: access_token })).status).toBe(200)
    await expectBearerError(await userinfo(op, access_token), 401, 'invalid_token')
  })

  test('a token without openid: 403 insufficient_scope', async () => {
    const plain = await codeFlow(op, WEB, { scope: 'api:read' })
    const service = (await (await tokenRequest(op, SERVICE, { grant_type: 'client_credentials', scope: 'api:read' })).json()) as Tokens
    await expectNothingStored(op, async () => {
      await expectBearerError(await userinfo(op, plain.access_token), 403, 'insufficient_scope')
      await expectBearerError(await userinfo(op, service.access_token), 403, 'insufficient_scope')
    })
  })

  test('the token in two places: 400 invalid_request', async () => {
    const { access_token } = await codeFlow(op, WEB)
    await expectNothingStored(op, async () => {
      await expectBearerError(await postForm(URL_, { access_token }, { authorization: `Bearer ${access_token}` }), 400, 'invalid_request')
    })
  })

  test('access_token repeated in the body: 400 invalid_request', async () => {
    const { access_token } = await codeFlow(op, WEB)
    await expectNothingStored(op, async () => {
      await expectBearerError(await postForm(URL_, { access_token: [access_token, 'other'] }), 400, 'invalid_request')
    })
  })

  test('another authorization scheme: 400 invalid_request', async () => {
    await expectBearerError(await fetch(URL_, { headers: { authorization: `Basic ${btoa('web:s3cret')}` } }), 400, 'invalid_request')
  })

  test('the token of a removed user: 401', async () => {
    op.putUser({ sub: 'gone', name: 'Gone' })
    const { access_token } = await codeFlow(op, WEB, { login_hint: 'gone' })
    op.removeUser('gone')
    await expectBearerError(await userinfo(op, access_token), 401, 'invalid_token')
  })

  test('the challenge is readable cross-origin (Access-Control-Expose-Headers)', async () => {
    const response = await fetch(URL_, { headers: { origin: 'https://rp.example.test' } })
    expect(response.headers.get('access-control-allow-origin')).toBe('https://rp.example.test')
    expect(response.headers.get('access-control-expose-headers')).toMatch(/WWW-Authenticate/i)
  })

  test('PUT is 405', async () => {
    expect((await fetch(URL_, { method: 'PUT' })).status).toBe(405)
  })
})
