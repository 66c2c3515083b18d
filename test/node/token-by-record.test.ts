/**
 * UserInfo and introspection find a JWT access token by its record (its `jti` and the SHA-256 of
 * the token), not by checking the OP's own signature again: the state is what decides (issue 16).
 */
import { decodeJwt, importJWK, SignJWT } from 'jose'
import { describe, expect, test } from 'vitest'
import { OP_KEYS } from './_keys.js'
import { codeFlow, createOp, introspect, ISSUER, useMsw, userinfo, WEB } from './_helpers.js'

const op = createOp()
/** The same issuer and keys, its own state: reached with `handle`, not through msw. */
const other = createOp()
useMsw(op)

/** The same claims as `token`, signed again with the OP's own RS256 key: a valid signature, not the token issued. */
async function resigned(token: string, changes: Record<string, unknown>): Promise<string> {
  const key = await importJWK(OP_KEYS.RS256, 'RS256')
  const header = JSON.parse(atob(token.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))) as { kid: string; typ: string }
  return new SignJWT({ ...decodeJwt(token), ...changes }).setProtectedHeader({ alg: 'RS256', kid: header.kid, typ: header.typ }).sign(key)
}

describe('a JWT access token is found by its record', () => {
  test('the token issued works; the record keeps its hash, not its text', async () => {
    const { access_token } = await codeFlow(op, WEB)
    expect((await userinfo(op, access_token)).status).toBe(200)
    const record = op.dump().tokens[decodeJwt(access_token).jti!]!
    expect(record.token_hash).toMatch(/^[\w-]{43}$/)
    expect(JSON.stringify(record)).not.toContain(access_token)
  })

  test("another token under the same jti, even one with the OP's own signature, is refused", async () => {
    const { access_token } = await codeFlow(op, WEB, { scope: 'openid' })
    const forged = await resigned(access_token, { scope: 'openid profile email' })
    expect((await userinfo(op, forged)).status).toBe(401)
    expect((await introspect(op, forged)).active).toBe(false)
    expect((await introspect(op, access_token)).active).toBe(true)
  })

  test('expired, revoked, of another OP, or not an access token: refused', async () => {
    const tokens = await codeFlow(op, WEB)
    expect((await userinfo(op, tokens.id_token!)).status).toBe(401)
    const atOther = await other.handle(new Request(`${ISSUER}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } }))
    expect(atOther.status).toBe(401)
    expect((await userinfo(op, `${tokens.access_token.split('.').slice(0, 2).join('.')}.x`)).status).toBe(401)
    expect((await userinfo(op, 'a.bm90IGpzb24.c')).status).toBe(401)
    op.revokeToken(decodeJwt(tokens.access_token).jti!)
    expect((await userinfo(op, tokens.access_token)).status).toBe(401)
    const later = await codeFlow(op, WEB)
    op.clock.advance(3601)
    expect((await userinfo(op, later.access_token)).status).toBe(401)
    op.clock.reset()
  })

  test('a record restored from a snapshot without the hash is checked by signature', async () => {
    const { access_token } = await codeFlow(op, WEB, { scope: 'openid' })
    const state = op.dump()
    const jti = decodeJwt(access_token).jti!
    delete state.tokens[jti]!.token_hash
    op.load(state)
    expect((await userinfo(op, access_token)).status).toBe(200)
    expect((await userinfo(op, await resigned(access_token, { scope: 'openid profile' }))).status).toBe(200)
    expect((await userinfo(op, `${access_token.slice(0, -4)}AAAA`)).status).toBe(401)
  })
})
