/**
 * The token endpoint (RFC 6749 §3.2): POST, form-encoded, client authenticated, one handler per
 * grant type. Every answer, errors included, carries `Cache-Control: no-store` (§5.1).
 * What add-ons read from the request (a DPoP proof, RFC 9449 §5) is handed to the grant, which
 * binds what it issues and calls the commit step before it changes anything.
 */
import { oauthError } from '../errors/oauth-error.js'
import { rejectRepeated, requireParams, type ParsedParams } from '../http/params.js'
import { json, NO_STORE } from '../http/responses.js'
import type { ClientRecord } from '../store/state.js'
import { ClientAuthenticatedEndpoint } from './client-authenticated-endpoint.js'
import type { EndpointOptions, EndpointRequest, EndpointHost } from './endpoint.js'
import { authorizationCodeGrant } from './grants/authorization-code.js'
import { clientCredentialsGrant } from './grants/client-credentials.js'
import type { GrantHandler } from './grants/grant.js'
import { refreshTokenGrant } from './grants/refresh-token.js'
import { enabledOptionalGrants } from './grants/optional-grants.js'
import { deviceCodeGrant } from './grants/device-code.js'
import { cibaGrant } from './grants/ciba.js'

/**
 * The token endpoint: `grants` maps each `grant_type` to its handler, and is the one list of the
 * grants the OP supports (discovery and client metadata validation read it).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.2
 */
export class TokenEndpoint extends ClientAuthenticatedEndpoint<object> {
  /** The endpoint's name. */
  readonly name = 'token'
  override readonly metadataKey = 'token_endpoint'
  /** The grant's own parameters are checked once the grant is known. */
  protected readonly parameters = ['grant_type']
  /** Grant handlers by `grant_type`; add one to support another grant. */
  readonly grants = new Map<string, GrantHandler>(
    [authorizationCodeGrant, refreshTokenGrant, clientCredentialsGrant, deviceCodeGrant, cibaGrant, ...enabledOptionalGrants(this.context.config)].map((grant) => [grant.grantType, grant]),
  )

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/token', options)
  }

  /** The grants it handles now (Discovery §4.2: a list with zero elements is omitted). */
  override metadata(): Record<string, unknown> {
    const working = this.workingGrantTypes()
    return working.length ? { grant_types_supported: working } : {}
  }

  /** The grant types that work now: those whose starting endpoint (if any) is enabled. */
  workingGrantTypes(): string[] {
    return [...this.grants.values()].filter((grant) => this.#works(grant)).map((grant) => grant.grantType)
  }

  #works(grant: GrantHandler): boolean {
    return grant.startedBy === undefined || this.serverGet('endpoint', grant.startedBy) !== undefined
  }

  protected override async parseRequest(req: EndpointRequest): Promise<ParsedParams> {
    const parsed = await super.parseRequest(req)
    const { grant_type, scope } = parsed.params
    req.trace.params = { ...(grant_type ? { grant_type } : {}), ...(scope ? { scope } : {}) }
    return parsed
  }

  protected async processRequest(parsed: ParsedParams, client: ClientRecord, req: EndpointRequest): Promise<object> {
    const { params } = parsed
    requireParams(params, 'grant_type')
    const grant = this.grants.get(params.grant_type)
    if (!grant || !this.#works(grant)) throw oauthError('unsupported_grant_type', `grant_type '${params.grant_type}' is not supported (${this.workingGrantTypes().join(', ')})`)
    // Unknown parameters are ignored, repeated or not (RFC 6749 §3.2).
    rejectRepeated(parsed, [...grant.parameters])
    if (!client.grant_types?.includes(grant.grantType)) {
      throw oauthError('unauthorized_client', `the client is not allowed the ${grant.grantType} grant`)
    }
    const { dpop } = req.slots
    const commit = () => this.commit(req)
    return grant.handle({ context: this.context, client, params, trace: req.trace, ...(dpop ? { dpop } : {}), commit })
  }

  protected doResponse(body: object): Response {
    return json(body, { headers: NO_STORE })
  }
}

/**
 * The grant types the OP supports now: those of its token endpoint (custom grants added to
 * `grants` at run time included), or none when it has no token endpoint of this kind.
 */
export function supportedGrantTypes(serverGet: EndpointHost): string[] {
  const token = serverGet('endpoint', 'token')
  return token instanceof TokenEndpoint ? token.workingGrantTypes() : []
}
