/**
 * Encrypted responses (OIDC Core §10.2): ID tokens and UserInfo responses encrypted to the
 * client's keys (jwks, jwks_uri) or its secret (dir, A*KW), signed then encrypted; the metadata
 * that asks for it validated; discovery.
 */
import { compactDecrypt, decodeProtectedHeader, importJWK, type JWK } from 'jose'
import { http, HttpResponse } from 'msw'
import * as client from 'openid-client'
import { describe, expect, test } from 'vitest'
import { Server, type ClientMetadata } from '../../src/index.js'
import { CLIENT_KEYS } from './_keys.js'
import { codeFlow, createOp, endpointUrl, expectNothingStored, expectOAuthError, getCode, ISSUER, publicJwk, redeem, REDIRECT_URI, RP, useMsw, userinfo, verifyWithJwks, WEB, type TestClient } from './_helpers.js'

const RSA_ENC: JWK = { ...publicJwk(CLIENT_KEYS.RS256), kid: 'rp-enc-rsa', use: 'enc', alg: 'RSA-OAEP' }
const EC_ENC: JWK = { ...publicJwk(CLIENT_KEYS.ES256), kid: 'rp-enc-ec', use: 'enc' }
delete RSA_ENC.key_ops
delete EC_ENC.alg

/** ID tokens and signed UserInfo, both RSA-OAEP/A256GCM to the client's inline jwks. */
const RSA_CLIENT: TestClient = {
  ...WEB,
  client_id: 'rsa-enc',
  jwks: { keys: [RSA_ENC] },
  id_token_encrypted_response_alg: 'RSA-OAEP',
  id_token_encrypted_response_enc: 'A256GCM',
  userinfo_signed_response_alg: 'RS256',
  userinfo_encrypted_response_alg: 'RSA-OAEP',
  userinfo_encrypted_response_enc: 'A256GCM',
}
/** ECDH-ES to a key at its jwks_uri; UserInfo encrypted without being signed. */
const EC_CLIENT: TestClient = { ...WEB, client_id: 'ec-enc', jwks_uri: `${RP}/jwks.json`, id_token_encrypted_response_alg: 'ECDH-ES', userinfo_encrypted_response_alg: 'ECDH-ES+A128KW' }
/** Keys derived from the client secret (Core §10.2). */
const DIR_CLIENT: TestClient = { ...WEB, client_id: 'dir-enc', client_secret: 'a secret of the dir client', id_token_encrypted_response_alg: 'dir', userinfo_encrypted_response_alg: 'A256KW' }
/** Its jwks_uri has no key for encryption. */
const KEYLESS: TestClient = { ...WEB, client_id: 'keyless', jwks_uri: `${RP}/no-enc-keys.json`, id_token_encrypted_response_alg: 'RSA-OAEP-256' }

const op = createOp({ clients: [WEB, RSA_CLIENT, EC_CLIENT, DIR_CLIENT, KEYLESS] })
const msw = useMsw(op)

async function decrypt(jwe: string, key: CryptoKey | Uint8Array): Promise<string> {
  return new TextDecoder().decode((await compactDecrypt(jwe, key)).plaintext)
}

/** Core §10.2: the left-most bits of the SHA-256 (or SHA-384, SHA-512) of the secret. */
async function derived(secret: string, bits: number): Promise<Uint8Array> {
  const hash = bits <= 256 ? 'SHA-256' : bits <= 384 ? 'SHA-384' : 'SHA-512'
  return new Uint8Array(await crypto.subtle.digest(hash, new TextEncoder().encode(secret))).slice(0, bits / 8)
}

