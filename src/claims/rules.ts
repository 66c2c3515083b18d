/**
 * Claim rules (`claimRules`): claims added or overridden per client, scope or user, as plain JSON,
 * so that the same rules reach every host (Node, the worker, the Playwright fixture, `serve`). They
 * are applied here, in one place, for the three places a relying party or resource server reads
 * claims: the ID token, the access token (the JWT and its introspection) and UserInfo.
 * @see ../../docs/claims.md
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AdditionalClaims
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
import type { User } from '../store/state.js'
import { ownSet } from '../store/own.js'
import { PROTOCOL_CLAIMS } from './release.js'

/**
 * Where a rule's claims go: the ID token, the access token (its JWT and its introspection
 * response), or the UserInfo response.
 */
export type ClaimTarget = 'id_token' | 'access_token' | 'userinfo'

/** Every {@link ClaimTarget}, the default of {@link ClaimRule.targets}. */
export const CLAIM_TARGETS: readonly ClaimTarget[] = ['id_token', 'access_token', 'userinfo']

/**
 * What a rule applies to. Every member given must match; a list matches when one of its values
 * does; no member (or no `match`) matches everything.
 */
export interface ClaimRuleMatch {
  /** The client the token or the UserInfo response is for. */
  client_id?: string | string[]
  /** A scope the token was granted (the rule applies when the granted scope includes it). */
  scope?: string | string[]
  /** The user's `sub` (tokens of a client acting for itself have no user and never match). */
  sub?: string | string[]
  /**
   * The user a `login_hint` with this value names, as the OP resolves hints: the user whose `sub`,
   * `email` (any case) or `preferred_username` equals it.
   */
  login_hint?: string | string[]
}

/** A JSON value, as claims carry them. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [name: string]: JsonValue }

/**
 * One claim rule: when `match` matches, `claims` are added to `targets` (all three by default),
 * over the user's claims. Protocol claims (`iss`, `sub`, `aud`, `exp`, `iat`, `nonce`, `at_hash`…)
 * cannot be set. Later rules override earlier ones.
 */
export interface ClaimRule {
  match?: ClaimRuleMatch
  /** The claims to add or override, as JSON. */
  claims: Record<string, JsonValue>
  /** Default: every target. */
  targets?: ClaimTarget[]
}

/**
 * Claims no rule may set: those the protocol sets itself in tokens and UserInfo, and the members
 * an introspection response defines (RFC 7662 §2.2), which would change what the response means.
 */
export const PROTECTED_CLAIMS: ReadonlySet<string> = new Set([...PROTOCOL_CLAIMS, 'act', 'may_act', 'active', 'token_type', 'username'])

/** Who and what the claims are for. */
export interface ClaimRuleSubject {
  target: ClaimTarget
  /** The client the token or response is for. */
  client_id: string
  /** The granted scope. */
  scope: readonly string[]
  /** The user; absent for a client acting for itself. */
  user?: User
}

/**
 * The claims that `rules` give `subject`, later rules over earlier ones; undefined when no rule
 * applies. Protocol claims are left out even if a rule names one (the configuration refuses that).
 */
export function ruleClaims(rules: readonly ClaimRule[] | undefined, subject: ClaimRuleSubject): Record<string, JsonValue> | undefined {
  let out: Record<string, JsonValue> | undefined
  for (const rule of rules ?? []) {
    if (!(rule.targets ?? CLAIM_TARGETS).includes(subject.target) || !matches(rule.match, subject)) continue
    out ??= {}
    for (const [name, value] of Object.entries(rule.claims)) if (!PROTECTED_CLAIMS.has(name)) ownSet(out, name, structuredClone(value))
  }
  return out
}

/** Whether every member of `match` matches the subject. */
function matches(match: ClaimRuleMatch | undefined, { client_id, scope, user }: ClaimRuleSubject): boolean {
  if (!match) return true
  if (match.client_id !== undefined && !list(match.client_id).includes(client_id)) return false
  if (match.scope !== undefined && !list(match.scope).some((s) => scope.includes(s))) return false
  if (match.sub !== undefined && !(user && list(match.sub).includes(user.sub))) return false
  if (match.login_hint !== undefined && !(user && list(match.login_hint).some((hint) => hintNames(hint, user)))) return false
  return true
}

function list(value: string | string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value
}

/** Whether a `login_hint` of `hint` names `user` (as `users.findByHint` resolves one). */
function hintNames(hint: string, user: User): boolean {
  return (
    user.sub === hint ||
    (typeof user.email === 'string' && user.email.toLowerCase() === hint.toLowerCase()) ||
    user.preferred_username === hint
  )
}

/**
 * The claim names the rules can supply, for discovery's `claims_supported`.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
export function ruleClaimNames(rules: readonly ClaimRule[] | undefined): string[] {
  return [...new Set((rules ?? []).flatMap((rule) => Object.keys(rule.claims)))]
}
