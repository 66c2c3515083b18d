/**
 * One read of each request (issue 16): the request limits read a body once and hand it on, yet an
 * endpoint that reads the body itself still gets it; msw hands every request to `op.handle`, so an
 * endpoint set with two endpoints on one URL answers through msw as without it.
 */
import { getResponse } from 'msw'
import { expect, test } from 'vitest'
import { Endpoint, type EndpointRequest, type Server } from '../../src/index.js'
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
