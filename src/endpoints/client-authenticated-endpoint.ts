/**
 * The endpoints a client calls with a form and its credentials — token, introspection, revocation:
 * one way to read the form and to authenticate the client (RFC 6749 §2.3, §3.2).
 */
import { authenticateClient } from '../client-auth/index.js'
import { CLIENT_AUTH_PARAMETERS, ClientAuthMethod, SECRET_JWT_ALGS, SIGNING_ALGS } from '../consts.js'
import { readForm, rejectRepeated, type ParsedParams } from '../http/params.js'
import type { ClientRecord } from '../store/state.js'
import { Endpoint, type EndpointRequest } from './endpoint.js'

/** The base of the endpoints a client calls with a form and its credentials. */
export abstract class ClientAuthenticatedEndpoint<Result> extends Endpoint<ParsedParams, Result, ClientRecord> {
  readonly methods = ['POST'] as const
  /**
   * The parameters the endpoint reads: only these (and client authentication's) are refused when
   * repeated; unknown parameters are ignored, repeated or not (RFC 6749 §3.2).
   */
  protected abstract readonly parameters: readonly string[]
  /** Whether public clients (`none`) may call it. */
  protected readonly allowPublic: boolean = true

  protected override async parseRequest({ request }: EndpointRequest): Promise<ParsedParams> {
    const parsed = await readForm(request)
    rejectRepeated(parsed, [...this.parameters, ...CLIENT_AUTH_PARAMETERS])
    return parsed
  }

  protected override async authenticateClient({ request }: EndpointRequest, { params }: ParsedParams): Promise<ClientRecord> {
    const input = { request, params, endpointUrl: this.url(), context: this.context }
    return (await authenticateClient(input, { allowPublic: this.allowPublic })).client
  }

  /**
   * The `{prefix}_endpoint_auth_methods_supported` and `…_signing_alg_values_supported` members
   * for this endpoint (`none` left out where public clients may not call it).
   * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
   */
  protected authMetadata(prefix: string): Record<string, unknown> {
    const methods = Object.values(ClientAuthMethod)
    return {
      [`${prefix}_endpoint_auth_methods_supported`]: this.allowPublic ? methods : methods.filter((m) => m !== 'none'),
      [`${prefix}_endpoint_auth_signing_alg_values_supported`]: [...SECRET_JWT_ALGS, ...SIGNING_ALGS],
    }
  }
}
