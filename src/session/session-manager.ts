/**
 * The session manager owns the lifecycle of everything a login leads to, as idpyoidc's
 * (user → client → grant): login sessions, grants, authorization codes, issued tokens, consents,
 * pending interactions, and the collection of what has expired.
 */
import type { Clock } from '../context/clock.js'
import { randomId, randomToken } from '../internal/random.js'
import type { ResolvedConfiguration } from '../config/options.js'
import type {
  AuthorizationCodeRecord,
  Grant,
  Interaction,
  LoginSession,
  OPState,
  TokenRecord,
  ValidatedAuthorizationRequest,
} from '../store/state.js'
import { mutate, type OPStore } from '../store/store.js'
import { sha256 } from '../tokens/hash.js'

export const SESSION_COOKIE = 'op_session'

/** RFC 9126 §2.2: the form of the `request_uri` values the OP hands out. */
export const PUSHED_REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:'

/** How often (in seconds of the OP's clock) expired records are collected. */
const SWEEP_INTERVAL = 60

export class SessionManager {
  readonly #store: OPStore
  readonly #clock: Clock
  readonly #config: ResolvedConfiguration
  #nextSweep = 0

  constructor(store: OPStore, clock: Clock, config: ResolvedConfiguration) {
    this.#store = store
    this.#clock = clock
    this.#config = config
  }

