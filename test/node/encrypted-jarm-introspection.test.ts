/**
 * The two encrypted responses that join JARM and RFC 9701 to the encryption add-on: a JARM
 * response signed then encrypted to the client (`authorization_encrypted_response_alg`, JARM §2.2),
 * and a JWT introspection response signed then encrypted (`introspection_encrypted_response_alg`,
 * RFC 9701 §5); each decrypted with the client's private key and verified against the OP's JWKS.
 */
import { compactDecrypt, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { describe, expect, test } from 'vitest'
import { CLIENT_KEYS } from './_keys.js'
import { authorize, authParams, codeFlow, createOp, endpointUrl, ISSUER, publicJwk, useMsw, verifyWithJwks, WEB, type TestClient } from './_helpers.js'

const RSA_ENC: JWK = { ...publicJwk(CLIENT_KEYS.RS256), kid: 'rp-enc', use: 'enc', alg: 'RSA-OAEP-256' }
delete RSA_ENC.key_ops

const JARM_CLIENT: TestClient = { ...WEB, client_id: 'jarm-enc', jwks: { keys: [RSA_ENC] }, authorization_encrypted_response_alg: 'RSA-OAEP-256', authorization_encrypted_response_enc: 'A128GCM', response_types: ['code', 'code id_token'], grant_types: ['authorization_code', 'implicit'] }
/** The same, not encrypted: query.jwt cannot carry its ID token. */
const JARM_PLAIN: TestClient = { ...JARM_CLIENT, client_id: 'jarm-plain', jwks: undefined, authorization_encrypted_response_alg: undefined, authorization_encrypted_response_enc: undefined }
const RS_CLIENT: TestClient = { ...WEB, client_id: 'rs-enc', jwks: { keys: [RSA_ENC] }, introspection_encrypted_response_alg: 'RSA-OAEP-256' }

const op = createOp({ clients: [WEB, JARM_CLIENT, JARM_PLAIN, RS_CLIENT], introspection: { allowAll: true } })
useMsw(op)

async function decrypt(jwe: string): Promise<{ plaintext: string; header: Record<string, unknown> }> {
  const key = (await importJWK({ ...CLIENT_KEYS.RS256, alg: 'RSA-OAEP-256' }, 'RSA-OAEP-256')) as CryptoKey
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, key)
  return { plaintext: new TextDecoder().decode(plaintext), header: protectedHeader }
}

describe('encrypted JARM responses (JARM §2.2)', () => {
  test('response_mode=jwt: the response JWT is a JWE to the client, inside it the OP-signed response', async () => {
    const result = await authorize(op, authParams(JARM_CLIENT, { response_mode: 'jwt' }))
    const response = result.params.get('response')!
    expect(response.split('.')).toHaveLength(5)
    expect(decodeProtectedHeader(response)).toMatchObject({ alg: 'RSA-OAEP-256', enc: 'A128GCM', kid: 'rp-enc' })
    const { plaintext } = await decrypt(response)
    const { payload } = await verifyWithJwks(op, plaintext, { audience: JARM_CLIENT.client_id })
    expect(payload).toMatchObject({ iss: ISSUER, aud: JARM_CLIENT.client_id, code: expect.any(String) })
  })

  test('query.jwt with an ID token is allowed once the response is encrypted, and refused otherwise', async () => {
    const result = await authorize(op, authParams(JARM_CLIENT, { response_type: 'code id_token', nonce: 'n-1', response_mode: 'query.jwt' }))
    const { plaintext } = await decrypt(result.params.get('response')!)
    const { payload } = await verifyWithJwks(op, plaintext, { audience: JARM_CLIENT.client_id })
    expect(payload).toMatchObject({ code: expect.any(String), id_token: expect.any(String) })
    const plain = await authorize(op, authParams(JARM_PLAIN, { response_type: 'code id_token', nonce: 'n-2', response_mode: 'query.jwt' }))
    // Refused (a query must not carry tokens in the clear): the error comes back, signed, not a code.
    const refused = await verifyWithJwks(op, plain.params.get('response')!, { audience: JARM_PLAIN.client_id })
    expect(refused.payload).toMatchObject({ error: 'invalid_request' })
    expect(refused.payload).not.toHaveProperty('code')
  })

  test('discovery lists the algorithms', async () => {
    const metadata = (await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()) as Record<string, string[]>
    expect(metadata.authorization_encryption_alg_values_supported).toContain('RSA-OAEP-256')
    expect(metadata.authorization_encryption_enc_values_supported).toContain('A128GCM')
    expect(metadata.introspection_encryption_alg_values_supported).toContain('RSA-OAEP-256')
    expect(metadata.introspection_encryption_enc_values_supported).toContain('A128GCM')
    // ID tokens and UserInfo (test/node/encryption.test.ts runs them): the same algorithms.
    for (const member of ['id_token_encryption_alg_values_supported', 'userinfo_encryption_alg_values_supported']) expect(metadata[member]).toContain('RSA-OAEP-256')
    for (const member of ['id_token_encryption_enc_values_supported', 'userinfo_encryption_enc_values_supported']) expect(metadata[member]).toContain('A128GCM')
  })
})

/** Introspects `token` as `caller` (client_secret_basic), asking for a JWT response (RFC 9701 §4). */
function introspectAsJwt(caller: TestClient, token: string): Promise<Response> {
  return fetch(endpointUrl(op, 'introspection'), {
    method: 'POST',
    headers: { authorization: `Basic ${btoa(`${caller.client_id}:${caller.client_secret}`)}`, accept: 'application/token-introspection+jwt' },
    body: new URLSearchParams({ token }),
  })
}

describe('encrypted JWT introspection responses (RFC 9701 §5)', () => {
  test('a resource server that registered introspection_encrypted_response_alg gets a JWE of the signed response', async () => {
    const tokens = await codeFlow(op, WEB)
    const answer = await introspectAsJwt(RS_CLIENT, tokens.access_token)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toMatch(/^application\/token-introspection\+jwt/)
    const jwe = await answer.text()
    expect(jwe.split('.')).toHaveLength(5)
    const { plaintext, header } = await decrypt(jwe)
    expect(header).toMatchObject({ alg: 'RSA-OAEP-256', cty: 'JWT' })
    const { payload, header: signed } = await verifyWithJwks(op, plaintext, { audience: RS_CLIENT.client_id })
    expect(signed.typ).toBe('token-introspection+jwt')
    expect(payload.token_introspection).toMatchObject({ active: true, client_id: WEB.client_id })
  })

  test('without the registration, the response is only signed', async () => {
    const tokens = await codeFlow(op, WEB)
    const answer = await introspectAsJwt(WEB, tokens.access_token)
    expect((await answer.text()).split('.')).toHaveLength(3)
  })
})
