/**
 * The few service-worker globals the worker uses. The WebWorker lib cannot share a program with the
 * DOM lib the rest of the package compiles against, so they are declared here.
 */

export interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}

/** The part of a service worker's `FetchEvent` the worker uses (the core has no WebWorker types). */
export interface FetchEvent extends ExtendableEvent {
  readonly request: Request
  /** The page that started the request (for a navigation: the page it leaves); empty when the browser did. */
  readonly clientId?: string
  respondWith(response: Response | Promise<Response>): void
}

/** The part of a service worker's message event the worker uses. */
export interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown
  readonly ports: readonly MessagePort[]
  /** The page (or worker) that sent the message. */
  readonly source?: { readonly id: string } | null
}

/** The part of the service worker global scope the worker uses. */
export interface ServiceWorkerScope {
  readonly location: { readonly href: string; readonly origin: string; readonly hostname: string }
  readonly clients: { claim(): Promise<void>; get?(id: string): Promise<unknown>; matchAll?(options: { includeUncontrolled: boolean }): Promise<readonly { readonly id: string }[]> }
  skipWaiting(): Promise<void>
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void
}
