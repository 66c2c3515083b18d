/**
 * Client authentication at the token endpoint (and introspection): RFC 6749 §2.3 and §5.2,
 * OpenID Connect Core §9, RFC 7523 §3 (JWT assertions).
 */
import { importJWK, SignJWT, type JWK } from 'jose'
import { http, HttpResponse } from 'msw'
import { describe, expect, test } from 'vitest'
import { CLIENT_KEYS } from './_keys.js'
import {
  basic,
  createOp,
  endpointUrl,
  expectNothingStored,
  expectOAuthError,
  ISSUER,
  POST_CLIENT,
  postForm,
  publicJwk,
  RP,
  SERVICE,
  SPA,
  stored,
  useMsw,
  WEB,
  type FormInput,
} from './_helpers.js'

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const SHARED_SECRET = 'a-shared-secret-long-enough-for-HS256-0123456789'

const CC = ['client_credentials']
const op = createOp({
  clients: [
    WEB,
    POST_CLIENT,
    SPA,
    SERVICE,
    { client_id: 'basic-svc', client_secret: 'a b+c/d:e%f', grant_types: CC, token_endpoint_auth_method: 'client_secret_basic' },
    { client_id: 'jwt-svc', client_secret: SHARED_SECRET, grant_types: CC, token_endpoint_auth_method: 'client_secret_jwt' },
    { client_id: 'pk-es', grant_types: CC, token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [{ ...publicJwk(CLIENT_KEYS.ES256), kid: 'es' }] } },
    {
      client_id: 'pk-rs',
      grant_types: CC,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: { keys: [{ ...publicJwk(CLIENT_KEYS.RS256), kid: 'rs' }, { ...publicJwk(CLIENT_KEYS.ES256), kid: 'es' }] },
    },
    { client_id: 'pk-remote', grant_types: CC, token_endpoint_auth_method: 'private_key_jwt', jwks_uri: `${RP}/jwks.json` },
  ],
})
const msw = useMsw(op)

const TOKEN = endpointUrl(op, 'token')
const INTROSPECTION = endpointUrl(op, 'introspection')
const CC_BODY = { grant_type: 'client_credentials' }

let jtiCounter = 0
async function assertion(
  clientId: string,
  signer: { alg: 'HS256' | 'HS512' | 'ES256' | 'RS256'; key?: JWK | string },
  claims: { aud?: string | string[]; jti?: string | null; exp?: number | null; iss?: string; sub?: string } = {},
): Promise<string> {
  const now = Math.floor(op.clock.nowMs() / 1000)
  const payload: Record<string, unknown> = {
    iss: claims.iss ?? clientId,
    sub: claims.sub ?? clientId,
    aud: claims.aud ?? ISSUER,
    iat: now,
    ...(claims.jti === null ? {} : { jti: claims.jti ?? `jti-${++jtiCounter}-${Math.random()}` }),
    ...(claims.exp === null ? {} : { exp: claims.exp ?? now + 60 }),
  }
  const key =
    signer.alg.startsWith('HS')
      ? new TextEncoder().encode((signer.key as string | undefined) ?? SHARED_SECRET)
      : await importJWK((signer.key as JWK | undefined) ?? CLIENT_KEYS[signer.alg as 'ES256' | 'RS256'], signer.alg)
  const kid = signer.alg === 'ES256' ? 'es' : signer.alg === 'RS256' ? 'rs' : undefined
  return new SignJWT(payload).setProtectedHeader({ alg: signer.alg, ...(kid ? { kid } : {}) }).sign(key)
}

function withAssertion(jwt: string, extra: FormInput = {}): FormInput {
  return { ...CC_BODY, client_assertion_type: ASSERTION_TYPE, client_assertion: jwt, ...extra }
}

async function expectInvalidClient(response: Response, basicChallenge = false): Promise<void> {
  await expectOAuthError(response, 401, 'invalid_client')
  expect(response.headers.get('cache-control')).toBe('no-store')
  if (basicChallenge) expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="[^"]*"/)
}

describe('client_secret_basic', () => {
  test('id and secret are form-urlencoded inside Basic (RFC 6749 §2.3.1)', async () => {
    const response = await postForm(TOKEN, CC_BODY, basic('basic-svc', 'a b+c/d:e%f'))
    expect(response.status).toBe(200)
  })

  test('a wrong secret or an unknown client: 401 with a Basic challenge, nothing stored', async () => {
    await expectNothingStored(op, async () => {
      await expectInvalidClient(await postForm(TOKEN, CC_BODY, basic('basic-svc', 'wrong')), true)
      await expectInvalidClient(await postForm(TOKEN, CC_BODY, basic('ghost', 'a b+c/d:e%f')), true)
      await expectInvalidClient(await postForm(TOKEN, CC_BODY, { authorization: 'Basic !!!not-base64' }), true)
      await expectInvalidClient(await postForm(TOKEN, CC_BODY, { authorization: `Basic ${btoa('no-colon')}` }), true)
      await expectInvalidClient(await postForm(TOKEN, CC_BODY, { authorization: `Basic ${btoa(':secret')}` }), true)
    })
  })

  test('a client_id parameter naming another client is invalid_request', async () => {
    await expectNothingStored(op, async () => {
      await expectOAuthError(await postForm(TOKEN, { ...CC_BODY, client_id: 'service' }, basic('basic-svc', 'a b+c/d:e%f')), 400, 'invalid_request')
    })
    expect((await postForm(TOKEN, { ...CC_BODY, client_id: 'basic-svc' }, basic('basic-svc', 'a b+c/d:e%f'))).status).toBe(200)
  })
})

