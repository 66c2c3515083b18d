/**
 * Flaw 7 of issue 9, measured: 100,000 junk registrations stay under the documented cap
 * (docs/limits.md), and pending login pages stop at theirs (a cap set low here, so that twice the cap
 * is quick; the rule is the same at the default). No wall-clock assertion: the machine is shared.
 */
import { expect, test } from 'vitest'
import { DEFAULT_LIMITS } from '../../../src/config/limits.js'
import { authParams, createOp, form, REDIRECT_URI, WEB } from '../_helpers.js'

const JUNK = 100_000

test(`${JUNK} registrations: at most limits.registeredClients clients are kept`, async () => {
  const op = createOp()
  const configured = Object.keys(op.dump().clients).length
  const statuses = new Map<number, number>()
  const body = JSON.stringify({ redirect_uris: [REDIRECT_URI], client_name: 'junk'.repeat(200) })
  for (let i = 0; i < JUNK; i++) {
    const response = await op.handle(new Request(`${op.issuer}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }))
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
  }
  expect(Object.fromEntries(statuses)).toEqual({ 201: DEFAULT_LIMITS.registeredClients, 429: JUNK - DEFAULT_LIMITS.registeredClients })
  expect(Object.keys(op.dump().clients)).toHaveLength(configured + DEFAULT_LIMITS.registeredClients)
  expect(JSON.stringify(op.dump()).length).toBeLessThan(2_000_000)
}, 180_000)

test('twice limits.interactions authorization requests that open a login page: at most limits.interactions are pending', async () => {
  const cap = 1_000
  const op = createOp({ interaction: 'login', limits: { interactions: cap } })
  const url = `${op.issuer}/authorize?${form(authParams(WEB, { state: 's'.repeat(DEFAULT_LIMITS.state) }))}`
  const refused: string[] = []
  for (let i = 0; i < 2 * cap; i++) {
    const location = new URL((await op.handle(new Request(url))).headers.get('location')!, op.issuer)
    // Beyond the cap, the error goes back to the client (its redirect URI is trusted), with state.
    if (location.href.startsWith(REDIRECT_URI)) refused.push(location.searchParams.get('error')!)
  }
  expect(Object.keys(op.dump().interactions)).toHaveLength(cap)
  expect(refused).toHaveLength(cap)
}, 60_000)
