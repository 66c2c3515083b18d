/**
 * Sending an authorization response through the add-ons: their `authorizationParams` hooks add
 * parameters, then the first `encodeAuthorizationResponse` hook that answers re-encodes it (JARM);
 * otherwise it goes in its plain response mode.
 * @see ../../../docs/add-ons.md
 * @see https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes
 */
import { hooksFor, perAddOnList, type AddOn, type AuthorizationResponseInput } from '../../add-ons/add-on.js'
import { RESPONSE_MODES } from '../../consts.js'
import type { EndpointContext } from '../../context/endpoint-context.js'
import type { ClientRecord, Grant, ValidatedAuthorizationRequest } from '../../store/state.js'
import { encodeAuthorizationResponse, withStateAndIss, type AuthorizationResponseTarget } from './response.js'

/** What goes back: to whom and where, the parameters, and (on success) the request and grant. */
export interface AuthorizationReply {
  client: ClientRecord
  target: AuthorizationResponseTarget
  /** `code`, tokens or `error`…; `state` and `iss` are added. */
  params: Record<string, string>
  request?: ValidatedAuthorizationRequest
  grant?: Grant
}

/** Sends `reply` through the authorization hooks of `addOns`. */
export async function sendAuthorizationReply(context: EndpointContext, addOns: Iterable<AddOn>, { client, target, params, request, grant }: AuthorizationReply): Promise<Response> {
  const hooks = hooksFor(addOns, 'authorization')
  const input: AuthorizationResponseInput = {
    context,
    client,
    target,
    params: withStateAndIss(target, context.issuer, params),
    ...(request ? { request } : {}),
    ...(grant ? { grant } : {}),
    send: (sent, response_mode) => encodeAuthorizationResponse({ ...target, response_mode }, sent),
  }
  for (const hook of hooks) if (hook.authorizationParams) await hook.authorizationParams(input)
  for (const hook of hooks) {
    const encoded = hook.encodeAuthorizationResponse && (await hook.encodeAuthorizationResponse(input))
    if (encoded) return encoded
  }
  return encodeAuthorizationResponse(target, input.params)
}

/** The response modes the authorization endpoint answers in: the plain ones and the add-ons'; once per list of add-ons. */
export const supportedResponseModes: (addOns: Iterable<AddOn>) => readonly string[] = perAddOnList((addOns) =>
  Object.freeze([...RESPONSE_MODES, ...hooksFor(addOns, 'authorization').flatMap((hook) => hook.responseModes ?? [])]),
)
