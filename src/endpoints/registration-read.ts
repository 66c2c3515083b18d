/**
 * The client configuration endpoint (RFC 7592): read (GET), update (PUT) and delete (DELETE) a
 * dynamically registered client, with its registration access token as a Bearer token.
 * @see https://www.rfc-editor.org/rfc/rfc7592#section-2
 */
import { oauthError, type OAuthError } from '../errors/oauth-error.js'
import { bearerError, json, jsonError, NO_STORE } from '../http/responses.js'
import type { ClientRecord } from '../store/state.js'
import { timingSafeEqual } from '../internal/hash.js'
import { Endpoint, type EndpointOptions, type EndpointRequest, type EndpointHost } from './endpoint.js'
import { clientInformation, readJsonObject, validateRegistration } from './registration.js'
import { verifySectorIdentifier } from '../add-ons/pairwise/sector-identifier.js'
import { supportedGrantTypes } from './token.js'

type Outcome = { client: ClientRecord } | { deleted: true }

/** Fields a client must not send in an update (RFC 7592 §2.2). */
const FORBIDDEN_IN_UPDATE = ['registration_access_token', 'registration_client_uri', 'client_secret_expires_at', 'client_id_issued_at']

/**
 * The client configuration endpoint (`/register/:client_id`): read, update and delete a registration with
 * its registration access token.
 * @see https://www.rfc-editor.org/rfc/rfc7592
 */
export class RegistrationReadEndpoint extends Endpoint<ClientRecord, Outcome> {
  readonly name = 'registration_read'
  readonly methods = ['GET', 'PUT', 'DELETE'] as const

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/register/:client_id', options)
  }

  /**
   * The registration access token must be the client's. An unknown client gets the same 401 as a
   * wrong token, so that client ids cannot be probed (RFC 7592 §2.1).
   */
  protected override async parseRequest({ request, route }: EndpointRequest): Promise<ClientRecord> {
    const header = request.headers.get('authorization') ?? ''
    const token = /^bearer /i.test(header) ? header.slice(7).trim() : ''
    if (!token) throw oauthError('invalid_token', 'a registration access token is required')
    const client = route.client_id ? this.context.clients.get(route.client_id) : undefined
    const expected = client?.registration_access_token
    if (!client || !expected || !timingSafeEqual(token, expected)) {
      throw oauthError('invalid_token', 'the registration access token is not valid for this client')
    }
    return client
  }

  protected async processRequest(client: ClientRecord, _client: ClientRecord | undefined, req: EndpointRequest): Promise<Outcome> {
    req.trace.client_id = client.client_id
    const { clients } = this.context
    if (req.request.method === 'DELETE') {
      clients.remove(client.client_id)
      return { deleted: true }
    }
    if (req.request.method === 'GET') return { client }

    const metadata = await readJsonObject(req.request)
    // A DELETE (or a new token) may have come while the body was read: never write a client back.
    if (clients.get(client.client_id)?.registration_access_token !== client.registration_access_token) throw oauthError('invalid_token', 'the client was deleted or its registration access token changed')
    const forbidden = FORBIDDEN_IN_UPDATE.find((field) => field in metadata)
    if (forbidden) throw oauthError('invalid_request', `'${forbidden}' must not be sent in an update`)
    if (metadata.client_id !== client.client_id) throw oauthError('invalid_request', 'client_id must be sent and equal the registered one')
    if (metadata.client_secret !== undefined && metadata.client_secret !== client.client_secret) {
      throw oauthError('invalid_request', 'client_secret must equal the one issued')
    }
    delete metadata.client_secret
    const normalized = validateRegistration(metadata, supportedGrantTypes(this.serverGet), this.context.config.profile)
    await verifySectorIdentifier(this.context, normalized)
    const needsSecret = normalized.token_endpoint_auth_method !== 'none' && normalized.token_endpoint_auth_method !== 'private_key_jwt'
    if (needsSecret && !client.client_secret) {
      throw oauthError('invalid_client_metadata', 'a client without a secret cannot switch to a secret-based authentication method')
    }
    const updated = clients.put(
      { ...normalized, client_id: client.client_id, ...(needsSecret ? { client_secret: client.client_secret! } : {}) },
      { client_id_issued_at: client.client_id_issued_at, registration_access_token: client.registration_access_token! },
    )
    return { client: updated }
  }

  protected doResponse(outcome: Outcome): Response {
    if ('deleted' in outcome) return new Response(null, { status: 204, headers: { ...NO_STORE } })
    return json(clientInformation(this.serverGet, outcome.client), { headers: { ...NO_STORE } })
  }

  protected override renderError(error: OAuthError): Response {
    return error.error === 'invalid_token' ? bearerError(error, this.context.issuer) : jsonError(error)
  }
}
