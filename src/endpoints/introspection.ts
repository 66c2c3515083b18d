/**
 * Token introspection (RFC 7662): POST, form-encoded, by an authenticated (confidential) client.
 * A token that is unknown, expired, revoked or of a revoked grant is `{"active": false}` and nothing more.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-6.2 (`cnf.jkt` and `token_type: DPoP` of bound tokens)
 */
import { tokenType } from '../add-ons/dpop/binding.js'
import { ruleClaims } from '../claims/rules.js'
import { requireParams, type ParsedParams } from '../http/params.js'
import { json, NO_STORE } from '../http/responses.js'
import type { ClientRecord } from '../store/state.js'
import { ClientAuthenticatedEndpoint } from './client-authenticated-endpoint.js'
import type { EndpointOptions, EndpointRequest, EndpointHost } from './endpoint.js'
import { mayIntrospect } from './introspection-access.js'
import { findToken } from './token-lookup.js'
import { subjectForClientId } from '../add-ons/pairwise/subject.js'

/**
 * Token introspection (`/introspect`).
 * @see https://www.rfc-editor.org/rfc/rfc7662
 */
export class IntrospectionEndpoint extends ClientAuthenticatedEndpoint<Record<string, unknown>> {
  readonly name = 'introspection'
  protected readonly parameters = ['token', 'token_type_hint']
  protected override readonly allowPublic = false
  override readonly metadataKey = 'introspection_endpoint'

  /** How clients authenticate here (public clients may not). */
  override metadata(): Record<string, unknown> {
    return this.authMetadata('introspection')
  }

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/introspect', options)
  }

  protected async processRequest({ params }: ParsedParams, client: ClientRecord, { trace }: EndpointRequest): Promise<Record<string, unknown>> {
    requireParams(params, 'token')
    const found = await findToken(this.context, params.token, params.token_type_hint)
    if (!found || !this.context.tokens.isActive(found.record) || !mayIntrospect(this.context.config, client, found.record)) return { active: false }
    const { record } = found
    trace.grant_id = record.grant_id
    const user = record.grant_id ? this.context.users.get(record.sub) : undefined
    const username = user?.preferred_username ?? user?.email
    const rules = record.kind === 'access_token' ? ruleClaims(this.context.config.claimRules, { target: 'access_token', client_id: record.client_id, scope: record.scope, ...(user ? { user } : {}) }) : undefined
    return {
      ...rules,
      active: true,
      scope: record.scope.join(' '),
      client_id: record.client_id,
      ...(typeof username === 'string' ? { username } : {}),
      ...(record.kind === 'access_token' ? { token_type: tokenType(record.cnf?.jkt) } : {}),
      exp: record.exp,
      iat: record.iat,
      sub: record.grant_id ? subjectForClientId(this.context, record.client_id, record.sub) : record.sub,
      ...(record.aud !== undefined ? { aud: record.aud } : {}),
      iss: this.context.issuer,
      jti: record.jti,
      ...(record.cnf ? { cnf: record.cnf } : {}),
      ...(record.act ? { act: record.act } : {}),
      ...(record.authorization_details ? { authorization_details: record.authorization_details } : {}),
    }
  }

  protected doResponse(body: Record<string, unknown>): Response {
    return json(body, { headers: { ...NO_STORE } })
  }
}