describe('client_secret_post', () => {
  test('works; a wrong or missing secret is 401 invalid_client, nothing stored', async () => {
    expect((await postForm(TOKEN, { ...CC_BODY, client_id: 'service', client_secret: 'svc-secret' })).status).toBe(200)
    await expectNothingStored(op, async () => {
      await expectInvalidClient(await postForm(TOKEN, { ...CC_BODY, client_id: 'service', client_secret: 'wrong' }))
      await expectInvalidClient(await postForm(TOKEN, { ...CC_BODY, client_id: 'service' }))
      await expectInvalidClient(await postForm(TOKEN, { ...CC_BODY, client_id: 'ghost', client_secret: 'svc-secret' }))
    })
  })

  test('no client authentication at all: 401 invalid_client', async () => {
    await expectInvalidClient(await postForm(TOKEN, CC_BODY))
  })

  test('an expired client secret no longer authenticates (RFC 7591 §3.2.1)', async () => {
    op.addClient({ ...SERVICE, client_id: 'expired-secret', client_secret_expires_at: op.clock.now() - 10 })
    await expectNothingStored(op, async () => {
      await expectInvalidClient(await postForm(TOKEN, { ...CC_BODY, client_id: 'expired-secret', client_secret: 'svc-secret' }))
    })
  })
})

describe('one method, the registered one', () => {
  test('two methods at once are invalid_request (RFC 6749 §2.3)', async () => {
    const jwt = await assertion('jwt-svc', { alg: 'HS256' })
    await expectNothingStored(op, async () => {
      await expectOAuthError(await postForm(TOKEN, { ...CC_BODY, client_id: 'basic-svc', client_secret: 'a b+c/d:e%f' }, basic('basic-svc', 'a b+c/d:e%f')), 400, 'invalid_request')
      await expectOAuthError(await postForm(TOKEN, withAssertion(jwt), basic('basic-svc', 'a b+c/d:e%f')), 400, 'invalid_request')
      await expectOAuthError(await postForm(TOKEN, withAssertion(jwt, { client_id: 'jwt-svc', client_secret: SHARED_SECRET })), 400, 'invalid_request')
    })
  })

  test('a method other than the registered one is invalid_client; with a Basic challenge when Basic was used', async () => {
    await expectNothingStored(op, async () => {
      // Registered client_secret_post, used Basic.
      await expectInvalidClient(await postForm(TOKEN, CC_BODY, basic('service', 'svc-secret')), true)
      // Registered client_secret_basic, used the body.
      await expectInvalidClient(await postForm(TOKEN, { ...CC_BODY, client_id: 'basic-svc', client_secret: 'a b+c/d:e%f' }))
      // Registered client_secret_jwt, used Basic with the right secret.
      await expectInvalidClient(await postForm(TOKEN, CC_BODY, basic('jwt-svc', SHARED_SECRET)), true)
      // Registered none, sent a secret.
      await expectInvalidClient(await postForm(TOKEN, { grant_type: 'refresh_token', refresh_token: 'x', client_id: 'spa', client_secret: 'guess' }))
      // Registered client_secret_basic, named itself only (none).
      await expectInvalidClient(await postForm(TOKEN, { ...CC_BODY, client_id: 'basic-svc' }))
      // Registered private_key_jwt, used a secret JWT.
      await expectInvalidClient(await postForm(TOKEN, withAssertion(await assertion('pk-es', { alg: 'HS256', key: 'whatever-secret-whatever-secret-1' }))))
      // Registered client_secret_jwt, signed with a private key.
      await expectInvalidClient(await postForm(TOKEN, withAssertion(await assertion('jwt-svc', { alg: 'ES256' }))))
    })
  })
})

