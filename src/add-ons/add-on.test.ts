import { expect, test } from 'vitest'
import { oauthError } from '../errors/oauth-error.js'
import { Server } from '../server/server.js'
import type { AddOn, EndpointHooks } from './add-on.js'
import { supportedResponseModes } from '../endpoints/authorization/respond.js'

const ISSUER = 'https://op.example.test'
const CLIENT = { client_id: 'svc', client_secret: 'secret', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_post' as const }

function createOp(): Server {
  return new Server({ issuer: ISSUER, clients: [CLIENT], users: [{ sub: 'alice' }] })
}

function tokenRequest(headers: Record<string, string> = {}): Request {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.client_id, client_secret: CLIENT.client_secret })
  return new Request(`${ISSUER}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body })
}

async function discovery(op: Server): Promise<Record<string, unknown>> {
  return (await (await op.handle(new Request(`${ISSUER}/.well-known/openid-configuration`))).json()) as Record<string, unknown>
}

/** An add-on that logs each of its token-endpoint hooks into `log`. */
function logging(name: string, log: string[], extra: EndpointHooks = {}): AddOn {
  return {
    name,
    endpoints: {
      token: {
        afterParse: ({ params }) => void log.push(`${name}.afterParse ${params.grant_type}`),
        beforeProcess: ({ client }) => void log.push(`${name}.beforeProcess ${client?.client_id}`),
        commit: () => void log.push(`${name}.commit`),
        afterRespond: (_input, response) => {
          log.push(`${name}.afterRespond`)
          response.headers.set(`x-${name}`, 'seen')
          return response
        },
        ...extra,
      },
    },
  }
}

test('the default add-ons contribute their discovery members', async () => {
  const info = await discovery(createOp())
  expect(info.code_challenge_methods_supported).toEqual(['S256'])
  expect(info.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256']))
})

test('hooks run step by step, each step in installation order, and commit runs inside process', async () => {
  const op = createOp()
  const log: string[] = []
  op.installAddOn(logging('a', log))
  op.installAddOn(logging('b', log))
  const response = await op.handle(tokenRequest())
  expect(response.status).toBe(200)
  expect(response.headers.get('x-a')).toBe('seen')
  expect(log).toEqual([
    'a.afterParse client_credentials', 'b.afterParse client_credentials',
    'a.beforeProcess svc', 'b.beforeProcess svc',
    'a.commit', 'b.commit',
    'a.afterRespond', 'b.afterRespond',
  ])
})

test('installing an add-on again replaces it and moves it last; removing it stops its hooks', async () => {
  const op = createOp()
  const log: string[] = []
  op.installAddOn(logging('a', log))
  op.installAddOn(logging('b', log))
  op.installAddOn(logging('a', log))
  await op.handle(tokenRequest())
  expect(log.filter((line) => line.endsWith('commit'))).toEqual(['b.commit', 'a.commit'])

  log.length = 0
  expect(op.removeAddOn('a')).toBe(true)
  expect(op.removeAddOn('a')).toBe(false)
  await op.handle(tokenRequest())
  expect(log.filter((line) => line.endsWith('commit'))).toEqual(['b.commit'])
})

test('a Response from beforeProcess answers instead of the endpoint: nothing is processed or committed', async () => {
  const op = createOp()
  const log: string[] = []
  op.installAddOn(logging('fault', log, { beforeProcess: () => new Response('unavailable', { status: 503 }) }))
  const response = await op.handle(tokenRequest())
  expect(response.status).toBe(503)
  expect(response.headers.get('access-control-allow-origin')).not.toBeNull()
  expect(log).toEqual(['fault.afterParse client_credentials'])
  expect(Object.keys(op.dump().tokens)).toHaveLength(0)
})

test('a hook that throws refuses the request with the endpoint\'s error style', async () => {
  const op = createOp()
  op.installAddOn({ name: 'refuse', endpoints: { token: { afterParse: () => { throw oauthError('invalid_request', 'refused by an add-on') } } } })
  const response = await op.handle(tokenRequest())
  expect(response.status).toBe(400)
  expect(response.headers.get('cache-control')).toBe('no-store')
  expect(await response.json()).toEqual({ error: 'invalid_request', error_description: 'refused by an add-on' })
})

test('removing DPoP: proofs are no longer read, tokens are Bearer, discovery drops its member', async () => {
  const op = createOp()
  const garbage = { dpop: 'not-a-proof' }
  expect((await op.handle(tokenRequest(garbage))).status).toBe(400)
  op.removeAddOn('dpop')
  const response = await op.handle(tokenRequest(garbage))
  expect(await response.json()).toMatchObject({ token_type: 'Bearer' })
  expect(await discovery(op)).not.toHaveProperty('dpop_signing_alg_values_supported')
})

test('endpoint metadata of an add-on is published only while that endpoint is enabled', async () => {
  const op = createOp()
  op.installAddOn({ name: 'extra', endpoints: { token: { metadata: () => ({ extra_supported: true }) } }, metadata: () => ({ op_wide: 1 }) })
  expect(await discovery(op)).toMatchObject({ extra_supported: true, op_wide: 1 })
  op.removeEndpoint('token')
  const info = await discovery(op)
  expect(info).not.toHaveProperty('extra_supported')
  expect(info).toMatchObject({ op_wide: 1 })
})

test('hooks are collected once per set of add-ons: one installed after requests were answered runs on the next', async () => {
  const op = createOp()
  const log: string[] = []
  await op.handle(tokenRequest())
  expect(op.serverGet('add_ons')).toBe(op.serverGet('add_ons'))
  op.installAddOn(logging('late', log))
  await op.handle(tokenRequest())
  expect(log).toContain('late.commit')
  expect(supportedResponseModes(op.serverGet('add_ons'))).not.toContain('late.mode')
  op.installAddOn({ name: 'modes', endpoints: { authorization: { responseModes: ['late.mode'] } } })
  expect(supportedResponseModes(op.serverGet('add_ons'))).toContain('late.mode')
  op.removeAddOn('modes')
  expect(supportedResponseModes(op.serverGet('add_ons'))).not.toContain('late.mode')
})
