/**
 * The Server: serverGet, endpoints added, replaced and disabled at run time (through the msw
 * handlers installed at start), CORS on every answer, the event log, unexpected errors.
 */
import { afterEach, describe, expect, test, vi } from 'vitest'
import {
  Endpoint,
  EndpointContext,
  Server,
  SIGNING_ALGS,
  TokenEndpoint,
  UserInfoEndpoint,
  type OPEvent,
} from '../../src/index.js'
import {
  authorize,
  authParams,
  clientPost,
  codeFlow,
  createOp,
  endpointUrl,
  expectOAuthError,
  ISSUER,
  postForm,
  REDIRECT_URI,
  tokenRequest,
  useMsw,
  userinfo,
  WEB,
} from './_helpers.js'

const op = createOp({ interaction: 'prompt' })
useMsw(op)

const ENDPOINT_NAMES = [
  'provider_config', 'server_metadata', 'webfinger', 'jwks', 'registration', 'registration_read', 'authorization',
  'pushed_authorization', 'interaction', 'token', 'userinfo', 'introspection', 'token_revocation', 'session',
  'device_authorization', 'device_verification', 'backchannel_authentication', 'check_session_iframe',
]

async function metadata(): Promise<Record<string, unknown>> {
  return (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()
}

/** A small endpoint of a host's own: GET `{issuer}/status` → `{ ok, clients }`. */
class StatusEndpoint extends Endpoint<void, { ok: true; clients: number }> {
  readonly name = 'status'
  readonly methods = ['GET'] as const
  override readonly metadataKey = 'status_endpoint'

  constructor(serverGet: Server['serverGet']) {
    super(serverGet, '/status')
  }

  protected override async parseRequest(): Promise<void> {}

  protected async processRequest(): Promise<{ ok: true; clients: number }> {
    return { ok: true, clients: this.context.clients.list().length }
  }

  protected doResponse(body: { ok: true; clients: number }): Response {
    return Response.json(body)
  }
}

describe('serverGet', () => {
  test("'endpoint_context', 'server', 'endpoints', 'endpoint'", () => {
    const context = op.serverGet('endpoint_context')
    expect(context).toBeInstanceOf(EndpointContext)
    expect(context.issuer).toBe(ISSUER)
    expect(context.clock).toBe(op.clock)
    expect(op.serverGet('server')).toBe(op)
    expect([...op.serverGet('endpoints').keys()].sort()).toEqual([...ENDPOINT_NAMES].sort())
    const token = op.serverGet('endpoint', 'token')
    expect(token).toBeInstanceOf(TokenEndpoint)
    expect(token!.url()).toBe(`${ISSUER}/token`)
    expect(op.serverGet('endpoint', 'no-such-endpoint')).toBeUndefined()
    expect(() => (op.serverGet as (what: string) => unknown)('bogus')).toThrowError(TypeError)
  })

  test('the context answers with the live metadata', () => {
    expect(op.serverGet('endpoint_context').providerInfo().token_endpoint).toBe(`${ISSUER}/token`)
  })
})

describe('endpoints changed at run time take effect through the handlers installed at start', () => {
  afterEach(() => {
    op.setEndpoint(new TokenEndpoint(op.serverGet))
    op.setEndpoint(new UserInfoEndpoint(op.serverGet))
    op.removeEndpoint('status')
  })

  test('a new endpoint answers, and publishes its metadata member', async () => {
    op.setEndpoint(new StatusEndpoint(op.serverGet))
    const response = await fetch(`${ISSUER}/status`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true, clients: 4 })
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect((await metadata()).status_endpoint).toBe(`${ISSUER}/status`)
    expect(op.serverGet('endpoint', 'status')).toBeInstanceOf(StatusEndpoint)
  })

  test('a replaced endpoint answers in place of the old one', async () => {
    class TaggedUserInfo extends UserInfoEndpoint {
      override async handle(request: Request): Promise<Response> {
        const response = await super.handle(request)
        if (response.status !== 200) return response
        return Response.json({ ...(await response.json()), tagged: true })
      }
    }
    const { access_token } = await codeFlow(op, WEB)
    op.setEndpoint(new TaggedUserInfo(op.serverGet))
    expect(await (await userinfo(op, access_token)).json()).toEqual({ sub: 'alice', tagged: true })
  })

  test('an endpoint moved to another path: the metadata follows, the old path is 404', async () => {
    op.setEndpoint(new TokenEndpoint(op.serverGet, { path: '/v2/token' }))
    expect((await metadata()).token_endpoint).toBe(`${ISSUER}/v2/token`)
    const got = await authorize(op, authParams(WEB))
    const body = { grant_type: 'authorization_code', code: got.params.get('code')!, redirect_uri: REDIRECT_URI }
    await expectOAuthError(await postForm(`${ISSUER}/token`, body, { authorization: `Basic ${btoa('web:s3cret')}` }), 404, 'not_found')
    expect((await postForm(`${ISSUER}/v2/token`, body, { authorization: `Basic ${btoa('web:s3cret')}` })).status).toBe(200)
  })

  test('a disabled endpoint is 404 and leaves the metadata; put back, it works again', async () => {
    const { access_token } = await codeFlow(op, WEB)
    const saved = op.serverGet('endpoint', 'userinfo')!
    expect(op.removeEndpoint('userinfo')).toBe(true)
    expect(op.removeEndpoint('userinfo')).toBe(false)
    await expectOAuthError(await fetch(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${access_token}` } }), 404, 'not_found')
    expect(await metadata()).not.toHaveProperty('userinfo_endpoint')
    op.setEndpoint(saved)
    expect((await userinfo(op, access_token)).status).toBe(200)
  })

  test('op.handle() answers the same without msw; op.owns() knows the URLs', async () => {
    const response = await op.handle(new Request(`${ISSUER}/.well-known/openid-configuration`))
    expect((await response.json()).issuer).toBe(ISSUER)
    expect(op.owns(`${ISSUER}/token`)).toBe(true)
    expect(op.owns('https://op.example.test/.well-known/webfinger')).toBe(true)
    expect(op.owns(`${ISSUER}/nothing-here`)).toBe(false)
    expect(op.owns('https://elsewhere.example/token')).toBe(false)
  })

  test('an unknown path under the issuer is a JSON 404, never sent to the network', async () => {
    await expectOAuthError(await fetch(`${ISSUER}/nothing/here`), 404, 'not_found')
  })
})

describe('CORS on the API responses, errors included; never with credentials, never on the user-facing pages', () => {
  const ORIGIN = 'https://spa.example.test'
  const origin = { origin: ORIGIN }

  function expectCors(response: Response, label: string): void {
    expect(response.headers.get('access-control-allow-origin'), label).toBe(ORIGIN)
    // Issue 9, flaw 3: credentials would let another site read with the user's cookies.
    expect(response.headers.get('access-control-allow-credentials'), label).toBeNull()
    expect(response.headers.get('vary'), label).toMatch(/Origin/)
    expect(response.headers.get('access-control-expose-headers'), label).toMatch(/WWW-Authenticate/i)
  }

  test('success, JSON errors, 401 challenges, 404 and 405 of the API endpoints', async () => {
    const { access_token } = await codeFlow(op, WEB)
    const cases: [string, Promise<Response>][] = [
      ['discovery', fetch(`${ISSUER}/.well-known/openid-configuration`, { headers: origin })],
      ['jwks', fetch(endpointUrl(op, 'jwks'), { headers: origin })],
      ['token 400', postForm(endpointUrl(op, 'token'), { grant_type: 'nope' }, { ...origin, authorization: `Basic ${btoa('web:s3cret')}` })],
      ['token 401', postForm(endpointUrl(op, 'token'), { grant_type: 'client_credentials' }, { ...origin, authorization: `Basic ${btoa('web:wrong')}` })],
      ['token 405', fetch(endpointUrl(op, 'token'), { headers: origin })],
      ['userinfo 200', fetch(endpointUrl(op, 'userinfo'), { headers: { ...origin, authorization: `Bearer ${access_token}` } })],
      ['userinfo 401', fetch(endpointUrl(op, 'userinfo'), { headers: origin })],
      ['introspection', clientPost(op, 'introspection', WEB, { token: access_token }, origin)],
      ['revocation', clientPost(op, 'token_revocation', WEB, { token: 'unknown' }, origin)],
      ['registration 400', fetch(endpointUrl(op, 'registration'), { method: 'POST', headers: { ...origin, 'content-type': 'application/json' }, body: '{}' })],
      ['webfinger 404', fetch(`${ISSUER}/.well-known/webfinger?resource=acct%3Anobody%40example.com`, { headers: origin })],
      ['unknown path 404', fetch(`${ISSUER}/nothing`, { headers: origin })],
    ]
    for (const [label, pending] of cases) expectCors(await pending, label)
  })

  test('the user-facing endpoints (authorize, login, logout) offer no CORS: another site cannot read what the session earned', async () => {
    const cases: [string, Promise<Response>][] = [
      ['authorize redirect', authorize(op, authParams(WEB), { headers: origin }).then((r) => r.response)],
      ['authorize error page', authorize(op, authParams(WEB, { client_id: 'ghost' }), { headers: origin }).then((r) => r.response)],
      ['login page redirect', authorize(op, authParams(WEB, { prompt: 'login' }), { headers: origin }).then((r) => r.response)],
      ['logout page', fetch(`${ISSUER}/logout?client_id=ghost`, { headers: origin })],
      ['authorize preflight', fetch(endpointUrl(op, 'authorization'), { method: 'OPTIONS', headers: { ...origin, 'access-control-request-method': 'POST' } })],
    ]
    for (const [label, pending] of cases) {
      const response = await pending
      expect(response.headers.get('access-control-allow-origin'), label).toBeNull()
      expect(response.headers.get('access-control-allow-credentials'), label).toBeNull()
    }
  })

  test('without an Origin header: allow-origin *', async () => {
    const response = await fetch(`${ISSUER}/.well-known/openid-configuration`)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-credentials')).toBeNull()
  })

  test('preflight: 204 with the methods, the requested headers and a max-age', async () => {
    for (const url of [endpointUrl(op, 'token'), endpointUrl(op, 'userinfo'), `${ISSUER}/nothing`]) {
      const response = await fetch(url, {
        method: 'OPTIONS',
        headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, dpop' },
      })
      expect(response.status, url).toBe(204)
      expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN)
      expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/)
      expect(response.headers.get('access-control-allow-headers')).toBe('authorization, content-type, dpop')
      expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0)
    }
  })
})

describe('events and failures', () => {
  test('subscribe() hears every answer with endpoint, status, client and grant; the returned function stops it', async () => {
    const events: OPEvent[] = []
    const stop = op.subscribe((event) => events.push(event))
    await codeFlow(op, WEB)
    await tokenRequest(op, { ...WEB, client_secret: 'wrong' }, { grant_type: 'client_credentials' })
    stop()
    await fetch(`${ISSUER}/.well-known/openid-configuration`)
    expect(events.map((e) => `${e.endpoint} ${e.status}`)).toEqual(['authorization 302', 'token 200', 'token 401'])
    const [authorization, token] = events
    expect(authorization).toMatchObject({ method: 'GET', client_id: 'web', sub: 'alice' })
    expect(token!.grant_id).toBe(authorization!.grant_id)
    expect(token!.params).toEqual({ grant_type: 'authorization_code' })
  })

  test('an unexpected exception is a 500 server_error that tells nothing, with CORS', async () => {
    class Broken extends StatusEndpoint {
      protected override async processRequest(): Promise<never> {
        throw new Error('secret detail')
      }
    }
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    op.setEndpoint(new Broken(op.serverGet))
    try {
      const response = await fetch(`${ISSUER}/status`, { headers: { origin: 'https://spa.example.test' } })
      const body = await expectOAuthError(response, 500, 'server_error')
      expect(body.error_description).not.toContain('secret detail')
      expect(response.headers.get('access-control-allow-origin')).toBe('https://spa.example.test')
      expect(spy).toHaveBeenCalled()
    } finally {
      op.removeEndpoint('status')
      spy.mockRestore()
    }
  })

  test('a listener that throws does not break the answer', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const stop = op.subscribe(() => {
      throw new Error('listener failed')
    })
    try {
      expect((await fetch(`${ISSUER}/.well-known/openid-configuration`)).status).toBe(200)
    } finally {
      stop()
      spy.mockRestore()
    }
  })
})

describe('host API', () => {
  test('users and clients added and removed at run time', async () => {
    op.putUser({ sub: 'carol', name: 'Carol' })
    const tokens = await codeFlow(op, WEB, { login_hint: 'carol', scope: 'openid profile' })
    expect(await (await userinfo(op, tokens.access_token)).json()).toEqual({ sub: 'carol', name: 'Carol' })
    op.putUser({ sub: 'carol', name: 'Carol Renamed' })
    expect((await (await userinfo(op, tokens.access_token)).json()).name).toBe('Carol Renamed')
    expect(op.removeUser('carol')).toBe(true)
    expect(op.removeUser('carol')).toBe(false)
    expect((await userinfo(op, tokens.access_token)).status).toBe(401)

    op.addClient({ ...WEB, client_id: 'temp' })
    const temp = await codeFlow(op, { ...WEB, client_id: 'temp' })
    expect(op.removeClient('temp')).toBe(true)
    expect((await userinfo(op, temp.access_token)).status).toBe(401)
    expect((await authorize(op, authParams({ ...WEB, client_id: 'temp' }))).status).toBe(400)
  })

  test('a default OP generates a key for every advertised algorithm (issue 17); ready() resolves once they exist', async () => {
    const generated = new Server({ issuer: 'https://generated.example.test' })
    await generated.ready()
    expect(generated.dump().keys.map((k) => k.alg).sort()).toEqual([...SIGNING_ALGS].sort())
    const jwks = await (await generated.handle(new Request('https://generated.example.test/jwks'))).json()
    expect(jwks.keys).toHaveLength(SIGNING_ALGS.length)
    expect(jwks.keys.every((k: Record<string, unknown>) => k.d === undefined)).toBe(true)
  })
})
