/**
 * The endpoints a client calls with a form and its credentials — token, introspection, revocation:
 * one way to read the form and to authenticate the client (RFC 6749 §2.3, §3.2).
 */
import { authenticateClient } from '../client-auth/index.js'
import { CLIENT_AUTH_PARAMETERS } from '../consts.js'
import { readForm, rejectRepeated, type ParsedParams } from '../http/params.js'
import type { ClientRecord } from '../store/state.js'
import { Endpoint, type EndpointRequest } from './endpoint.js'

export abstract class ClientAuthenticatedEndpoint<Result> extends Endpoint<ParsedParams, Result> {
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
}
