/**
 * Token exchange: a client trades a subject token (and, for delegation, an actor token) for a new
 * token of the type it asks for, for the audience it names, with the same or a narrower scope.
 * Without an actor token the new token is for the subject alone (impersonation); with one it
 * carries an `act` claim naming the actor, nesting the subject token's own `act` (delegation).
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-4.1
 */
import { refreshTokenJkt, tokenType } from '../../add-ons/dpop/binding.js'
import type { DPoPProof } from '../../add-ons/dpop/proof.js'
import type { TokenExchangePolicyInput } from '../../config/options.js'
import { isResourceUri } from '../../config/authorization-surface.js'
import { GrantType, OptionalGrantType, TokenTypeUri } from '../../consts.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import { oauthError } from '../../errors/oauth-error.js'
import { requireParams, spaceList, type Params } from '../../http/params.js'
import type { ClientRecord, Grant } from '../../store/state.js'
import { mintAccessToken } from '../../tokens/access-token.js'
import { mintIdToken } from '../../tokens/id-token.js'
import { mintRefreshToken } from '../../tokens/refresh-token.js'
import type { GrantHandler } from './grant.js'
import { readPresentedToken, type PresentedToken } from './presented-token.js'
import { allowedScopes, grantFor, narrowScope } from './user-grant.js'

