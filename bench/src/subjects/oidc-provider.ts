/**
 * oidc-provider (panva) on 127.0.0.1, in this process, with its default in-memory adapter.
 *
 * Non-interactive login: `features.devInteractions` is off and `interactions.url` points at
 * `/interaction/:uid`, which this file answers itself before the provider sees the request: it
 * creates a Grant for the requested scope and finishes the interaction with login and consent in
 * one `interactionFinished` (303 back to the provider's resume URL). A user agent without a
 * session therefore needs 3 requests to get its code (authorize → interaction → resume); with the
 * session cookie and the grant `loadExistingGrant` finds, 1 (as this OP, which keeps one login).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Provider } from 'oidc-provider'
import LRU from 'oidc-provider/lib/helpers/lru.js'
import MemoryAdapter from 'oidc-provider/lib/adapters/memory_adapter.js'
import als from 'oidc-provider/lib/helpers/als.js'
import { CLIENT, CLIENT_METADATA, directFetch, discover, USER } from '../flow.js'
import type { Running, StartOptions, Subject } from './subject.js'

export const oidcProvider: Subject = {
  id: 'oidc-provider',
  label: 'oidc-provider 9 (panva), 127.0.0.1',
  async start({ keys, alg = 'RS256' }: StartOptions): Promise<Running> {
    // What the default adapter builds (its MemoryAdapter over an LRU of 1,000 entries), with a
    // handle on the LRU to count its entries.
    const storage = new LRU({ maxSize: 1000 })
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const provider = new Provider(issuer, {
      clients: [{ ...CLIENT_METADATA, response_types: ['code'], id_token_signed_response_alg: alg }],
      ...(keys ? { jwks: { keys: [keys.RS256, keys.ES256] } } : {}),
      adapter: (model: string) => new MemoryAdapter(model, storage),
      cookies: { keys: ['bench-cookie-signing-key'] },
      // Its defaults (this OP's for AccessToken, IdToken, Interaction), given as numbers: the
      // default functions print a notice on every first use.
      ttl: { AccessToken: 3600, AuthorizationCode: 60, ClientCredentials: 600, IdToken: 3600, Interaction: 600, Grant: 14 * 24 * 3600, Session: 14 * 24 * 3600 },
      claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
      features: { devInteractions: { enabled: false }, clientCredentials: { enabled: true } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: () => ({ ...USER, sub }),
      }),
    })
    const callback = provider.callback()
    const grantIds = new Set<string>()
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith('/interaction/')) {
        finishInteraction(provider, req, res, grantIds).catch((error: unknown) => {
          res.statusCode = 500
          res.end(String(error))
        })
        return
      }
      callback(req, res)
    })
    const endpoints = await discover(directFetch, issuer)
    return {
      target: { fetch: directFetch, client: CLIENT, endpoints },
      // Its requests run in an AsyncLocalStorage, whose first run() turns on Node's promise hooks for
      // every promise in the process; off again once no storage is in use, and on at its next request.
      deactivate: () => als.disable(),
      records: () => ({
        adapter_entries: storage.size,
        // The adapter's per-grant index of tokens (a Map per grant, inside one LRU entry).
        grant_index_entries: [...grantIds].reduce((sum, id) => sum + ((storage.get(`grant:${id}`) as Map<string, number> | undefined)?.size ?? 0), 0),
      }),
      close: () => new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
    }
  },
}

/** The bench's login and consent: the configured user, every requested scope. */
async function finishInteraction(provider: Provider, req: IncomingMessage, res: ServerResponse, grantIds: Set<string>): Promise<void> {
  const details = await provider.interactionDetails(req, res)
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined
  const grant = existing ?? new provider.Grant({ accountId: USER.sub, clientId: details.params.client_id! })
  grant.addOIDCScope(details.params.scope!)
  const grantId = await grant.save()
  grantIds.add(grantId)
  await provider.interactionFinished(req, res, { login: { accountId: USER.sub }, consent: { grantId } }, { mergeWithLastSubmission: false })
}
