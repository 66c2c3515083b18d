/**
 * Who may learn about a token at the introspection endpoint: the client it was issued to, and the
 * resource servers the configuration names (`introspection.resourceServers`, or every client with
 * `introspection.allowAll`). Any other client is
 * told `{"active": false}`, as for an unknown token, so that a confidential client cannot read
 * another client's tokens (RFC 7662 §4: the OP decides which clients may introspect which tokens).
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-4
 */
import type { ResolvedConfiguration } from '../config/options.js'
import type { ClientRecord, TokenRecord } from '../store/state.js'

/** Whether `client` may see `token`'s details. */
export function mayIntrospect(config: Pick<ResolvedConfiguration, 'introspection'>, client: ClientRecord, token: TokenRecord): boolean {
  const { resourceServers, allowAll } = config.introspection
  return allowAll || token.client_id === client.client_id || resourceServers.includes(client.client_id)
}
