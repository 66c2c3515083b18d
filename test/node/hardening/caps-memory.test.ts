/**
 * Flaw 7 of issue 9, measured: 100,000 junk registrations and 20,000 junk authorization requests
 * (twice the cap)
 * stay under the documented caps (docs/limits.md), and the state stays small enough to dump at once.
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
}, 60_000)

test(`${2 * DEFAULT_LIMITS.interactions} authorization requests that open a login page: at most limits.interactions are pending`, async () => {
  const op = createOp({ interaction: 'login' })
  const url = `${op.issuer}/authorize?${form(authParams(WEB, { state: 's'.repeat(DEFAULT_LIMITS.state) }))}`
  for (let i = 0; i < 2 * DEFAULT_LIMITS.interactions; i++) await op.handle(new Request(url))
  expect(Object.keys(op.dump().interactions)).toHaveLength(DEFAULT_LIMITS.interactions)
  const started = performance.now()
  op.dump()
  expect(performance.now() - started).toBeLessThan(1000)
}, 60_000)
