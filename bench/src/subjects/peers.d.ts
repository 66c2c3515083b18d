// oidc-provider ships no type declarations: these cover what the bench uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  export interface Grant {
    addOIDCScope(scope: string): void
    save(): Promise<string>
  }
  export interface InteractionDetails {
    grantId?: string
    params: Record<string, string>
  }
  export class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>)
    callback(): (req: IncomingMessage, res: ServerResponse) => void
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>
    Grant: {
      new (properties: { accountId: string; clientId: string }): Grant
      find(id: string): Promise<Grant | undefined>
    }
  }
  export default Provider
}

declare module 'oidc-provider/lib/helpers/lru.js' {
  export default class LRU {
    constructor(options: { maxSize: number })
    readonly size: number
    get(key: string): unknown
  }
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  import type LRU from 'oidc-provider/lib/helpers/lru.js'
  export default class MemoryAdapter {
    constructor(model: string, store?: LRU, clockTolerance?: number)
  }
}

declare module 'oidc-provider/lib/helpers/als.js' {
  import type { AsyncLocalStorage } from 'node:async_hooks'
  const als: AsyncLocalStorage<unknown>
  export default als
}

// oauth2-mock-server is installed by `npm run bench` into bench/node_modules (bench/package.json),
// not by the root install: what the bench uses of it, so that the repo type-checks without it.
declare module 'oauth2-mock-server' {
  import type { AddressInfo } from 'node:net'

  export class OAuth2Server {
    readonly issuer: { url: string | undefined; keys: { add(jwk: Record<string, unknown>): Promise<unknown>; generate(alg: string): Promise<unknown> } }
    start(port?: number, host?: string): Promise<void>
    stop(): Promise<void>
    address(): AddressInfo | string | null
  }
}
