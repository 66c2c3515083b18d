/**
 * The subject and actor tokens of a token exchange: tokens this OP issued (found in its state, or
 * an ID token under its own signature) and JWTs of the trusted issuers. Whatever is wrong with one
 * is `invalid_request` (RFC 8693 §2.2.2).
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-3
 */
import type { JWTPayload } from 'jose'
import { TokenTypeUri } from '../../consts.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import { spaceList } from '../../http/params.js'
import type { Grant, TokenRecord } from '../../store/state.js'
import { findAccessToken } from '../../tokens/access-token.js'
import { findRefreshToken } from '../../tokens/refresh-token.js'
import { trustedIssuerKeys, unverifiedIssuer, verifyJwt } from './trusted-jwt.js'

/** What the exchange needs to know of a subject or actor token. */
export interface PresentedToken {
  iss: string
  sub: string
  /** The client it was issued to, when known. */
  client_id?: string
  aud: string[]
  /** Its scope; undefined when it carries none (ID tokens, JWTs without `scope`). */
  scope?: string[]
  /** The grant it lives under, for the OP's access and refresh tokens. */
  grant?: Grant
  /** RFC 8693 §4.1: the current actor of a delegated token. */
  act?: Record<string, unknown>
  /** RFC 8693 §4.4: who may act for the subject. */
  may_act?: Record<string, unknown>
  auth_time?: number
}

/** Reads and checks a token of the given type; `what` names the parameter in errors. */
export async function readPresentedToken(context: EndpointContext, token: string, type: string, what: string): Promise<PresentedToken> {
  const invalid = (why: string) => oauthError('invalid_request', `${what} is invalid: ${why}`)
  switch (type) {
    case TokenTypeUri.refresh_token: {
      const found = findRefreshToken(context, token)
      if (!found || !context.tokens.isActive(found.record)) throw invalid('no active refresh token of this OP')
      return fromRecord(context, found.record)
    }
    case TokenTypeUri.access_token: {
      const found = await findAccessToken(context, token)
      if (found) {
        if (!context.tokens.isActive(found.record)) throw invalid('the access token is revoked or expired')
        return fromRecord(context, found.record)
      }
      return fromForeignJwt(context, token, what)
    }
    case TokenTypeUri.id_token:
    case TokenTypeUri.jwt:
      return unverifiedIssuer(token) === context.issuer ? fromOwnJwt(context, token, type, what) : fromForeignJwt(context, token, what)
    default:
      throw oauthError('invalid_request', `${what}_type '${type}' is not supported (${Object.values(TokenTypeUri).join(', ')})`)
  }
}

function fromRecord(context: EndpointContext, record: TokenRecord): PresentedToken {
  const grant = context.grants.get(record.grant_id)
  return {
    iss: context.issuer,
    sub: record.sub,
    client_id: record.client_id,
    aud: audList(record.aud),
    scope: record.scope,
    ...(grant ? { grant, auth_time: grant.auth_time } : {}),
    ...(record.act ? { act: record.act } : {}),
  }
}

/** An ID token or JWT access token under the OP's own signature. */
async function fromOwnJwt(context: EndpointContext, token: string, type: string, what: string): Promise<PresentedToken> {
  let verified: Awaited<ReturnType<typeof context.keyjar.verify>>
  try {
    verified = await context.keyjar.verify(token, { issuer: context.issuer })
  } catch {
    throw oauthError('invalid_request', `${what} is invalid: it is not a valid, unexpired JWT of this OP`)
  }
  // A JWT access token of the OP is found in its state, so that revocation applies.
  if (verified.typ === 'at+jwt') {
    if (type === TokenTypeUri.id_token) throw oauthError('invalid_request', `${what} is an access token, not an ID token`)
    return readPresentedToken(context, token, TokenTypeUri.access_token, what)
  }
  return fromPayload(verified.payload, context.issuer)
}

/** A JWT of a trusted issuer. */
async function fromForeignJwt(context: EndpointContext, token: string, what: string): Promise<PresentedToken> {
  const iss = unverifiedIssuer(token)
  const trusted = iss !== undefined ? trustedIssuerKeys(context, context.config.tokenExchange?.trustedIssuers ?? [], iss) : undefined
  if (!iss || !trusted) {
    throw oauthError('invalid_request', `${what} is invalid: not a token of this OP nor a JWT of a trusted issuer${iss ? ` ('${iss}' is not trusted)` : ''}`)
  }
  const payload = await verifyJwt(context, token, iss, { ...trusted, requiredClaims: ['sub', 'exp'], error: 'invalid_request', what })
  return fromPayload(payload, iss)
}

function fromPayload(payload: JWTPayload, iss: string): PresentedToken {
  const clientId = typeof payload.client_id === 'string' ? payload.client_id : typeof payload.azp === 'string' ? payload.azp : undefined
  const aud = audList(payload.aud)
  return {
    iss,
    sub: payload.sub!,
    ...(clientId ? { client_id: clientId } : {}),
    aud,
    ...(typeof payload.scope === 'string' ? { scope: spaceList(payload.scope) } : {}),
    ...(isObject(payload.act) ? { act: payload.act } : {}),
    ...(isObject(payload.may_act) ? { may_act: payload.may_act } : {}),
    ...(typeof payload.auth_time === 'number' ? { auth_time: payload.auth_time } : {}),
  }
}

function audList(aud: string | string[] | undefined): string[] {
  return aud === undefined ? [] : Array.isArray(aud) ? aud : [aud]
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
