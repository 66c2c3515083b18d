/**
 * The UserInfo endpoint (OpenID Connect Core §5.3), GET and POST, with the access token in the
 * `Authorization: Bearer` header or the form body (RFC 6750 §2.1–2.2). Errors follow RFC 6750 §3.
 */
import { releaseClaims } from '../claims/release.js'
import { oauthError, type OAuthError } from '../errors/oauth-error.js'
import { isFormRequest, readForm, rejectRepeated } from '../http/params.js'
import { bearerError, json, NO_STORE } from '../http/responses.js'
import type { ServerGet } from '../server/server-get.js'
import type { ClientRecord, Grant, User } from '../store/state.js'
import { findAccessToken } from '../tokens/access-token.js'
import { Endpoint, type EndpointOptions, type EndpointRequest } from './endpoint.js'

interface UserInfoResult {
  claims: Record<string, unknown>
  client: ClientRecord
}

/** Thrown when the request carries no token at all: a challenge without an error code (§3.1). */
const NO_TOKEN = Symbol('no token')

export class UserInfoEndpoint extends Endpoint<string, UserInfoResult> {
  readonly name = 'userinfo'
  readonly methods = ['GET', 'POST'] as const
  override readonly metadataKey = 'userinfo_endpoint'

  constructor(serverGet: ServerGet, options?: EndpointOptions) {
    super(serverGet, '/userinfo', options)
  }

  /** The bearer token, from exactly one place. */
  protected override async parseRequest({ request }: EndpointRequest): Promise<string> {
    const header = request.headers.get('authorization')
    const fromHeader = header && /^bearer /i.test(header) ? header.slice(7).trim() : undefined
    if (header && fromHeader === undefined) throw oauthError('invalid_request', 'the Authorization header must use the Bearer scheme')
    let fromBody: string | undefined
    if (request.method === 'POST' && isFormRequest(request)) {
      const parsed = await readForm(request)
      rejectRepeated(parsed, ['access_token'])
      fromBody = parsed.params.access_token
    }
    if (fromHeader !== undefined && fromBody !== undefined) {
      throw oauthError('invalid_request', 'the access token must be sent in one place only (RFC 6750 §2)')
    }
    const token = fromHeader ?? fromBody
    if (!token) throw Object.assign(oauthError('invalid_token', 'no access token'), { [NO_TOKEN]: true })
    return token
  }

  protected async processRequest(token: string, _client: ClientRecord | undefined, { trace }: EndpointRequest): Promise<UserInfoResult> {
    const { sessions, users, clients, config } = this.context
    const found = await findAccessToken(this.context, token)
    if (!found || !sessions.isActive(found.record)) throw oauthError('invalid_token', 'the access token is invalid, revoked or has expired')
    const { record } = found
    trace.client_id = record.client_id
    trace.grant_id = record.grant_id
    if (!record.scope.includes('openid')) throw oauthError('insufficient_scope', "the access token was not granted the 'openid' scope")
    const grant = sessions.grant(record.grant_id) as Grant
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
    return { claims: { sub: user.sub, ...released }, client }
  }

  /** JSON, or a signed JWT when the client registered `userinfo_signed_response_alg` (Core §5.3.2). */
  protected async doResponse({ claims, client }: UserInfoResult): Promise<Response> {
    const alg = client.userinfo_signed_response_alg
    if (!alg) return json(claims, { headers: { ...NO_STORE } })
    const now = this.context.clock.now()
    const jwt = await this.context.keyjar.sign({ ...claims, iss: this.context.issuer, aud: client.client_id, iat: now }, alg)
    return new Response(jwt, { headers: { 'content-type': 'application/jwt', ...NO_STORE } })
  }

  protected override renderError(error: OAuthError, req: EndpointRequest): Response {
    if (error.status === 405) return super.renderError(error, req)
    return bearerError(NO_TOKEN in error ? undefined : error, this.context.issuer)
  }
}
