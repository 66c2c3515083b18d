/**
 * `client_secret_post`: client_id and client_secret in the form body.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
import type { ClientAuthenticator } from './method.js'
import { checkSecret } from './secret.js'

/**
 * `client_secret_post`: `client_id` and `client_secret` in the form body.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export const clientSecretPost: ClientAuthenticator = {
  method: 'client_secret_post',
  present: ({ params }) => params.client_secret !== undefined,
  claimedClientId: ({ params }) => params.client_id,
  async verify(input, client) {
    checkSecret(input.context, client, input.params.client_secret!)
  },
}