  get #state(): OPState {
    return this.#store.getState()
  }

  // Login sessions --------------------------------------------------------------------------------

  /** The live login session of the user agent that sent `request`. */
  current(request: Request): LoginSession | undefined {
    const sid = this.#config.sessionBinding === 'agent' ? this.#state.agent_session : readCookie(request, SESSION_COOKIE)
    return sid ? this.get(sid) : undefined
  }

  /** A session by id, if it is live and its user still exists. */
  get(sid: string): LoginSession | undefined {
    const session = own(this.#state.sessions, sid)
    if (!session || session.expires_at <= this.#clock.now()) return undefined
    if (!this.#state.users.some((u) => u.sub === session.sub)) return undefined
    return session
  }

  list(): LoginSession[] {
    return Object.values(this.#state.sessions).filter((s) => this.get(s.sid))
  }

  /** Logs `sub` in: a new session (a new `sid`), which becomes the user agent's. */
  login(sub: string, details: { acr?: string; amr?: string[] } = {}, previous?: LoginSession): LoginSession {
    const now = this.#clock.now()
    const session: LoginSession = {
      sid: randomId(),
      sub,
      auth_time: now,
      ...(details.acr ? { acr: details.acr } : {}),
      ...(details.amr ? { amr: details.amr } : {}),
      expires_at: now + this.#config.ttl.Session,
    }
    mutate(this.#store, (state) => {
      // Re-authentication replaces the session the user agent had.
      if (previous) delete state.sessions[previous.sid]
      state.sessions[session.sid] = session
      if (this.#config.sessionBinding === 'agent') state.agent_session = session.sid
    })
    this.#maybeSweep()
    return session
  }

  /**
   * Ends a session. Grants made in it end too, except those with `offline_access`
   * (OpenID Connect Core §11: offline access outlives the login session).
   */
  logout(sid: string): void {
    mutate(this.#store, (state) => {
      delete state.sessions[sid]
      if (state.agent_session === sid) state.agent_session = null
      for (const grant of Object.values(state.grants)) {
        if (grant.sid === sid && !grant.scope.includes('offline_access')) grant.revoked = true
      }
    })
  }

  /** The `Set-Cookie` value that binds a browser to `session` (cookie binding only). */
  sessionCookie(session: LoginSession | undefined): string | undefined {
    if (this.#config.sessionBinding !== 'cookie') return undefined
    const issuer = new URL(this.#config.issuer)
    const secure = issuer.protocol === 'https:'
    const path = issuer.pathname.replace(/\/$/, '') || '/'
    const attributes = [`Path=${path}`, 'HttpOnly', secure ? 'Secure; SameSite=None' : 'SameSite=Lax']
    if (!session) return `${SESSION_COOKIE}=; Max-Age=0; ${attributes.join('; ')}`
    return `${SESSION_COOKIE}=${session.sid}; Max-Age=${session.expires_at - this.#clock.now()}; ${attributes.join('; ')}`
  }

  // Consent ---------------------------------------------------------------------------------------

  hasConsent(sub: string, clientId: string, scope: readonly string[]): boolean {
    const granted = this.#state.consents[sub]?.[clientId]
    return !!granted && scope.every((s) => granted.includes(s))
  }

  recordConsent(sub: string, clientId: string, scope: readonly string[]): void {
    mutate(this.#store, (state) => {
      const forUser = (state.consents[sub] ??= {})
      forUser[clientId] = [...new Set([...(forUser[clientId] ?? []), ...scope])]
    })
  }

  // Interactions (login and consent pages) --------------------------------------------------------

  startInteraction(kind: Interaction['kind'], request: ValidatedAuthorizationRequest, sid?: string): Interaction {
    const interaction: Interaction = {
      uid: randomToken(),
      kind,
      request,
      ...(sid ? { sid } : {}),
      expires_at: this.#clock.now() + this.#config.ttl.Interaction,
    }
    mutate(this.#store, (state) => {
      state.interactions[interaction.uid] = interaction
    })
    return interaction
  }

  interaction(uid: string): Interaction | undefined {
    const found = own(this.#state.interactions, uid)
    return found && found.expires_at > this.#clock.now() ? found : undefined
  }

  endInteraction(uid: string): void {
    mutate(this.#store, (state) => {
      delete state.interactions[uid]
    })
  }

  // Grants ----------------------------------------------------------------------------------------

  createGrant(grant: Omit<Grant, 'id' | 'created_at' | 'revoked' | 'expires_at'>): Grant {
    const now = this.#clock.now()
    // Lives at least as long as the code that is about to be issued from it.
    const record: Grant = { ...grant, id: randomId(), created_at: now, revoked: false, expires_at: now + this.#config.ttl.AuthorizationCode }
    mutate(this.#store, (state) => {
      state.grants[record.id] = record
    })
    return record
  }

  grant(id: string | undefined): Grant | undefined {
    return id ? own(this.#state.grants, id) : undefined
  }

  /** Revokes a grant: every code and token minted from it stops working. */
  revokeGrant(id: string): void {
    mutate(this.#store, (state) => {
      const grant = state.grants[id]
      if (grant) grant.revoked = true
    })
  }

  // Authorization codes ---------------------------------------------------------------------------

  issueCode(grant: Grant, request: ValidatedAuthorizationRequest): string {
    const code = randomToken()
    const expires = this.#clock.now() + this.#config.ttl.AuthorizationCode
    const record: AuthorizationCodeRecord = {
      grant_id: grant.id,
      client_id: request.client_id,
      redirect_uri: request.redirect_uri,
      redirect_uri_sent: request.redirect_uri_sent,
      ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
      ...(request.code_challenge !== undefined
        ? { code_challenge: request.code_challenge, code_challenge_method: request.code_challenge_method! }
        : {}),
      ...(request.dpop_jkt !== undefined ? { dpop_jkt: request.dpop_jkt } : {}),
      expires_at: expires,
    }
    const key = sha256(code)
    mutate(this.#store, (state) => {
      state.codes[key] = record
      extendGrant(state, grant.id, expires)
    })
    return code
  }

  /** The record of a live (unexpired) code, redeemed or not. */
  findCode(code: string): { key: string; record: AuthorizationCodeRecord } | undefined {
    const key = sha256(code)
    const record = own(this.#state.codes, key)
    if (!record || record.expires_at <= this.#clock.now()) return undefined
    return { key, record }
  }

  /** Marks a code redeemed; false when it already was (a request that awaited lost the race). */
  markCodeRedeemed(key: string): boolean {
    return mutate(this.#store, (state) => {
      const record = state.codes[key]
      if (!record || record.redeemed_at !== undefined) return false
      record.redeemed_at = this.#clock.now()
      return true
    })
  }

  // Tokens ----------------------------------------------------------------------------------------

  storeToken(key: string, record: TokenRecord): void {
    mutate(this.#store, (state) => {
      state.tokens[key] = record
      if (record.grant_id) extendGrant(state, record.grant_id, record.exp)
    })
    this.#maybeSweep()
  }

  token(key: string): TokenRecord | undefined {
    return own(this.#state.tokens, key)
  }

  /** Whether a token may still be used: not expired, revoked, rotated, nor from a revoked grant. */
  isActive(record: TokenRecord): boolean {
    if (record.revoked || record.rotated_at !== undefined || record.exp <= this.#clock.now()) return false
    if (!record.grant_id) return !!this.#state.clients[record.client_id]
    const grant = this.grant(record.grant_id)
    return !!grant && !grant.revoked && !!this.#state.clients[record.client_id]
  }

  /**
   * Revokes a token. A refresh token takes its grant along, and so every access token of that
   * grant (RFC 7009 §2.1).
   */
  revokeToken(key: string): void {
    const record = this.token(key)
    if (record?.kind === 'refresh_token' && record.grant_id) return this.revokeGrant(record.grant_id)
    mutate(this.#store, (state) => {
      if (record) state.tokens[key]!.revoked = true
    })
  }

  markRotated(key: string): void {
    mutate(this.#store, (state) => {
      const record = state.tokens[key]
      if (record) record.rotated_at = this.#clock.now()
    })
  }

  // Pushed authorization requests (RFC 9126) --------------------------------------------------------

  /** Keeps pushed request parameters; returns the `request_uri` that refers to them and its lifetime. */
  pushRequest(clientId: string, params: Record<string, string>): { request_uri: string; expires_in: number } {
    const expiresIn = this.#config.ttl.PushedAuthorizationRequest
    const requestUri = `${PUSHED_REQUEST_URI_PREFIX}${randomToken()}`
    mutate(this.#store, (state) => {
      state.pushed_requests[sha256(requestUri)] = { client_id: clientId, params, expires_at: this.#clock.now() + expiresIn }
    })
    return { request_uri: requestUri, expires_in: expiresIn }
  }

  /**
   * The parameters a `request_uri` refers to, if it is live and was pushed by `clientId`. It works
   * once (RFC 9126 §4: one-time use).
   */
  takePushedRequest(requestUri: string, clientId: string): Record<string, string> | undefined {
    const key = sha256(requestUri)
    const record = own(this.#state.pushed_requests, key)
    if (!record || record.client_id !== clientId || record.expires_at <= this.#clock.now()) return undefined
    mutate(this.#store, (state) => {
      delete state.pushed_requests[key]
    })
    return record.params
  }

  // Client assertion replay -----------------------------------------------------------------------

  /** Records a client-assertion `jti`; false when it was seen before (a replay). */
  rememberAssertion(clientId: string, jti: string, exp: number): boolean {
    return this.#remember('assertion_jtis', `${clientId}:${jti}`, exp)
  }

  // DPoP (RFC 9449) -------------------------------------------------------------------------------

  /** Whether a DPoP proof with this `jti` was used and would still be accepted: a replay (§11.1). */
  dpopProofUsed(jti: string): boolean {
    return this.#seen('dpop_jtis', sha256(jti))
  }

  /**
   * Records a DPoP proof as used until `until`, the end of the time it would be accepted; false
   * when it already was. Synchronous: of two requests with one proof, only one gets through.
   */
  spendDPoPProof(jti: string, until: number): boolean {
    return this.#remember('dpop_jtis', sha256(jti), until)
  }

  /**
   * The nonce to provide (§8, §8.2): the newest one while it has more than half its lifetime left,
   * else a new one. Older nonces stay valid until they expire.
   */
  dpopNonce(): string {
    const now = this.#clock.now()
    const lifetime = this.#config.ttl.DPoPNonce
    let newest: [string, number] | undefined
    for (const entry of Object.entries(this.#state.dpop_nonces)) if (!newest || entry[1] > newest[1]) newest = entry
    if (newest && (newest[1] - now) * 2 > lifetime) return newest[0]
    const nonce = randomToken()
    mutate(this.#store, (state) => {
      state.dpop_nonces[nonce] = now + lifetime
    })
    this.#maybeSweep()
    return nonce
  }

  /** When a nonce the OP provided stops being accepted; undefined when it is unknown or expired. */
  dpopNonceExpiry(nonce: string): number | undefined {
    const expires = own(this.#state.dpop_nonces, nonce)
    return expires !== undefined && expires > this.#clock.now() ? expires : undefined
  }

  // Replay detection ------------------------------------------------------------------------------

  /** Whether `key` is in a replay record and not yet expired. */
  #seen(record: 'assertion_jtis' | 'dpop_jtis', key: string): boolean {
    const until = own(this.#state[record], key)
    return until !== undefined && until > this.#clock.now()
  }

  /** Records `key` until `until`; false when it is there already (a replay). */
  #remember(record: 'assertion_jtis' | 'dpop_jtis', key: string, until: number): boolean {
    if (this.#seen(record, key)) return false
    mutate(this.#store, (state) => {
      state[record][key] = until
    })
    this.#maybeSweep()
    return true
  }

  // Collection ------------------------------------------------------------------------------------

  #maybeSweep(): void {
    const now = this.#clock.now()
    if (now < this.#nextSweep) return
    this.#nextSweep = now + SWEEP_INTERVAL
    this.sweep()
  }

  /**
   * Drops what has expired. Codes stay until their expiry even when redeemed (to detect reuse);
   * grants stay while anything minted from them lives.
   */
  sweep(): void {
    const now = this.#clock.now()
    const byExpiry = (item: { expires_at: number }) => item.expires_at
    const asIs = (until: number) => until
    mutate(this.#store, (state) => {
      dropExpired(state.codes, byExpiry, now)
      dropExpired(state.tokens, (token) => token.exp, now)
      dropExpired(state.grants, byExpiry, now)
      dropExpired(state.sessions, byExpiry, now)
      if (state.agent_session && !state.sessions[state.agent_session]) state.agent_session = null
      dropExpired(state.interactions, byExpiry, now)
      dropExpired(state.pushed_requests, byExpiry, now)
      dropExpired(state.assertion_jtis, asIs, now)
      dropExpired(state.dpop_jtis, asIs, now)
      dropExpired(state.dpop_nonces, asIs, now)
    })
  }
}

/** A record's own entry (never one of `Object.prototype`'s, whatever key a request sends). */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined
}

function dropExpired<T>(record: Record<string, T>, expiry: (item: T) => number, now: number): void {
  for (const [key, item] of Object.entries(record)) if (expiry(item) <= now) delete record[key]
}

function extendGrant(state: OPState, grantId: string, until: number): void {
  const grant = state.grants[grantId]
  if (grant && grant.expires_at < until) grant.expires_at = until
}

/** One cookie's value from the request's `Cookie` header. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie')
  if (!header) return undefined
  for (const part of header.split(';')) {
    const at = part.indexOf('=')
    if (at !== -1 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined
  }
  return undefined
}