describe('client_secret_jwt', () => {
  test('aud may be the issuer, the token endpoint URL, or an array holding one of them', async () => {
    for (const aud of [ISSUER, TOKEN, [ISSUER, 'https://other.example']]) {
      const response = await postForm(TOKEN, withAssertion(await assertion('jwt-svc', { alg: 'HS256' }, { aud })))
      expect(response.status, JSON.stringify(aud)).toBe(200)
    }
  })

  test('a replayed jti is refused (RFC 7523 §3)', async () => {
    const jwt = await assertion('jwt-svc', { alg: 'HS256' })
    expect((await postForm(TOKEN, withAssertion(jwt))).status).toBe(200)
    expect(Object.keys(stored(op).assertion_jtis)).toContain(`jwt-svc:${JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).jti}`)
    await expectNothingStored(op, async () => {
      await expectInvalidClient(await postForm(TOKEN, withAssertion(jwt)))
      // Nor at another endpoint.
      await expectInvalidClient(await postForm(INTROSPECTION, withAssertion(jwt, { token: 'x' })))
    })
  })

  const bad: [string, Parameters<typeof assertion>[2], string?][] = [
    ['an expired assertion', { exp: Math.floor(Date.now() / 1000) - 120 }],
    ['no exp', { exp: null }],
    ['no jti', { jti: null }],
    ['aud of another server', { aud: 'https://other.example' }],
    ['aud of another endpoint of this OP (introspection)', { aud: `${ISSUER}/introspect` }],
    ['iss different from sub', { iss: 'someone-else' }],
    ['sub an unknown client', { iss: 'ghost', sub: 'ghost' }],
    ['signed with another secret', {}, 'not-the-shared-secret-not-the-shared-secret'],
  ]
  test.each(bad)('%s: 401 invalid_client, nothing stored', async (_name, claims, secret) => {
    const jwt = await assertion(claims?.sub ?? 'jwt-svc', { alg: 'HS256', ...(secret ? { key: secret } : {}) }, claims)
    await expectNothingStored(op, async () => {
      await expectInvalidClient(await postForm(TOKEN, withAssertion(jwt)))
    })
  })

  test('malformed JWTs are invalid_client; a wrong or missing assertion part is invalid_request', async () => {
    await expectNothingStored(op, async () => {
      await expectInvalidClient(await postForm(TOKEN, withAssertion('not-a-jwt')))
      await expectInvalidClient(await postForm(TOKEN, withAssertion('a.b.c')))
      // alg none: unsigned.
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ iss: 'jwt-svc', sub: 'jwt-svc', aud: ISSUER, jti: 'u', exp: 9999999999 })).toString('base64url')}.`
      await expectInvalidClient(await postForm(TOKEN, withAssertion(unsigned)))
      const jwt = await assertion('jwt-svc', { alg: 'HS256' })
      await expectOAuthError(await postForm(TOKEN, withAssertion(jwt, { client_assertion_type: 'urn:example:other' })), 400, 'invalid_request')
      await expectOAuthError(await postForm(TOKEN, { ...CC_BODY, client_assertion_type: ASSERTION_TYPE }), 400, 'invalid_request')
      await expectOAuthError(await postForm(TOKEN, withAssertion(jwt, { client_assertion: [jwt, jwt] })), 400, 'invalid_request')
    })
  })
})

describe('private_key_jwt', () => {
  test('ES256 and RS256 assertions verify against the registered jwks', async () => {
    expect((await postForm(TOKEN, withAssertion(await assertion('pk-es', { alg: 'ES256' })))).status).toBe(200)
    expect((await postForm(TOKEN, withAssertion(await assertion('pk-rs', { alg: 'RS256' }), { client_id: 'pk-rs' }))).status).toBe(200)
  })

  test('keys from jwks_uri', async () => {
    msw.use(http.get(`${RP}/jwks.json`, () => HttpResponse.json({ keys: [{ ...publicJwk(CLIENT_KEYS.ES256), kid: 'es' }] })))
    expect((await postForm(TOKEN, withAssertion(await assertion('pk-remote', { alg: 'ES256' })))).status).toBe(200)
  })

  test('a key the client did not register, an alg other than its token_endpoint_auth_signing_alg: 401', async () => {
    await expectNothingStored(op, async () => {
      await expectInvalidClient(await postForm(TOKEN, withAssertion(await assertion('pk-es', { alg: 'RS256' }))))
      await expectInvalidClient(await postForm(TOKEN, withAssertion(await assertion('pk-rs', { alg: 'ES256' }))))
    })
  })

  test('jti replay and an aud meant for another endpoint are refused', async () => {
    const jwt = await assertion('pk-es', { alg: 'ES256' })
    expect((await postForm(TOKEN, withAssertion(jwt))).status).toBe(200)
    await expectNothingStored(op, async () => {
      await expectInvalidClient(await postForm(TOKEN, withAssertion(jwt)))
      await expectInvalidClient(await postForm(TOKEN, withAssertion(await assertion('pk-es', { alg: 'ES256' }, { aud: INTROSPECTION }))))
    })
  })

  test('at the introspection endpoint, its own URL (or the issuer) is a valid aud', async () => {
    for (const aud of [INTROSPECTION, ISSUER]) {
      const response = await postForm(INTROSPECTION, withAssertion(await assertion('pk-es', { alg: 'ES256' }, { aud }), { token: 'unknown', grant_type: undefined }))
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ active: false })
    }
  })
})
