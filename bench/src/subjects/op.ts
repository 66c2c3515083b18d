/** This OP as a subject: built the same way whether msw or `op.handle()` carries the requests. */
import { Server } from '../../../src/index.js'
import { CLIENT, USER, type Fetch, type Target } from '../flow.js'
import type { BenchKeys } from '../keys.js'
import type { Running } from './subject.js'

export const OP_ISSUER = 'https://op.example.test'

/** Builds the OP; `ServerClass` lets the before/after comparison build another revision of it. */
export function buildOp(keys: BenchKeys | undefined, ServerClass: typeof Server = Server, alg: 'RS256' | 'ES256' = 'RS256'): Server {
  return new ServerClass({
    issuer: OP_ISSUER,
    clients: [{
      ...CLIENT,
      redirect_uris: [CLIENT.redirect_uri],
      grant_types: ['authorization_code', 'client_credentials'],
      token_endpoint_auth_method: 'client_secret_basic',
      ...(alg === 'RS256' ? {} : { id_token_signed_response_alg: alg }),
    }],
    users: [USER],
    ...(keys ? { jwks: { keys: [keys.RS256, keys.ES256] } } : {}),
    ...(alg === 'RS256' ? {} : { accessToken: { signingAlg: alg } }),
  })
}

export function opRunning(op: Server, fetch: Fetch, endpoints: Target['endpoints'], extra: Partial<Running> = {}): Running {
  return {
    target: { fetch, issuer: OP_ISSUER, client: CLIENT, endpoints },
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