describe('encrypted ID tokens and UserInfo responses', () => {
  test('openid-client with enableDecryptingResponses: the ID token and UserInfo (signed then encrypted) decrypt and verify', async () => {
    const config = await client.discovery(new URL(ISSUER), RSA_CLIENT.client_id, undefined, client.ClientSecretBasic(RSA_CLIENT.client_secret!))
    client.enableDecryptingResponses(config, ['A256GCM'], { key: (await importJWK({ ...CLIENT_KEYS.RS256, alg: 'RSA-OAEP' }, 'RSA-OAEP')) as CryptoKey, kid: 'rp-enc-rsa' })
    const verifier = client.randomPKCECodeVerifier()
    const nonce = client.randomNonce()
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT_URI, scope: 'openid profile', nonce, state: 'st', code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' })
    const callback = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!)
    const tokens = await client.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: 'st', idTokenExpected: true })
    expect(tokens.id_token!.split('.')).toHaveLength(5)
    expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({ alg: 'RSA-OAEP', enc: 'A256GCM', kid: 'rp-enc-rsa', cty: 'JWT' })
    expect(tokens.claims()).toMatchObject({ iss: ISSUER, sub: 'alice', aud: RSA_CLIENT.client_id, nonce })
    const info = await client.fetchUserInfo(config, tokens.access_token, 'alice')
    expect(info).toMatchObject({ sub: 'alice', name: 'Alice Example' })
  })

  test('ECDH-ES to a key of the jwks_uri; UserInfo encrypted alone carries the claims as JSON', async () => {
    msw.use(http.get(`${RP}/jwks.json`, () => HttpResponse.json({ keys: [publicJwk(CLIENT_KEYS.RS256), EC_ENC] })))
    const tokens = await codeFlow(op, EC_CLIENT, { scope: 'openid email' })
    const key = (await importJWK({ ...CLIENT_KEYS.ES256, alg: undefined }, 'ECDH-ES')) as CryptoKey
    expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({ alg: 'ECDH-ES', enc: 'A128CBC-HS256', kid: 'rp-enc-ec' })
    const { payload } = await verifyWithJwks(op, await decrypt(tokens.id_token!, key))
    expect(payload).toMatchObject({ sub: 'alice', aud: EC_CLIENT.client_id })
    const answer = await userinfo(op, tokens.access_token)
    expect(answer.headers.get('content-type')).toBe('application/jwt')
    const jwe = await answer.text()
    expect(decodeProtectedHeader(jwe)).not.toHaveProperty('cty')
    const kw = (await importJWK({ ...CLIENT_KEYS.ES256, alg: undefined }, 'ECDH-ES+A128KW')) as CryptoKey
    expect(JSON.parse(await decrypt(jwe, kw))).toMatchObject({ sub: 'alice', email: 'alice@example.com' })
  })

  test('dir and A256KW with keys derived from the client secret (Core §10.2)', async () => {
    const tokens = await codeFlow(op, DIR_CLIENT)
    expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({ alg: 'dir', enc: 'A128CBC-HS256' })
    const jws = await decrypt(tokens.id_token!, await derived(DIR_CLIENT.client_secret!, 256))
    expect((await verifyWithJwks(op, jws)).payload.aud).toBe(DIR_CLIENT.client_id)
    const jwe = await (await userinfo(op, tokens.access_token)).text()
    expect(JSON.parse(await decrypt(jwe, await derived(DIR_CLIENT.client_secret!, 256))).sub).toBe('alice')
  })

  test('a jwks_uri without a key that fits, or with a broken one: the token request fails with invalid_client, never 5xx', async () => {
    msw.use(http.get(`${RP}/no-enc-keys.json`, () => HttpResponse.json({ keys: [publicJwk(CLIENT_KEYS.ES256)] })))
    const got = await getCode(op, KEYLESS)
    await expectNothingStored(op, async () => expectOAuthError(await redeem(op, KEYLESS, got), 401, 'invalid_client'))
    msw.use(http.get(`${RP}/no-enc-keys.json`, () => HttpResponse.json({ keys: [{ kty: 'RSA', use: 'enc', n: 'AQAB', e: 'AQAB' }] })))
    await expectOAuthError(await redeem(op, KEYLESS, await getCode(op, KEYLESS)), 401, 'invalid_client')
    msw.use(http.get(`${RP}/no-enc-keys.json`, () => new HttpResponse('not json')))
    await expectOAuthError(await redeem(op, KEYLESS, await getCode(op, KEYLESS)), 401, 'invalid_client')
  })

  test('discovery lists the encryption algorithms of ID tokens and UserInfo', async () => {
    const md = await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()
    for (const what of ['id_token', 'userinfo']) {
      expect(md[`${what}_encryption_alg_values_supported`]).toEqual(expect.arrayContaining(['RSA-OAEP', 'RSA-OAEP-256', 'ECDH-ES', 'dir', 'A128KW']))
      expect(md[`${what}_encryption_alg_values_supported`]).not.toContain('RSA1_5')
      expect(md[`${what}_encryption_enc_values_supported`]).toEqual(expect.arrayContaining(['A128CBC-HS256', 'A256GCM']))
    }
  })
})

describe('encryption metadata is validated, never dropped', () => {
  const base: ClientMetadata & { client_id: string } = { ...WEB, client_id: 'c' }
  test.each([
    ['an unknown alg', { id_token_encrypted_response_alg: 'RSA1_5', jwks: { keys: [RSA_ENC] } }, 'id_token_encrypted_response_alg'],
    ['an enc without alg', { userinfo_encrypted_response_enc: 'A128GCM' }, 'userinfo_encrypted_response_enc'],
    ['an unknown enc', { id_token_encrypted_response_alg: 'dir', id_token_encrypted_response_enc: 'A1GCM' }, 'id_token_encrypted_response_enc'],
    ['no key that fits (only a signing key)', { id_token_encrypted_response_alg: 'RSA-OAEP', jwks: { keys: [{ ...publicJwk(CLIENT_KEYS.RS256), use: 'sig' }] } }, 'id_token_encrypted_response_alg'],
    ['no keys at all', { userinfo_encrypted_response_alg: 'ECDH-ES' }, 'userinfo_encrypted_response_alg'],
    ['dir without a secret', { token_endpoint_auth_method: 'none', client_secret: undefined, id_token_encrypted_response_alg: 'dir' }, 'id_token_encrypted_response_alg'],
    ['request_object_signing_alg unknown', { request_object_signing_alg: 'HS1' }, 'request_object_signing_alg'],
    ['request_uris not https', { request_uris: ['http://rp.example.test/ro.jwt'] }, 'request_uris[0]'],
    ['request_object_encryption_alg dir', { request_object_encryption_alg: 'dir' }, 'request_object_encryption_alg'],
  ] as const)('%s → ConfigurationError naming %s, and invalid_client_metadata at registration', async (_, metadata, field) => {
    expect(() => new Server({ issuer: 'https://x.example.test', clients: [{ ...base, ...metadata } as ClientMetadata & { client_id: string }] })).toThrow(field)
    const { client_id: _id, client_secret: _secret, ...registrable } = { ...base, ...metadata } as Record<string, unknown>
    const response = await fetch(endpointUrl(op, 'registration'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(registrable) })
    await expectOAuthError(response, 400, 'invalid_client_metadata')
  })
})
