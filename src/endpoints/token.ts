/**
 * The token endpoint (RFC 6749 §3.2): POST, form-encoded, client authenticated, one handler per
 * grant type. Every answer, errors included, carries `Cache-Control: no-store` (§5.1).
 * A DPoP proof (RFC 9449 §5) is checked here and handed to the grant, which binds what it issues.
 */
import { dpopNonceHeader, readDPoPProof } from '../dpop/proof.js'
import { oauthError } from '../errors/oauth-error.js'
import { rejectRepeated, requireParams, type ParsedParams } from '../http/params.js'
import { json, NO_STORE } from '../http/responses.js'
import type { ServerGet } from '../server/server-get.js'
import type { ClientRecord } from '../store/state.js'
import { ClientAuthenticatedEndpoint } from './client-authenticated-endpoint.js'
import type { EndpointOptions, EndpointRequest } from './endpoint.js'
import { authorizationCodeGrant } from './grants/authorization-code.js'
import { clientCredentialsGrant } from './grants/client-credentials.js'
import type { GrantHandler } from './grants/grant.js'
import { refreshTokenGrant } from './grants/refresh-token.js'

export class TokenEndpoint extends ClientAuthenticatedEndpoint<object> {
  readonly name = 'token'
  override readonly metadataKey = 'token_endpoint'
  /** The grant's own parameters are checked once the grant is known. */
  protected readonly parameters = ['grant_type']
  /** Grant handlers by `grant_type`; add one to support another grant. */
  readonly grants = new Map<string, GrantHandler>(
    [authorizationCodeGrant, refreshTokenGrant, clientCredentialsGrant].map((grant) => [grant.grantType, grant]),
  )

  constructor(serverGet: ServerGet, options?: EndpointOptions) {
    super(serverGet, '/token', options)
  }

  protected override async parseRequest(req: EndpointRequest): Promise<ParsedParams> {
    const parsed = await super.parseRequest(req)
    const { grant_type, scope } = parsed.params
    req.trace.params = { ...(grant_type ? { grant_type } : {}), ...(scope ? { scope } : {}) }
    return parsed
  }

  protected async processRequest(parsed: ParsedParams, client: ClientRecord | undefined, { trace, request }: EndpointRequest): Promise<object> {
    const { params } = parsed
    requireParams(params, 'grant_type')
    const grant = this.grants.get(params.grant_type!)
    if (!grant) throw oauthError('unsupported_grant_type', `grant_type '${params.grant_type}' is not supported (${[...this.grants.keys()].join(', ')})`)
    // Unknown parameters are ignored, repeated or not (RFC 6749 §3.2).
    rejectRepeated(parsed, [...grant.parameters])
    if (!client!.grant_types?.includes(grant.grantType)) {
      throw oauthError('unauthorized_client', `the client is not allowed the ${grant.grantType} grant`)
    }
    const dpop = await readDPoPProof(this.context, request, { status: 400 })
    // RFC 9449 §5.2.
    if (!dpop && client!.dpop_bound_access_tokens) {
      throw oauthError('invalid_request', 'the client is registered with dpop_bound_access_tokens: its token requests need a DPoP header')
    }
    return grant.handle({ context: this.context, client: client!, params, trace, dpop })
  }

  protected doResponse(body: object, { request }: EndpointRequest): Response {
    return json(body, { headers: { ...NO_STORE, ...dpopNonceHeader(this.context, request) } })
  }
}
