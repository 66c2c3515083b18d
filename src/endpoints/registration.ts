/**
 * Dynamic client registration (RFC 7591, OpenID Connect Registration): POST a JSON document of
 * client metadata, get 201 with the client's id, secret and registration access token.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 */
import { MetadataProblem, validateClientMetadata, type NormalizedClientMetadata } from '../client/metadata.js'
import type { RegistrationSettings } from '../config/options.js'
import { randomId, randomToken } from '../internal/random.js'
import { oauthError, type OAuthError } from '../errors/oauth-error.js'
import { bearerError, json, jsonError, NO_STORE } from '../http/responses.js'
import type { Profile } from '../consts.js'
import type { ClientRecord } from '../store/state.js'
import { timingSafeEqual } from '../internal/hash.js'
import { ensureRegistrationRoom } from './registration-limit.js'
import { verifySectorIdentifier } from '../add-ons/pairwise/sector-identifier.js'
import { supportedGrantTypes } from './token.js'
import { Endpoint, type EndpointRequest, type EndpointHost } from './endpoint.js'

/** Fields the OP sets; a client cannot choose them. */
const SERVER_FIELDS = ['client_id', 'client_secret', 'client_id_issued_at', 'client_secret_expires_at', 'registration_access_token', 'registration_client_uri']

/**
 * Dynamic client registration (`/register`).
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 * @see https://openid.net/specs/openid-connect-registration-1_0.html
 */
export class RegistrationEndpoint extends Endpoint<Record<string, unknown>, ClientRecord> {
  readonly name = 'registration'
  readonly methods = ['POST'] as const
  override readonly metadataKey = 'registration_endpoint'
  readonly #initialAccessToken: string | undefined

  constructor(serverGet: EndpointHost, options: RegistrationSettings = {}) {
    super(serverGet, '/register', options)
    this.#initialAccessToken = options.initialAccessToken
  }

  protected override async parseRequest({ request }: EndpointRequest): Promise<Record<string, unknown>> {
    if (this.#initialAccessToken !== undefined) {
      const header = request.headers.get('authorization') ?? ''
      const token = /^bearer /i.test(header) ? header.slice(7).trim() : ''
      if (!token) throw oauthError('invalid_token', 'registration requires an initial access token')
      if (!timingSafeEqual(token, this.#initialAccessToken)) throw oauthError('invalid_token', 'the initial access token is not valid')
    }
    return readJsonObject(request)
  }

  protected async processRequest(metadata: Record<string, unknown>, _client: ClientRecord | undefined, { trace }: EndpointRequest): Promise<ClientRecord> {
    for (const field of SERVER_FIELDS) delete metadata[field]
    const normalized = validateRegistration(metadata, supportedGrantTypes(this.serverGet), this.context.config.profile)
    await verifySectorIdentifier(this.context, normalized)
    ensureRegistrationRoom(this.context)
    const client = this.context.clients.put(
      { ...normalized, client_id: randomId(), ...secretFor(normalized) },
      this.serverGet('endpoint', 'registration_read') ? { registration_access_token: randomToken() } : {},
    )
    trace.client_id = client.client_id
    return client
  }

  protected doResponse(client: ClientRecord): Response {
    return json(clientInformation(this.serverGet, client), { status: 201, headers: { ...NO_STORE } })
  }

  protected override renderError(error: OAuthError): Response {
    return error.error === 'invalid_token' ? bearerError(error, this.context.issuer) : jsonError(error)
  }
}

/**
 * Validates registered metadata against the grant types the OP supports now (`grantTypes`, custom
 * ones included); problems are `invalid_client_metadata` or `invalid_redirect_uri`.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2
 */
export function validateRegistration(metadata: Record<string, unknown>, grantTypes: Iterable<string>, profile?: Profile): NormalizedClientMetadata {
  try {
    return validateClientMetadata(metadata, { secretProvided: 'generated', grantTypes, profile })
  } catch (problem) {
    if (problem instanceof MetadataProblem) throw oauthError(problem.kind, problem.message)
    throw problem
  }
}

/** A new secret for clients whose method uses one; none for `none` and `private_key_jwt`. */
export function secretFor(metadata: NormalizedClientMetadata): { client_secret?: string } {
  const method = metadata.token_endpoint_auth_method
  return method === 'none' || method === 'private_key_jwt' ? {} : { client_secret: randomToken() }
}

/** The client information response (RFC 7591 §3.2.1, RFC 7592 §3). */
export function clientInformation(serverGet: EndpointHost, client: ClientRecord): Record<string, unknown> {
  const read = serverGet('endpoint', 'registration_read')
  return {
    ...client,
    ...(client.client_secret !== undefined ? { client_secret_expires_at: client.client_secret_expires_at ?? 0 } : {}),
    ...(read && client.registration_access_token ? { registration_client_uri: read.url({ client_id: client.client_id }) } : {}),
  }
}

/** The request body as a JSON object; anything else is `invalid_client_metadata`. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/json') throw oauthError('invalid_request', 'the request body must be application/json')
  let body: unknown
  try {
    body = await request.json()
  } catch {
    throw oauthError('invalid_client_metadata', 'the request body is not valid JSON')
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw oauthError('invalid_client_metadata', 'the request body must be a JSON object of client metadata')
  }
  return body as Record<string, unknown>
}
