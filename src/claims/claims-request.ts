/**
 * The `claims` request parameter (OpenID Connect Core §5.5): which claims the RP wants, and where.
 */
import { oauthError } from '../errors/oauth-error.js'
import { ownGet, ownSet } from '../store/own.js'
import type { ClaimRequestMember, ClaimsRequest } from '../store/claims-request.js'

export type { ClaimRequestMember, ClaimsRequest } from '../store/claims-request.js'

const TARGETS = ['userinfo', 'id_token'] as const

/** Parses the `claims` parameter; malformed input is `invalid_request`. */
export function parseClaimsRequest(value: string): ClaimsRequest {
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw oauthError('invalid_request', 'claims parameter must be a JSON object')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw oauthError('invalid_request', 'claims parameter must be a JSON object')
  }
  const request: ClaimsRequest = {}
  for (const target of TARGETS) {
    const members = ownGet(parsed as Record<string, unknown>, target)
    if (members === undefined) continue
    if (members === null || typeof members !== 'object' || Array.isArray(members)) {
      throw oauthError('invalid_request', `claims.${target} must be a JSON object`)
    }
    const out: Record<string, ClaimRequestMember> = {}
    for (const [claim, member] of Object.entries(members)) {
      if (member !== null && (typeof member !== 'object' || Array.isArray(member))) {
        throw oauthError('invalid_request', `claims.${target}.${claim} must be null or a JSON object`)
      }
      if (member !== null) {
        const { essential, values } = member as { essential?: unknown; values?: unknown }
        if (essential !== undefined && typeof essential !== 'boolean') {
          throw oauthError('invalid_request', `claims.${target}.${claim}.essential must be a boolean`)
        }
        if (values !== undefined && !Array.isArray(values)) {
          throw oauthError('invalid_request', `claims.${target}.${claim}.values must be an array`)
        }
      }
      ownSet(out, claim, member as ClaimRequestMember)
    }
    request[target] = out
  }
  return request
}

/** The `sub` a request demands with `claims.{id_token,userinfo}.sub.value` (Core §5.5.1). */
export function requestedSub(claims: ClaimsRequest | undefined): string | undefined {
  for (const target of TARGETS) {
    const member = claims?.[target] && ownGet(claims[target], 'sub')
    if (member && typeof member.value === 'string') return member.value
  }
  return undefined
}

/** The acr values a request asks for through `claims.id_token.acr` (Core §5.5.1.1). */
export function requestedAcrValues(claims: ClaimsRequest | undefined): string[] {
  const member = claims?.id_token && ownGet(claims.id_token, 'acr')
  if (!member) return []
  if (typeof member.value === 'string') return [member.value]
  return (member.values ?? []).filter((v): v is string => typeof v === 'string')
}
