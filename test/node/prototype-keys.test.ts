/**
 * Keys that come from outside (a user's `sub`, a `client_id`) and happen to name a member of
 * `Object.prototype` are kept as the OP's own records: they neither pollute the process nor find
 * what was never stored. Two OPs share one process here, as they do in a test suite.
 */
import { afterEach, describe, expect, test } from 'vitest'
import type { Server } from '../../src/index.js'
import {
  ALICE,
  authorize,
  authParams,
  BOB,
  createOp,
  expectOAuthError,
  introspect,
  POST_CLIENT,
  postForm,
  readAuthorizationResponse,
  tokenRequest,
  useMsw,
  WEB,
  type TestClient,
} from './_helpers.js'

const PROTO_USER = { sub: '__proto__', name: 'Proto Type' }
const CONSTRUCTOR_CLIENT: TestClient = {
  client_id: 'constructor',
  client_secret: 'c0nstructor-secret',
  grant_types: ['client_credentials'],
  token_endpoint_auth_method: 'client_secret_post',
}

const first = createOp({ interaction: 'login', users: [PROTO_USER, ALICE, BOB] })
const second = createOp({ issuer: 'https://second.example.test', interaction: 'login' })
const clients = createOp({ issuer: 'https://clients.example.test', clients: [WEB, CONSTRUCTOR_CLIENT] })
useMsw(first, second, clients)

const prototypeMembers = Object.getOwnPropertyNames(Object.prototype).sort()
afterEach(() => {
  // Undo what a polluting OP would have done, so one failure does not spill into other tests.
  for (const name of Object.getOwnPropertyNames(Object.prototype)) {
    if (!prototypeMembers.includes(name)) delete (Object.prototype as Record<string, unknown>)[name]
  }
})

/** Logs `sub` in on the OP's login page for `client`; the login records consent to `openid`. */
async function logIn(op: Server, client: TestClient, sub: string): Promise<void> {
  const started = await authorize(op, authParams(client))
  expect(started.status).toBe(303)
  const done = await readAuthorizationResponse(await postForm(started.location!.href, { sub, action: 'login' }))
  expect(done.params.get('code')).toBeTypeOf('string')
}

describe('a sub or client_id named like a member of Object.prototype', () => {
  test("a user '__proto__' logs in and consents; another OP in the process still asks its users for consent", async () => {
    await logIn(first, WEB, '__proto__')
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeMembers)
    expect(first.dump().consents).toEqual({ ['__proto__']: { web: ['openid'] } })
    expect(Object.hasOwn(first.dump().consents, '__proto__')).toBe(true)
    // The same user is known on the next request: no new consent for the same scope.
    expect((await authorize(first, authParams(WEB, { prompt: 'none' }))).params.get('code')).toBeTypeOf('string')

    // Bob consented to another client only: the web client must still ask him.
    await logIn(second, POST_CLIENT, 'bob')
    const none = await authorize(second, authParams(WEB, { prompt: 'none' }))
    expect(none.params.get('error')).toBe('consent_required')
  })

  test("a removed client 'constructor': its token introspects inactive and it cannot get another", async () => {
    const response = await tokenRequest(clients, CONSTRUCTOR_CLIENT, { grant_type: 'client_credentials', scope: 'api:read' })
    expect(response.status).toBe(200)
    const { access_token } = (await response.json()) as { access_token: string }
    expect((await introspect(clients, access_token)).active).toBe(true)

    expect(clients.removeClient('constructor')).toBe(true)
    expect(await introspect(clients, access_token)).toEqual({ active: false })
    expect(clients.removeClient('constructor')).toBe(false)
    await expectOAuthError(await tokenRequest(clients, CONSTRUCTOR_CLIENT, { grant_type: 'client_credentials' }), 401, 'invalid_client')
  })
})
