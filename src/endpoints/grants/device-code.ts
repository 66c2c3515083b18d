/**
 * The device authorization grant: the device polls with its `device_code` until the user has
 * decided on the verification page (or through `op.approveDevice`).
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 */
import { requireParams } from '../../http/params.js'
import type { GrantHandler } from './grant.js'
import { redeemPolled } from './polled-authorization.js'

/** The grant type of RFC 8628 §3.4. */
export const DEVICE_CODE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code'

/**
 * The device code grant: the device polls with its `device_code` until the user decides.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 */
export const deviceCodeGrant: GrantHandler = {
  grantType: DEVICE_CODE_GRANT_TYPE,
  parameters: new Set(['device_code']),
  startedBy: 'device_authorization',

  async handle(input) {
    requireParams(input.params, 'device_code')
    return redeemPolled(input, { records: input.context.deviceCodes, handle: input.params.device_code, name: 'device_code' })
  },
}
