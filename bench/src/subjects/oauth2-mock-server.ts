/**
 * oauth2-mock-server (axa) on 127.0.0.1, in this process. Its authorize endpoint redirects at once
 * (1 request), it checks neither client nor user, and it keeps a code's PKCE challenge and nonce
 * only until the code is redeemed; tokens are signed JWTs it does not store.
 */
import type { AddressInfo } from 'node:net'
import { OAuth2Server } from 'oauth2-mock-server'
import { CLIENT, directFetch, discover } from '../flow.js'
import type { Running, StartOptions, Subject } from './subject.js'

export const oauth2MockServer: Subject = {
  id: 'oauth2-mock-server',
  label: 'oauth2-mock-server 9 (axa), 127.0.0.1',
  async start({ keys, alg = 'RS256' }: StartOptions): Promise<Running> {
    const server = new OAuth2Server()
    // Its README: generate an RS256 key, or add one. It signs every token with the key it holds.
    if (keys) await server.issuer.keys.add(keys[alg] as Record<string, unknown> as Parameters<typeof server.issuer.keys.add>[0])
    else await server.issuer.keys.generate(alg)
    await server.start(0, '127.0.0.1')
    // It names itself http://localhost:port; use the address it is bound to.
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    server.issuer.url = issuer
    const endpoints = await discover(directFetch, issuer)
    return {
      target: { fetch: directFetch, client: CLIENT, endpoints },
      close: () => server.stop(),
    }
  },
}