/** The token exchange grant. */
export const tokenExchangeGrant: GrantHandler = {
  grantType: OptionalGrantType.token_exchange,
  parameters: new Set(['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'requested_token_type', 'audience', 'resource', 'scope']),

  async handle({ context, client, params, trace, dpop, commit }) {
    requireParams(params, 'subject_token', 'subject_token_type')
    if ((params.actor_token === undefined) !== (params.actor_token_type === undefined)) {
      throw oauthError('invalid_request', 'actor_token and actor_token_type go together')
    }
    const requested = params.requested_token_type ?? TokenTypeUri.access_token
    if (!(Object.values(TokenTypeUri) as string[]).includes(requested)) {
      throw oauthError('invalid_request', `requested_token_type '${requested}' is not supported (${Object.values(TokenTypeUri).join(', ')})`)
    }
    const subject = await readPresentedToken(context, params.subject_token, params.subject_token_type, 'subject_token')
    const actor = params.actor_token !== undefined ? await readPresentedToken(context, params.actor_token, params.actor_token_type!, 'actor_token') : undefined
    checkPolicy(context, client, subject, 'subject')
    if (actor) checkPolicy(context, client, actor, 'actor')
    if (actor && subject.may_act && !actorMatches(subject.may_act, actor)) {
      throw oauthError('invalid_request', "actor_token's subject is not named by the subject token's may_act claim")
    }
    const audience = targetAudience(params)
    if (audience && requested === TokenTypeUri.id_token) throw oauthError('invalid_target', 'the audience of an ID token is the client: audience and resource do not apply')
    const scope = params.scope !== undefined
      ? narrowScope(spaceList(params.scope), subject.scope ?? allowedScopes(context, client), subject.scope ? "the subject token's scope" : "the client's scope")
      : (subject.scope ?? [])
    if (requested === TokenTypeUri.refresh_token && !client.grant_types?.includes(GrantType.refresh_token)) {
      throw oauthError('invalid_request', 'requested_token_type refresh_token needs a client allowed the refresh_token grant')
    }
    commit()
    const grant = grantFor(context, client, subject.sub, scope, {
      ...(subject.auth_time !== undefined ? { auth_time: subject.auth_time } : {}),
      ...(subject.grant?.acr ? { acr: subject.grant.acr } : {}),
      ...(subject.grant?.amr ? { amr: subject.grant.amr } : {}),
    })
    trace.grant_id = grant.id
    trace.sub = subject.sub
    const act = actor ? actClaim(context, actor, subject.act) : subject.act
    return issue(context, { client, grant, scope, requested, dpop, ...(audience ? { audience } : {}), ...(act ? { act } : {}) })
  },
}

/** RFC 8693 §2.1: `audience` and `resource` (an absolute URI without fragment) name where the token is for. */
function targetAudience(params: Params): string[] | undefined {
  const { resource, audience } = params
  // RFC 8707 §2 via RFC 8693 §2.1: `resource` may be repeated (its values come joined by a space).
  const resources = spaceList(resource)
  if (resources.some((value) => !isResourceUri(value))) throw oauthError('invalid_target', 'resource must be an absolute URI without a fragment')
  const names = [audience, ...resources].filter((name): name is string => name !== undefined)
  return names.length ? names : undefined
}

/**
 * Which client may exchange which token: `tokenExchange.policy`, or by default a token issued to
 * the client or whose `aud` names it (or, from a trusted issuer, names this OP). Actor tokens
 * are accepted by default. A refusal is `invalid_request` ("unacceptable based on policy", §2.2.2).
 */
function checkPolicy(context: EndpointContext, client: ClientRecord, token: PresentedToken, role: TokenExchangePolicyInput['role']): void {
  const policy = context.config.tokenExchange?.policy
  const input: TokenExchangePolicyInput = {
    client_id: client.client_id,
    role,
    iss: token.iss,
    sub: token.sub,
    ...(token.client_id ? { token_client_id: token.client_id } : {}),
    aud: token.aud,
    scope: token.scope ?? [],
  }
  const allowed = policy ? policy(input) : role === 'actor' || defaultPolicy(context, input)
  if (!allowed) throw oauthError('invalid_request', `the client may not exchange this ${role} token (it was issued to another party)`)
}

function defaultPolicy(context: EndpointContext, input: TokenExchangePolicyInput): boolean {
  if (input.token_client_id === input.client_id || input.aud.includes(input.client_id)) return true
  return input.iss !== context.issuer && input.aud.includes(context.issuer)
}

/** RFC 8693 §4.4: `may_act` names the party (by `sub`, and `iss` when given) that may act. */
function actorMatches(mayAct: Record<string, unknown>, actor: PresentedToken): boolean {
  return mayAct.sub === actor.sub && (mayAct.iss === undefined || mayAct.iss === actor.iss)
}

/** RFC 8693 §4.1: the actor, with the prior actors of the subject token nested inside. */
function actClaim(context: EndpointContext, actor: PresentedToken, prior: Record<string, unknown> | undefined): Record<string, unknown> {
  return { sub: actor.sub, ...(actor.iss !== context.issuer ? { iss: actor.iss } : {}), ...(prior ? { act: prior } : {}) }
}

interface IssueInput {
  client: ClientRecord
  grant: Grant
  scope: string[]
  requested: string
  dpop: DPoPProof | undefined
  audience?: string[]
  act?: Record<string, unknown>
}

/**
 * The token of the requested type, in the `access_token` member whatever it is (§2.2.1), with
 * `issued_token_type`; `token_type` is `N_A` for tokens that are not access tokens.
 */
async function issue(context: EndpointContext, { client, grant, scope, requested, dpop, audience, act }: IssueInput): Promise<object> {
  const scopeMember = scope.length ? { scope: scope.join(' ') } : {}
  const user = context.users.get(grant.sub)
  if (requested === TokenTypeUri.refresh_token) {
    const minted = mintRefreshToken(context, client, grant, scope, refreshTokenJkt(client, dpop))
    return { access_token: minted.token, issued_token_type: requested, token_type: 'N_A', expires_in: minted.record.exp - minted.record.iat, ...scopeMember }
  }
  if (requested === TokenTypeUri.id_token) {
    const idToken = await mintIdToken(context, { client, grant, user: user ?? { sub: grant.sub } })
    return { access_token: idToken, issued_token_type: requested, token_type: 'N_A', expires_in: context.config.ttl.IdToken, ...scopeMember }
  }
  const minted = await mintAccessToken(context, {
    client,
    scope,
    grant,
    ...(user ? { user } : {}),
    jkt: dpop?.jkt,
    ...(audience ? { audience: audience.length === 1 ? audience[0]! : audience } : {}),
    ...(act ? { act } : {}),
    ...(requested === TokenTypeUri.jwt ? { format: 'jwt' as const } : {}),
  })
  return { access_token: minted.token, issued_token_type: requested, token_type: tokenType(dpop?.jkt), expires_in: minted.record.exp - minted.record.iat, ...scopeMember }
}
