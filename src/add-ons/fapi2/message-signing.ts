/**
 * FAPI 2.0 Message Signing on top of the Security Profile (`profile: 'fapi2-message-signing'`):
 * every pushed authorization request is a signed request object (§5.3: the PAR endpoint, `aud` the
 * issuer, an `nbf` at most 60 minutes old, a lifetime of at most 60 minutes), every authorization
 * response a signed JARM response (§5.4: `response_mode=jwt` or another JWT mode), and introspection
 * answers in JWT form are signed (§5.5, the jwt-introspection add-on). HTTP message signatures
 * (§5.6) concern resource servers, which this OP is not.
 * @see https://openid.net/specs/fapi-message-signing-2_0.html
 */
import { FAPI2_SIGNING_ALGS, JWT_RESPONSE_MODES } from '../../consts.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { AddOn, BeforeProcessInput } from '../add-on.js'

/** §5.3.1: how old a request object's `nbf` may be, and how long after it its `exp` may lie (seconds). */
export const MESSAGE_SIGNING_REQUEST_OBJECT_WINDOW = 3600

/** §5.3.1 and §5.4.1: the pushed request is a signed request object asking for a JARM response. */
function checkPushedRequest({ context, params, req }: BeforeProcessInput): void {
  const object = req.slots.requestObject
  if (!object) throw oauthError('invalid_request', 'FAPI 2.0 Message Signing requires the pushed authorization request as a signed request object (request)')
  if (!(FAPI2_SIGNING_ALGS as readonly string[]).includes(object.alg)) {
    throw oauthError('invalid_request_object', `request objects must be signed with ${FAPI2_SIGNING_ALGS.join(', ')} under FAPI 2.0, not '${object.alg}'`)
  }
  const { aud, nbf, exp } = object.claims
  const audiences = Array.isArray(aud) ? aud : [aud]
  if (!audiences.includes(context.issuer)) throw oauthError('invalid_request_object', 'the request object\'s aud must be, or contain, the issuer (FAPI 2.0 Message Signing §5.3.1)')
  if (typeof nbf !== 'number') throw oauthError('invalid_request_object', 'the request object must carry nbf (FAPI 2.0 Message Signing §5.3.1)')
  if (context.clock.now() - nbf > MESSAGE_SIGNING_REQUEST_OBJECT_WINDOW) throw oauthError('invalid_request_object', 'the request object\'s nbf is more than 60 minutes in the past')
  if (typeof exp !== 'number') throw oauthError('invalid_request_object', 'the request object must carry exp (FAPI 2.0 Message Signing §5.3.1)')
  if (exp - nbf > MESSAGE_SIGNING_REQUEST_OBJECT_WINDOW) throw oauthError('invalid_request_object', 'the request object may live at most 60 minutes after its nbf')
  const mode = params.response_mode
  if (mode === undefined || !(JWT_RESPONSE_MODES as readonly string[]).includes(mode)) {
    throw oauthError('invalid_request', `FAPI 2.0 Message Signing signs authorization responses: response_mode must be one of ${JWT_RESPONSE_MODES.join(', ')} (JARM)`)
  }
}

/**
 * The Message Signing add-on, installed after the fapi2 one by `profile: 'fapi2-message-signing'`.
 * @see https://openid.net/specs/fapi-message-signing-2_0.html
 */
export const fapi2MessageSigningAddOn: AddOn = {
  name: 'fapi2-message-signing',
  endpoints: {
    pushed_authorization: { beforeProcess: checkPushedRequest },
    authorization: { metadata: () => ({ response_modes_supported: [...JWT_RESPONSE_MODES], require_signed_request_object: true }) },
  },
}
