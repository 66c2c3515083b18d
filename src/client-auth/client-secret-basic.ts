/**
 * `client_secret_basic`: HTTP Basic with the form-urlencoded client id and secret.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
import { oauthError } from '../errors/oauth-error.js'
import type { ClientAuthenticator, ClientAuthInput } from './method.js'
import { checkSecret } from './secret.js'

/** RFC 6749 §5.2: a failed Basic authentication answers with the scheme it used. */
export const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="token", charset="UTF-8"' }

function credentials({ request }: ClientAuthInput): { id: string; secret: string } {
  const header = request.headers.get('authorization') ?? ''
  let decoded: string
  try {
    decoded = atob(header.slice(6).trim())
  } catch {
    throw oauthError('invalid_client', 'the Basic authorization header is not valid base64', { headers: BASIC_CHALLENGE })
  }
  const colon = decoded.indexOf(':')
  if (colon === -1) throw oauthError('invalid_client', 'the Basic authorization header must hold client_id:client_secret', { headers: BASIC_CHALLENGE })
  try {
    const id = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '))
    const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '))
    if (!id) throw new Error('empty client id')
    return { id, secret }
  } catch {
    throw oauthError('invalid_client', 'the Basic credentials must be form-urlencoded (RFC 6749 §2.3.1)', { headers: BASIC_CHALLENGE })
  }
}

/**
 * `client_secret_basic`: the client id and secret in an HTTP Basic `Authorization` header, each form-urlencoded first.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export const clientSecretBasic: ClientAuthenticator = {
  method: 'client_secret_basic',
  present: ({ request }) => /^basic /i.test(request.headers.get('authorization') ?? ''),
  claimedClientId: (input) => credentials(input).id,
  async verify(input, client) {
    checkSecret(input.context, client, credentials(input).secret, BASIC_CHALLENGE)
  },
}
