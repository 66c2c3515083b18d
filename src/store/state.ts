/**
 * The shape of all mutable OP state: plain JSON, so that a snapshot can be dumped, stored
 * (IndexedDB in the worker), sent over `postMessage` and loaded back.
 */
import type { JWK } from 'jose'
import type { ClaimsRequest } from './claims-request.js'
import type { ClientMetadata } from './client-metadata.js'
import type { PkceMethod, ResponseMode, SigningAlg } from '../consts.js'

/** Bump when the snapshot format changes; `load()` refuses other versions. */
export const STATE_VERSION = 1

/** An end-user: `sub` plus OpenID standard claims (and any others). */
export interface User {
  sub: string
  [claim: string]: unknown
}

/** A registered client: RFC 7591 metadata plus what the OP issued for it. */
export interface ClientRecord extends ClientMetadata {
  client_id: string
  client_id_issued_at: number
  /** The RFC 7592 registration access token, for dynamically registered clients. */
  registration_access_token?: string
}

/** A private signing key, as a JWK with `kid`, `alg` and `use`. */
export type PrivateJWK = JWK & { kid: string; alg: SigningAlg; use: 'sig' }

/** A login session at the OP (what the session cookie, or the worker as one user agent, points at). */
export interface LoginSession {
  sid: string
  /** The session cookie's value (cookie binding): random, and not the `sid` every RP sees. */
  cookie?: string
  /** The CSRF token of the logout confirmation page shown last; single use. */
  logout_token?: string
  sub: string
  /** Seconds since the epoch. */
  auth_time: number
  acr?: string
  amr?: string[]
  expires_at: number
  /** client_id → the grant this session's last authorization of that client made or reused. */
  grants_by_client?: Record<string, string>
  /** When the user agent last used this session (an ever-growing count): the most recent is its active one. */
  used?: number
}

/** An authorization request that passed validation, kept while the user interacts. */
export interface ValidatedAuthorizationRequest {
  client_id: string
  redirect_uri: string
  /** Whether `redirect_uri` was sent (it must then be sent again to the token endpoint). */
  redirect_uri_sent: boolean
  /** The response type, its words in canonical order (`code id_token token`). */
  response_type: string
  response_mode: ResponseMode
  scope: string[]
  state?: string
  nonce?: string
  code_challenge?: string
  code_challenge_method?: PkceMethod
  prompt: string[]
  max_age?: number
  login_hint?: string
  /** The `sub` the request asks for, from `id_token_hint` or the `claims` request. */
  requested_sub?: string
  acr_values?: string[]
  claims?: ClaimsRequest
  ui_locales?: string
  /** RFC 9449 §10: the thumbprint of the DPoP key the code is bound to. */
  dpop_jkt?: string
  /** RFC 8707 §2: the resources the client asked access for (absolute URIs). */
  resource?: string[]
  /** RFC 9396 §2: what the client asked to be authorized, in detail. */
  authorization_details?: AuthorizationDetail[]
  /** Core §5.2: the languages the RP prefers for claims, in order. */
  claims_locales?: string[]
}

/**
 * One authorization detail (RFC 9396 §2): a `type` the OP supports, and members that type defines.
 * @see https://www.rfc-editor.org/rfc/rfc9396#section-2
 */
export interface AuthorizationDetail {
  type: string
  [member: string]: unknown
}

/** A pending login or consent page. */
export interface Interaction {
  uid: string
  kind: 'login' | 'consent'
  request: ValidatedAuthorizationRequest
  /** The user agent's session when the page was started: the one consent is for; on a login page, whose user to preselect. */
  sid?: string
  expires_at: number
}

/** What a user authorized a client to do, from one authorization (or client_credentials request). */
export interface Grant {
  id: string
  client_id: string
  sub: string
  sid?: string
  scope: string[]
  claims?: ClaimsRequest
  auth_time: number
  acr?: string
  amr?: string[]
  created_at: number
  /** Revoked grants invalidate every token minted from them. */
  revoked: boolean
  /** The latest expiry of anything minted from the grant; collected after that. */
  expires_at: number
  /** RFC 8707: the resources authorized; token requests may narrow them. */
  resource?: string[]
  /** RFC 9396: the authorization details authorized; token requests may narrow them. */
  authorization_details?: AuthorizationDetail[]
  /** Core §5.2: the languages the RP prefers for claims, in order. */
  claims_locales?: string[]
}

/** An authorization code, by its hash: single use, bound to its grant, redirect URI and PKCE challenge. */
export interface AuthorizationCodeRecord {
  grant_id: string
  client_id: string
  redirect_uri: string
  redirect_uri_sent: boolean
  nonce?: string
  code_challenge?: string
  code_challenge_method?: PkceMethod
  /** RFC 9449 §10: the token request must carry a DPoP proof of the key with this thumbprint. */
  dpop_jkt?: string
  expires_at: number
  /**
   * Set on first redemption, when the record keeps only what recognising the code again takes; a
   * second redemption revokes the grant (RFC 6749 §4.1.2).
   */
  redeemed_at?: number
}

/** The kinds of tokens the state records. */
export type TokenKind = 'access_token' | 'refresh_token'

