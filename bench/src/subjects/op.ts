/** This OP as a subject: built the same way whether msw or `op.handle()` carries the requests. */
import type { Server } from '../../../src/index.js'
import { CLIENT, CLIENT_METADATA, discover, USER, type Fetch } from '../flow.js'
import type { Running, StartOptions } from './subject.js'

export const OP_ISSUER = 'https://op.example.test'

/**
 * Builds the OP and reads its discovery document through `fetch`. `ServerClass` lets the
 * before/after comparison (`--ab`) build another revision of it.
 */
export async function startOp(
  { keys, alg = 'RS256' }: StartOptions,
  ServerClass: typeof Server,
  via: (op: Server) => { fetch: Fetch } & Partial<Running>,
): Promise<Running> {
  const op = new ServerClass({
    issuer: OP_ISSUER,
    clients: [{ ...CLIENT_METADATA, ...(alg === 'RS256' ? {} : { id_token_signed_response_alg: alg }) }],
    users: [USER],
    ...(keys ? { jwks: { keys: [keys.RS256, keys.ES256] } } : {}),
    ...(alg === 'RS256' ? {} : { accessToken: { signingAlg: alg } }),
  })
  const { fetch, ...extra } = via(op)
  const endpoints = await discover(fetch, OP_ISSUER)
  return {
    target: { fetch, client: CLIENT, endpoints },
    records: () => {
      const state = op.store.getState()
      return {
        codes: Object.keys(state.codes).length,
        tokens: Object.keys(state.tokens).length,
        grants: Object.keys(state.grants).length,
        sessions: Object.keys(state.sessions).length,
      }
    },
    advance: (seconds) => op.clock.advance(seconds),
    close: async () => undefined,
    ...extra,
  }
}
