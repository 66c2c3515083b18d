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
    // The RP's back-channel logout receiver: the OP's POST reaches the app's handlers first.
    http.post('/api/backchannel-logout', async ({ request }) => {
      const token = new URLSearchParams(await request.text()).get('logout_token')
      return new HttpResponse(null, { status: token ? 202 : 400 })
    }),
    // A request object by reference (RFC 9101 §5.2), unsigned, made of the query: the OP fetches it here.
    http.get('/ro/request.jwt', ({ request }) => {
      const claims = Object.fromEntries(new URL(request.url).searchParams)
      const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
      return new HttpResponse(`${encode({ alg: 'none' })}.${encode(claims)}.`, { headers: { 'content-type': 'application/oauth-authz-req+jwt' } })
    }),
  ],
})
