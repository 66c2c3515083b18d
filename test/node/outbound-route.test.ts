/**
 * One route for the OP's own requests out (`op.outboundFetch`, kept on the endpoint context): a
 * `request_uri`, a client's `jwks_uri` and a `sector_identifier_uri` all go through the route the
 * host set, per OP; a client's key set is kept per route, so a set fetched through one route is
 * never used once the route has changed, nor by another OP.
 */
import { randomUUID } from 'node:crypto'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose'
import { describe, expect, test } from 'vitest'
import { Server } from '../../src/index.js'
import { form } from './_helpers.js'

const ISSUER = 'https://route.example.test'
const RP = 'https://rp-backend.example.test'
const JWKS_URI = `${RP}/jwks.json`
const SECTOR_URI = `${RP}/sector.json`
const REDIRECT_URI = 'https://app.example.test/cb'

interface RpKey {
  privateKey: CryptoKey
  jwk: JWK
}

async function rpKey(kid: string): Promise<RpKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256')
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } }
}

function sign(key: RpKey, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: key.jwk.kid! }).setIssuedAt().setExpirationTime('2m').sign(key.privateKey)
}

/** A route that answers each URL of `documents` with its JSON (or text) and records every request. */
function route(documents: Record<string, unknown>): { send: (request: Request) => Promise<Response>; seen: string[] } {
  const seen: string[] = []
  const send = async (request: Request) => {
    seen.push(request.url)
    const body = documents[request.url]
    if (body === undefined) return new Response(null, { status: 404 })
    return typeof body === 'string' ? new Response(body) : Response.json(body)
  }
  return { send, seen }
}

function createOp(): Server {
  return new Server({
    issuer: ISSUER,
    users: [{ sub: 'alice' }],
    clients: [
      {
        client_id: 'rp', redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'private_key_jwt', jwks_uri: JWKS_URI,
        grant_types: ['authorization_code', 'client_credentials'], subject_type: 'pairwise', sector_identifier_uri: SECTOR_URI,
      },
    ],
  })
}

async function clientCredentials(op: Server, key: RpKey): Promise<number> {
  const assertion = await sign(key, { iss: 'rp', sub: 'rp', aud: `${ISSUER}/token`, jti: randomUUID() })
  const body = form({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion })
  const response = await op.handle(new Request(`${ISSUER}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }))
  return response.status
}

describe('op.outboundFetch routes every request of the OP', () => {
  test('a request_uri, the jwks_uri that verifies it and the sector_identifier_uri go through the route the host set', async () => {
    const key = await rpKey('k1')
    const op = createOp()
    const requestObject = await sign(key, { iss: 'rp', aud: ISSUER, client_id: 'rp', response_type: 'code', redirect_uri: REDIRECT_URI, scope: 'openid', state: 'by-ref' })
    const { send, seen } = route({ [`${RP}/ro.jwt`]: requestObject, [JWKS_URI]: { keys: [key.jwk] }, [SECTOR_URI]: [REDIRECT_URI] })
    op.outboundFetch = send
    expect(op.serverGet('endpoint_context').outboundFetch).toBe(send)

    const response = await op.handle(new Request(`${ISSUER}/authorize?${form({ client_id: 'rp', request_uri: `${RP}/ro.jwt` })}`))
    const location = new URL(response.headers.get('location')!)
    expect(location.searchParams.get('state')).toBe('by-ref')
    expect(location.searchParams.get('code')).toBeTruthy()
    expect(new Set(seen)).toEqual(new Set([`${RP}/ro.jwt`, JWKS_URI, SECTOR_URI]))
  })

  test('a key set is kept per route: after the host changes the route, the new route serves it', async () => {
    const [first, second] = [await rpKey('first'), await rpKey('second')]
    const op = createOp()
    const one = route({ [JWKS_URI]: { keys: [first.jwk] } })
    op.outboundFetch = one.send
    expect(await clientCredentials(op, first)).toBe(200)
    expect(one.seen).toEqual([JWKS_URI])

    const two = route({ [JWKS_URI]: { keys: [second.jwk] } })
    op.outboundFetch = two.send
    expect(await clientCredentials(op, second)).toBe(200)
    // The set fetched through the first route is not used any more.
    expect(await clientCredentials(op, first)).toBe(401)
    expect(two.seen[0]).toBe(JWKS_URI)
    expect(one.seen).toEqual([JWKS_URI])
  })

  test('two OPs with different routes never share a key set for the same jwks_uri', async () => {
    const [first, second] = [await rpKey('first'), await rpKey('second')]
    const [a, b] = [createOp(), createOp()]
    a.outboundFetch = route({ [JWKS_URI]: { keys: [first.jwk] } }).send
    b.outboundFetch = route({ [JWKS_URI]: { keys: [second.jwk] } }).send
    expect(await clientCredentials(a, first)).toBe(200)
    expect(await clientCredentials(b, first)).toBe(401)
    expect(await clientCredentials(b, second)).toBe(200)
    expect(await clientCredentials(a, second)).toBe(401)
  })
})
