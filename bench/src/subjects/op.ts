/** This OP as a subject: built the same way whether msw, `op.handle()` or `node:http` carries the requests. */
import type { Server } from '../../../src/index.js'
import type { Server as CoreServer, ServerConfiguration } from '../../../src/core.js'
import { CLIENT, CLIENT_METADATA, discover, USER, type Fetch } from '../flow.js'
import type { Running, StartOptions } from './subject.js'

export const OP_ISSUER = 'https://op.example.test'

/** The bench's configuration of this OP, but for the issuer: the bench client and user, the bench keys if given. */
export function opConfiguration({ keys, alg = 'RS256' }: StartOptions): Omit<ServerConfiguration, 'issuer'> {
  return {
    clients: [{ ...CLIENT_METADATA, ...(alg === 'RS256' ? {} : { id_token_signed_response_alg: alg }) }],
    users: [USER],
    ...(keys ? { jwks: { keys: [keys.RS256, keys.ES256] } } : {}),
    ...(alg === 'RS256' ? {} : { accessToken: { signingAlg: alg } }),
  }
}

/** Reads the discovery document of a built OP through `fetch`; the records and the clock come from `op`. */
export async function opRunning(op: CoreServer, issuer: string, { fetch, ...extra }: { fetch: Fetch } & Partial<Running>): Promise<Running> {
  const endpoints = await discover(fetch, issuer)
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
    // A measurement at the end of a run, not an OP write: the records are dropped to see what they
    // held, in place, as the sweep drops them.
    forget: (kind) => {
      const records = (op.store.getState() as unknown as Record<string, Record<string, unknown>>)[kind]!
      for (const key of Object.keys(records)) delete records[key]
    },
    advance: (seconds) => op.clock.advance(seconds),
    close: async () => undefined,
    ...extra,
  }
}

/**
 * Builds the OP and reads its discovery document through `fetch`. `ServerClass` lets the
 * before/after comparison (`--ab`) build another revision of it.
 */
export async function startOp(
  options: StartOptions,
  ServerClass: typeof Server,
  via: (op: Server) => { fetch: Fetch } & Partial<Running>,
): Promise<Running> {
  const op = new ServerClass({ issuer: OP_ISSUER, ...opConfiguration(options) })
  return opRunning(op, OP_ISSUER, via(op))
}
