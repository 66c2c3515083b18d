/**
 * The `claimRules` option, checked: plain JSON of a known shape and a bounded size, no protocol
 * claim, so that a bad rule fails `new Server()` (and `startWorker`) with the field it is in.
 * @see ../../docs/claims.md
 */
import { CLAIM_TARGETS, PROTECTED_CLAIMS, type ClaimRule, type ClaimTarget, type JsonValue } from '../claims/rules.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import { ownSet } from '../store/own.js'

/** At most this many rules. */
export const MAX_CLAIM_RULES = 100

/** At most this many characters of rules, as JSON (all rules together). */
export const MAX_CLAIM_RULES_SIZE = 64 * 1024

/** At most this many values in one `match` list. */
const MAX_MATCH_VALUES = 100

/** How deep a claim's JSON value may nest. */
const MAX_DEPTH = 16

const RULE_KEYS = new Set(['match', 'claims', 'targets'])
const MATCH_KEYS = new Set(['client_id', 'scope', 'sub', 'login_hint'])

/** The rules, validated and copied (later changes to the caller's objects do not reach the OP). */
export function resolveClaimRules(input: unknown): ClaimRule[] {
  if (input === undefined) return []
  if (!Array.isArray(input)) throw new ConfigurationError('claimRules', 'must be an array of rules')
  if (input.length > MAX_CLAIM_RULES) throw new ConfigurationError('claimRules', `holds ${input.length} rules, at most ${MAX_CLAIM_RULES} are accepted`)
  const rules = input.map((rule: unknown, i) => checkRule(rule, `claimRules[${i}]`))
  const size = JSON.stringify(rules).length
  if (size > MAX_CLAIM_RULES_SIZE) throw new ConfigurationError('claimRules', `is ${size} characters of JSON, at most ${MAX_CLAIM_RULES_SIZE} are accepted`)
  return rules
}

function checkRule(rule: unknown, field: string): ClaimRule {
  const record = plainObject(rule, field)
  for (const key of Object.keys(record)) if (!RULE_KEYS.has(key)) throw new ConfigurationError(`${field}.${key}`, 'is not part of a rule (match, claims, targets)')
  const claims = plainObject(record.claims, `${field}.claims`)
  const copied: Record<string, JsonValue> = {}
  for (const [name, value] of Object.entries(claims)) {
    if (name === '') throw new ConfigurationError(`${field}.claims`, 'has a claim with an empty name')
    if (PROTECTED_CLAIMS.has(name)) throw new ConfigurationError(`${field}.claims.${name}`, 'is set by the protocol and cannot be overridden')
    ownSet(copied, name, json(value, `${field}.claims.${name}`, 0))
  }
  return {
    ...(record.match !== undefined ? { match: checkMatch(record.match, `${field}.match`) } : {}),
    claims: copied,
    ...(record.targets !== undefined ? { targets: checkTargets(record.targets, `${field}.targets`) } : {}),
  }
}

function checkMatch(match: unknown, field: string): NonNullable<ClaimRule['match']> {
  const record = plainObject(match, field)
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of Object.entries(record)) {
    if (!MATCH_KEYS.has(key)) throw new ConfigurationError(`${field}.${key}`, 'is not a match member (client_id, scope, sub, login_hint)')
    if (typeof value === 'string' && value !== '') out[key] = value
    else if (Array.isArray(value) && value.length > 0 && value.length <= MAX_MATCH_VALUES && value.every((v) => typeof v === 'string' && v !== '')) out[key] = [...(value as string[])]
    else throw new ConfigurationError(`${field}.${key}`, `must be a non-empty string or a list of 1 to ${MAX_MATCH_VALUES} of them`)
  }
  return out
}

function checkTargets(targets: unknown, field: string): ClaimTarget[] {
  if (!Array.isArray(targets) || targets.length === 0) throw new ConfigurationError(field, `must be a non-empty list of ${CLAIM_TARGETS.join(', ')}`)
  targets.forEach((target, i) => {
    if (!(CLAIM_TARGETS as readonly unknown[]).includes(target)) throw new ConfigurationError(`${field}[${i}]`, `must be one of ${CLAIM_TARGETS.join(', ')}`)
  })
  return [...new Set(targets as ClaimTarget[])]
}

function plainObject(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConfigurationError(field, 'must be an object')
  return value as Record<string, unknown>
}

/** A copy of `value` when it is JSON (finite numbers, no functions, bounded depth). */
function json(value: unknown, field: string, depth: number): JsonValue {
  if (depth > MAX_DEPTH) throw new ConfigurationError(field, `nests deeper than ${MAX_DEPTH} levels`)
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value
    throw new ConfigurationError(field, 'must be JSON: a finite number')
  }
  if (Array.isArray(value)) return value.map((item, i) => json(item, `${field}[${i}]`, depth + 1))
  if (typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    const out: Record<string, JsonValue> = {}
    for (const [key, item] of Object.entries(value)) ownSet(out, key, json(item, `${field}.${key}`, depth + 1))
    return out
  }
  throw new ConfigurationError(field, `must be JSON, not ${typeof value === 'object' ? 'an object of a class' : `a ${typeof value}`}`)
}
