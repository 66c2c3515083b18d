/**
 * WebFinger issuer discovery: which OP serves a user (RFC 7033, OpenID Connect Discovery §2).
 * It lives at the root of the issuer's host: `https://host/.well-known/webfinger`.
 */
import { WEBFINGER_ISSUER_REL } from '../consts.js'
import { oauthError } from '../errors/oauth-error.js'
import { collectParams, rejectRepeated } from '../http/params.js'
import { json } from '../http/responses.js'
import type { ClientRecord } from '../store/state.js'
import { Endpoint, type EndpointOptions, type EndpointRequest, type PathBase, type EndpointHost } from './endpoint.js'

interface WebFingerRequest {
  resource: string
  rel: string[]
}

interface Jrd {
  subject: string
  links: { rel: string; href: string }[]
}

/**
 * OpenID Provider issuer discovery by WebFinger (`/.well-known/webfinger`).
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#IssuerDiscovery
 */
export class WebFingerEndpoint extends Endpoint<WebFingerRequest, Jrd> {
  readonly name = 'webfinger'
  readonly methods = ['GET'] as const
  override readonly pathBase: PathBase = 'origin'

  constructor(serverGet: EndpointHost, options?: EndpointOptions) {
    super(serverGet, '/.well-known/webfinger', options)
  }

  /** RFC 7033 §4.1: `resource` once; `rel` may repeat. */
  protected override async parseRequest({ url }: EndpointRequest): Promise<WebFingerRequest> {
    const parsed = collectParams(url.searchParams)
    rejectRepeated(parsed, ['resource'])
    const resource = parsed.params.resource
    if (!resource) throw oauthError('invalid_request', "missing required parameter 'resource'")
    const normalized = normalizeResource(resource)
    if (!URL.canParse(normalized)) throw oauthError('invalid_request', `resource '${resource}' is not a URI`)
    return { resource: normalized, rel: url.searchParams.getAll('rel') }
  }

  protected async processRequest({ resource, rel }: WebFingerRequest, _client: ClientRecord | undefined): Promise<Jrd> {
    if (!this.#knows(resource)) throw oauthError('not_found', `no user or host of this OP matches '${resource}'`)
    const links = rel.length === 0 || rel.includes(WEBFINGER_ISSUER_REL) ? [{ rel: WEBFINGER_ISSUER_REL, href: this.context.issuer }] : []
    return { subject: resource, links }
  }

  protected doResponse(jrd: Jrd): Response {
    return json(jrd, { headers: { 'content-type': 'application/jrd+json' } })
  }

  /** A resource this OP answers for: a known user (acct: by sub or email), or a URL on its host. */
  #knows(resource: string): boolean {
    const host = new URL(this.context.issuer).host
    if (resource.startsWith('acct:')) {
      const account = resource.slice(5)
      const at = account.lastIndexOf('@')
      const local = at === -1 ? account : account.slice(0, at)
      const users = this.context.users
      return !!(users.get(account) ?? users.findByHint(account) ?? (at !== -1 && account.slice(at + 1) === host ? users.get(local) : undefined))
    }
    try {
      return new URL(resource).host === host
    } catch {
      return false
    }
  }
}

/** OpenID Connect Discovery §2.1: `joe@example.com` means `acct:joe@example.com`; a host means https. */
function normalizeResource(input: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(input) && !/^[^:@/]+:\d+$/.test(input)) {
    return input.split('#')[0]!
  }
  if (input.includes('@') && !input.includes('/')) return `acct:${input}`
  return `https://${input}`.split('#')[0]!
}
