/**
 * A silent renew (prompt=none) that asks for nothing more reuses the grant of its login session
 * and client (issue 15, item 7): one authorization, one grant in `dump()`.
 */
import { beforeEach, describe, expect, test } from 'vitest'
import { codeFlow, createOp, tokenRequest, useMsw, WEB, type Tokens } from './_helpers.js'

const op = createOp()
useMsw(op)
beforeEach(() => {
  op.reset()
  op.clock.reset()
})

const OFFLINE = { scope: 'openid offline_access' }

function grantIds(): string[] {
  return Object.keys(op.dump().grants)
}

async function refresh(tokens: Tokens): Promise<Response> {
  return tokenRequest(op, WEB, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token! })
}

describe('grant reuse on a silent renew', () => {
  test('prompt=none with the same scope reuses the grant, and the refresh tokens of both flows still work', async () => {
    const first = await codeFlow(op, WEB, OFFLINE)
    const [grantId] = grantIds()
    const renewed = await codeFlow(op, WEB, { ...OFFLINE, prompt: 'none' })
    expect(grantIds()).toEqual([grantId])
    expect(first.refresh_token).toBeTypeOf('string')
    expect((await refresh(renewed)).status).toBe(200)
    expect((await refresh(first)).status).toBe(200)
  })

  test('a renew keeps the grant alive at least as long as its new code', async () => {
    await codeFlow(op, WEB)
    const before = Object.values(op.dump().grants)[0]!.expires_at
    op.clock.advance(30)
    await codeFlow(op, WEB, { prompt: 'none' })
    expect(Object.values(op.dump().grants)[0]!.expires_at).toBeGreaterThan(before)
  })

  test('a wider scope makes a new grant', async () => {
    await codeFlow(op, WEB)
    await codeFlow(op, WEB, { scope: 'openid email', prompt: 'none' })
    expect(grantIds()).toHaveLength(2)
  })

  test('a code request without prompt=none (a second tab, a new sign-in) makes a new grant', async () => {
    await codeFlow(op, WEB)
    await codeFlow(op, WEB)
    expect(grantIds()).toHaveLength(2)
  })

  test('another claims request makes a new grant', async () => {
    await codeFlow(op, WEB)
    await codeFlow(op, WEB, { prompt: 'none', claims: JSON.stringify({ userinfo: { email: null } }) })
    expect(grantIds()).toHaveLength(2)
  })

  test('after revokeGrant a renew makes a new grant, and the old tokens stay revoked', async () => {
    const first = await codeFlow(op, WEB, OFFLINE)
    const [revoked] = grantIds()
    expect(op.revokeGrant(revoked!)).toBe(true)
    const renewed = await codeFlow(op, WEB, { ...OFFLINE, prompt: 'none' })
    expect(grantIds()).toHaveLength(2)
    expect((await refresh(first)).status).toBe(400)
    expect((await refresh(renewed)).status).toBe(200)
  })

  test('a logout ends it: the next login makes a new grant', async () => {
    await codeFlow(op, WEB)
    const [ended] = grantIds()
    expect(op.endSession(op.dump().agent_session!)).toBe(true)
    await codeFlow(op, WEB)
    const grants = op.dump().grants
    expect(Object.keys(grants)).toHaveLength(2)
    expect(grants[ended!]!.revoked).toBe(true)
  })

  test('the session remembers its grant per client through dump() and load()', async () => {
    await codeFlow(op, WEB)
    const snapshot = op.dump()
    op.load(snapshot)
    await codeFlow(op, WEB, { prompt: 'none' })
    expect(grantIds()).toHaveLength(1)
    const session = Object.values(op.dump().sessions)[0]!
    expect(() => op.load({ ...snapshot, sessions: { [session.sid]: { ...session, grants_by_client: { web: 7 } } } } as never)).toThrow(/grants_by_client\.web/)
  })
})
