/**
 * One read of each request (issue 16): the request limits read a body once and hand it on, yet an
 * endpoint that reads the body itself still gets it; msw hands every request to `op.handle`, so an
 * endpoint set with two endpoints on one URL answers through msw as without it.
 */
import { getResponse } from 'msw'
import { expect, test } from 'vitest'
import { Endpoint, TokenEndpoint, type EndpointRequest, type Server } from '../../src/index.js'
import type { HookInput } from '../../src/add-ons/add-on.js'
import { formBody } from '../../src/http/request-reads.js'
import { limitRequest } from '../../src/server/request-limits.js'
import { onlyOwnAddOns } from '../../src/server/body-readers.js'
import { createOp, ISSUER } from './_helpers.js'

/** Answers `<its name>:<the body it read>`. */
class EchoEndpoint extends Endpoint<string, string> {
  readonly name: string
  readonly methods = ['POST'] as const

  constructor(serverGet: Server['serverGet'], name: string, path: string) {
    super(serverGet, path)
    this.name = name
  }

  protected override async parseRequest(req: EndpointRequest): Promise<string> {
    return `${this.name}:${await req.request.text()}`
  }

  protected async processRequest(text: string): Promise<string> {
    return text
  }

  protected doResponse(text: string): Response {
    return new Response(text)
  }
}

const post = (path: string): Request =>
  new Request(`${ISSUER}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=2' })

test('an endpoint that reads the body itself gets it, after the request limits read it', async () => {
  const op = createOp()
  op.setEndpoint(new EchoEndpoint(op.serverGet, 'echo', '/echo'))
  expect(await (await op.handle(post('/echo'))).text()).toBe('echo:a=1&b=2')
  expect(await (await getResponse(op.handlers, post('/echo')))!.text()).toBe('echo:a=1&b=2')
})

test('two endpoints on one URL: through msw the first in the endpoint set answers, as through op.handle', async () => {
  const op = createOp()
  // Replacing jwks keeps its place in the set, before token; msw's token handler is tried first.
  op.setEndpoint(new EchoEndpoint(op.serverGet, 'jwks', '/token'))
  expect(await (await op.handle(post('/token'))).text()).toBe('jwks:a=1&b=2')
  expect(await (await getResponse(op.handlers, post('/token')))!.text()).toBe('jwks:a=1&b=2')
})

/** A client_credentials request of SERVICE at the token endpoint, as a form. */
const tokenPost = (): Request =>
  new Request(`${ISSUER}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=service&client_secret=svc-secret',
  })

test("the OP's own endpoints and add-ons get the request the limits read, with its form; anything else a copy with its body", async () => {
  const limits = { requestBody: 1000, parameterValue: 100, state: 100, metadataValue: 100 }
  const own = await limitRequest(post('/token'), limits, 'as-form')
  expect(own).toBeInstanceOf(Request)
  expect((own as Request).bodyUsed).toBe(true)
  expect([...(await formBody(own as Request))]).toEqual([['a', '1'], ['b', '2']])
  for (const bodyRead of ['any', undefined] as const) {
    const copy = (await limitRequest(post('/token'), limits, bodyRead)) as Request
    expect(copy.bodyUsed).toBe(false)
    expect([...(await formBody(copy))]).toEqual([['a', '1'], ['b', '2']])
    expect(await copy.text()).toBe('a=1&b=2')
  }
  // A JSON body is always handed on in a copy: the registration endpoint reads it itself.
  const json = new Request(`${ISSUER}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' })
  expect(await ((await limitRequest(json, limits, 'as-form')) as Request).json()).toEqual({ a: 1 })
})

test('an add-on of the application reads the form body itself in each hook; the endpoint still answers from it', async () => {
  const op = createOp()
  const read: string[] = []
  const reader = { afterParse: async ({ req }: HookInput) => void read.push(await req.request.clone().text()) }
  op.installAddOn({ name: 'body-reader', endpoints: { token: reader } })
  for (const answer of [await op.handle(tokenPost()), await getResponse(op.handlers, tokenPost())]) {
    expect(answer!.status).toBe(200)
    expect(await answer!.json()).toMatchObject({ token_type: 'Bearer' })
  }
  expect(read).toEqual(Array(2).fill('grant_type=client_credentials&client_id=service&client_secret=svc-secret'))
  // Replacing one of the OP's own add-ons by name with one of the application's counts the same.
  op.removeAddOn('body-reader')
  op.installAddOn({ name: 'pkce', endpoints: { token: { afterParse: async ({ req }) => void read.push(await req.request.text()) } } })
  expect((await op.handle(tokenPost())).status).toBe(200)
  expect(read).toHaveLength(3)
  expect(read[2]).toContain('grant_type=client_credentials')
})

test("a subclass of the OP's token endpoint that reads the body itself gets it, as does the endpoint after it", async () => {
  const op = createOp()
  const read: string[] = []
  class ReadingToken extends TokenEndpoint {
    protected override async parseRequest(req: EndpointRequest) {
      read.push(await req.request.text())
      return super.parseRequest(req)
    }
  }
  op.setEndpoint(new ReadingToken(op.serverGet))
  const answer = await op.handle(tokenPost())
  expect(answer.status).toBe(200)
  expect(read).toEqual(['grant_type=client_credentials&client_id=service&client_secret=svc-secret'])
})

test('onlyOwnAddOns: true for the default and profile add-ons, false once one of the application is installed', () => {
  const op = createOp()
  expect(onlyOwnAddOns(op.serverGet('add_ons'))).toBe(true)
  expect(onlyOwnAddOns(createOp({ profile: 'fapi2-message-signing', clients: [] }).serverGet('add_ons'))).toBe(true)
  op.installAddOn({ name: 'mine', endpoints: {} })
  expect(onlyOwnAddOns(op.serverGet('add_ons'))).toBe(false)
  op.removeAddOn('mine')
  expect(onlyOwnAddOns(op.serverGet('add_ons'))).toBe(true)
})
