/**
 * The CIBA grant, poll and ping modes: the client polls (or, in ping mode, is told when to ask)
 * with its `auth_req_id`.
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.10.1
 */
import { requireParams } from '../../http/params.js'
import type { GrantHandler } from './grant.js'
import { redeemPolled } from './polled-authorization.js'

/** The grant type of CIBA Core §10.1. */
export const CIBA_GRANT_TYPE = 'urn:openid:params:grant-type:ciba'

/**
 * The CIBA grant: the client polls with its `auth_req_id` until the user decides.
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.10.1
 */
export const cibaGrant: GrantHandler = {
  grantType: CIBA_GRANT_TYPE,
  parameters: new Set(['auth_req_id']),
  startedBy: 'backchannel_authentication',

  async handle(input) {
    requireParams(input.params, 'auth_req_id')
    return redeemPolled(input, {
      records: input.context.backchannelRequests,
      handle: input.params.auth_req_id,
      name: 'auth_req_id',
      acr: (record) => record.acr,
    })
  },
}
