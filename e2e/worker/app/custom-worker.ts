/**
 * An app's own worker entry: its API mocks beside the OP. `msw` is imported before the OP on
 * purpose: the Vite plugin evaluates the `localStorage` stand-in before anything in the entry.
 */
import { http, HttpResponse, passthrough } from 'msw'
import { setupOidcWorker } from '../../../src/worker/index.js'

setupOidcWorker({
  handlers: [
    http.get('/api/hello', () => HttpResponse.json({ hello: 'from the app handler' })),
    http.get('/api/through', () => passthrough()),
    // The app's handlers come first, under the issuer too.
    http.get('/oidc/app-extension', () => HttpResponse.json({ extension: true })),
  ],
})