/** An issued access or refresh token (never the token itself: the key is its `jti` or hash). */
export interface TokenRecord {
  kind: TokenKind
  format: 'jwt' | 'opaque'
  client_id: string
  /** The user, or the client for client_credentials. */
  sub: string
  grant_id?: string
  scope: string[]
  iat: number
  exp: number
  jti: string
  aud?: string | string[]
  revoked: boolean
  /** Refresh tokens: set when rotated; presenting it again is reuse and revokes the grant. */
  rotated_at?: number
  /** Signing algorithm, for JWT access tokens. */
  alg?: SigningAlg
  /**
   * The DPoP key the token is bound to (RFC 9449 §6): access tokens requested with a proof, and
   * refresh tokens of public clients (§5).
   */
  cnf?: { jkt: string }
  /** The acting party of a delegated token from token exchange (RFC 8693 §4.1). */
  act?: Record<string, unknown>
  /** RFC 9396 §9: the authorization details the access token carries, for introspection. */
  authorization_details?: AuthorizationDetail[]
  /** JWT access tokens: base64url(SHA-256) of the token, which finds it without checking its signature. */
  token_hash?: string
}

/** A pushed authorization request (RFC 9126), waiting for the authorization request that uses it. */
export interface PushedRequestRecord {
  client_id: string
  /** The authorization request parameters as pushed (client authentication removed). */
  params: Record<string, string>
  expires_at: number
}

/**
 * An authorization that a client polls the token endpoint for while the user decides elsewhere
 * (RFC 8628 device flow, CIBA poll and ping modes).
 */
export interface PendingAuthorization {
  client_id: string
  scope: string[]
  status: 'pending' | 'approved' | 'denied'
  /** Who approved (device flow), or whom the request names (CIBA). */
  sub?: string
  /** When the user approved, seconds since the epoch. */
  auth_time?: number
  /** The minimum seconds between two polls; grows by 5 on each `slow_down` (RFC 8628 §3.5). */
  interval: number
  last_poll_at?: number
  expires_at: number
}

/** A device authorization (RFC 8628 §3.2). */
export interface DeviceCodeRecord extends PendingAuthorization {
  /** Normalized: the alphabet's characters only, no dash. */
  user_code: string
  /** The login session of the verification page, between its login and consent steps. */
  sid?: string
}

/** A CIBA authentication request (CIBA Core §7). */
export interface BackchannelRequestRecord extends PendingAuthorization {
  sub: string
  delivery_mode: 'poll' | 'ping'
  /** Ping mode: the Bearer token of the callback (CIBA Core §7.1 `client_notification_token`). */
  client_notification_token?: string
  binding_message?: string
  acr?: string
  /** The last failure to deliver the ping callback (CIBA Core §10.2), for the inspector. */
  ping_error?: string
}

/** All mutable state of one OP. */
export interface OPState {
  version: typeof STATE_VERSION
  /** Private signing keys (JWK), one per algorithm in use. */
  keys: PrivateJWK[]
  clients: Record<string, ClientRecord>
  /** Users in configuration order: "the first user" is `users[0]`. */
  users: User[]
  sessions: Record<string, LoginSession>
  /** The worker and Node act as one user agent: this is its login session. */
  agent_session: string | null
  interactions: Record<string, Interaction>
  grants: Record<string, Grant>
  /** Keyed by the SHA-256 of the code. */
  codes: Record<string, AuthorizationCodeRecord>
  /** Keyed by `jti` (JWTs) or the SHA-256 of the token (opaque). */
  tokens: Record<string, TokenRecord>
  /** Client-assertion `jti`s seen, with their `exp`, to refuse replays (RFC 7523 §3). */
  assertion_jtis: Record<string, number>
  /** DPoP proofs used, by the SHA-256 of their `jti`, with the time until which they would be accepted (RFC 9449 §11.1). */
  dpop_jtis: Record<string, number>
  /** DPoP nonces the OP provided, with their expiry (RFC 9449 §8). */
  dpop_nonces: Record<string, number>
  /** Scopes each user consented to, per client: consents[sub][client_id]. */
  consents: Record<string, Record<string, string[]>>
  /** Pushed authorization requests, keyed by the SHA-256 of their `request_uri`. */
  pushed_requests: Record<string, PushedRequestRecord>
  /** How far `op.clock` was moved from the real time, in ms (absent: not moved). */
  clock_offset_ms?: number
  /** RFC 8628 device authorizations, keyed by the SHA-256 of their `device_code`. */
  device_codes: Record<string, DeviceCodeRecord>
  /** CIBA authentication requests, keyed by the SHA-256 of their `auth_req_id`. */
  backchannel_requests: Record<string, BackchannelRequestRecord>
  /** The salt of pairwise subject identifiers (OIDC Core §8.1), made on first use (src/add-ons/pairwise/). */
  pairwise_salt?: string
}

/** The state of an OP with nothing in it: the start of `new Server` and of `reset()`. */
export function initialState(): OPState {
  return {
    version: STATE_VERSION,
    keys: [],
    clients: {},
    users: [],
    sessions: {},
    agent_session: null,
    interactions: {},
    grants: {},
    codes: {},
    tokens: {},
    assertion_jtis: {},
    dpop_jtis: {},
    dpop_nonces: {},
    consents: {},
    pushed_requests: {},
    device_codes: {},
    backchannel_requests: {},
  }
}

export type { ClaimsRequest, ClientMetadata, PkceMethod, ResponseMode, SigningAlg }
