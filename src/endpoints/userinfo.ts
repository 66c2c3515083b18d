/**
 * The UserInfo endpoint (OpenID Connect Core §5.3), GET and POST, with the access token in the
 * `Authorization: Bearer` header or the form body (RFC 6750 §2.1–2.2), or, DPoP-bound, in the
 * `Authorization: DPoP` header with a proof (RFC 9449 §7). Errors follow RFC 6750 §3 and RFC 9449
 * §7.1–7.2: a challenge for each scheme.
 */
import { releaseClaims } from '../claims/release.js'
import { ruleClaims } from '../claims/rules.js'
import { localizedClaims } from '../claims/localized.js'
import { checkTokenBinding } from '../add-ons/dpop/binding.js'
import { encryptUserInfo } from '../add-ons/encryption/encrypt.js'
import { DPOP_SIGNING_ALGS, SIGNING_ALGS } from '../consts.js'
import { oauthError, type OAuthError } from '../errors/oauth-error.js'
import { isFormRequest, readForm, rejectRepeated } from '../http/params.js'
import { json, NO_STORE, resourceError, type ResourceChallenge } from '../http/responses.js'
import type { ClientRecord, Grant, User } from '../store/state.js'
import { findAccessToken } from '../tokens/access-token.js'
import { subjectFor } from '../add-ons/pairwise/subject.js'
import { Endpoint, type EndpointOptions, type EndpointRequest, type EndpointHost } from './endpoint.js'

interface UserInfoResult {
  claims: Record<string, unknown>
  client: ClientRecord
}

/** The access token as the request presents it. */
interface PresentedToken {
  token: string
  /** `DPoP` with the DPoP scheme (RFC 9449 §7.1); `Bearer` in a Bearer header or the form body. */
  scheme: Scheme
}

type Scheme = NonNullable<ResourceChallenge['scheme']>

/** Thrown when the request carries no token at all: a challenge without an error code (§3.1). */
const NO_TOKEN = Symbol('no token')

/** `Authorization: <scheme> <token68>` (RFC 9110 §11.4; RFC 6750 §2.1; RFC 9449 §7.1). */
const AUTHORIZATION = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*)$/i

/**
 * The UserInfo endpoint; the DPoP add-on reads the proof that goes with the DPoP scheme.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
 */
export class UserInfoEndpoint extends Endpoint<PresentedToken, UserInfoResult> {
  readonly name = 'userinfo'
  readonly methods = ['GET', 'POST'] as const
  override readonly metadataKey = 'userinfo_endpoint'

  /** The algorithms a client may ask signed UserInfo responses in. */
  override metadata(): Record<string, unknown> {
    return { userinfo_signing_alg_values_supported: [...SIGNING_ALGS] }
  }
  /** The scheme each request used, once known: its errors go into that scheme's challenge. */
  readonly #schemes = new WeakMap<EndpointRequest, Scheme>()

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/userinfo', options)
  }

  /** The access token, from exactly one place. */
  protected override async parseRequest(req: EndpointRequest): Promise<PresentedToken> {
    const { request } = req
    const header = request.headers.get('authorization')
    let fromHeader: PresentedToken | undefined
    if (header !== null) {
      const found = AUTHORIZATION.exec(header.trim())
      if (!found) throw oauthError('invalid_request', "the Authorization header must be one 'Bearer <token>' or 'DPoP <token>'")
      fromHeader = { token: found[2]!, scheme: found[1]!.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer' }
    }
    let fromBody: string | undefined
    if (request.method === 'POST' && isFormRequest(request)) {
      const parsed = await readForm(request)
      rejectRepeated(parsed, ['access_token'])
      fromBody = parsed.params.access_token
    }
    if (fromHeader !== undefined && fromBody !== undefined) {
      throw oauthError('invalid_request', 'the access token must be sent in one place only (RFC 6750 §2)')
    }
    const presented = fromHeader ?? (fromBody ? { token: fromBody, scheme: 'Bearer' as const } : undefined)
    if (!presented) throw Object.assign(oauthError('invalid_token', 'no access token'), { [NO_TOKEN]: true })
    this.#schemes.set(req, presented.scheme)
    req.slots.accessToken = presented
    return presented
  }

  protected async processRequest({ token }: PresentedToken, _client: ClientRecord | undefined, req: EndpointRequest): Promise<UserInfoResult> {
    const { tokens, grants, users, clients, config } = this.context
    const { trace } = req
    const found = await findAccessToken(this.context, token)
    if (!found || !tokens.isActive(found.record)) throw oauthError('invalid_token', 'the access token is invalid, revoked or has expired')
    const { record } = found
    trace.client_id = record.client_id
    trace.grant_id = record.grant_id
    checkTokenBinding(record.cnf?.jkt, req.slots.dpop)
    if (!record.scope.includes('openid')) throw oauthError('insufficient_scope', "the access token was not granted the 'openid' scope")
    const grant = grants.get(record.grant_id) as Grant
    const user: User | undefined = users.get(record.sub)
    const client = clients.get(record.client_id)
    if (!user || !client) throw oauthError('invalid_token', 'the user or client of this access token no longer exists')
    trace.sub = user.sub
    const released = releaseClaims({
      user,
      scope: record.scope,
      scopeClaims: config.scopeClaims,
      ...(grant.claims?.userinfo ? { requested: grant.claims.userinfo } : {}),
      includeScopeClaims: true,
    })
    this.commit(req)
    const rules = ruleClaims(config.claimRules, { target: 'userinfo', client_id: client.client_id, scope: record.scope, user })
    return { claims: { sub: subjectFor(this.context, client, user.sub), ...released, ...localizedClaims(user, released, grant.claims_locales), ...rules }, client }
  }

  /** JSON, or a JWT when the client registered `userinfo_signed_response_alg` and/or `userinfo_encrypted_response_alg` (Core §5.3.2). */
  protected async doResponse({ claims, client }: UserInfoResult): Promise<Response> {
    const headers = NO_STORE
    const alg = client.userinfo_signed_response_alg
    if (!alg && !client.userinfo_encrypted_response_alg) return json(claims, { headers })
    const now = this.context.clock.now()
    const signed = alg ? await this.context.keyjar.sign({ ...claims, iss: this.context.issuer, aud: client.client_id, iat: now }, alg) : undefined
    const jwt = (await encryptUserInfo(this.context, client, signed ? { jws: signed } : { json: claims })) ?? signed!
    return new Response(jwt, { headers: { 'content-type': 'application/jwt', ...headers } })
  }

  protected override renderError(error: OAuthError, req: EndpointRequest): Response {
    if (error.status === 405) return super.renderError(error, req)
    const scheme = this.#schemes.get(req)
    return resourceError(NO_TOKEN in error ? undefined : error, { realm: this.context.issuer, algs: DPOP_SIGNING_ALGS, ...(scheme ? { scheme } : {}) })
  }
}
