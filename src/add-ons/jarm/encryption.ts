/**
 * The encryption point of JARM responses (JARM §2.2: signed, then optionally encrypted to the
 * client's keys per `authorization_encrypted_response_alg`/`_enc`), done by the encryption add-on.
 * @see https://openid.net/specs/oauth-v2-jarm.html#section-2.2
 * @see https://openid.net/specs/oauth-v2-jarm.html#section-3
 */
import type { EndpointContext } from '../../context/endpoint-context.js'
import type { ClientRecord } from '../../store/state.js'
import { encryptAuthorizationResponse as encryptToClient } from '../encryption/encrypt.js'

/** Whether the client's authorization responses are encrypted (it registered `authorization_encrypted_response_alg`). */
export function encryptsAuthorizationResponse(client: ClientRecord): boolean {
  return client.authorization_encrypted_response_alg !== undefined
}

/** The signed response JWT, encrypted to the client when it asked for it; as is otherwise. */
export async function encryptAuthorizationResponse(context: EndpointContext, client: ClientRecord, signed: string): Promise<string> {
  return encryptToClient(context, client, signed)
}
