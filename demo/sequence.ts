/**
 * The timeline as a sequence diagram, without DOM: for each request the OP answered, which lane
 * sent it (the browser navigating, or the app's own code calling), where its answer went, how the
 * arrows are labelled, and one sentence on what the step means in OpenID Connect.
 *
 * The browser lane is the front channel (the address bar, a popup, a hidden iframe: requests a
 * person could see); the app lane is the back channel (oidc-client-ts and the page calling the OP
 * with fetch).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowSteps
 */
import type { OPEvent } from 'msw-oidc-provider/browser'
import { failed, type Flow, type FlowKind, type TimelineEntry } from './flows.js'

/** The three lanes, left to right. */
export type Lane = 'browser' | 'app' | 'op'

export const LANES: readonly { lane: Lane; title: string; detail: string }[] = [
  { lane: 'browser', title: 'Browser', detail: 'address bar, popup, hidden iframe' },
  { lane: 'app', title: 'App', detail: 'oidc-client-ts in the page' },
  { lane: 'op', title: 'OP', detail: 'in the service worker' },
]

/** One request as two arrows: the call to the OP, and its answer. */
export interface Step {
  entry: TimelineEntry
  /** Who sent the request. */
  from: Lane
  /** Where the answer went: a redirect takes the browser to the app's redirect URI. */
  to: Lane
  /** What the answer carries, after its status: "→ login page", "tokens". */
  answer: string
  /** What the step means, for a newcomer. */
  note: string
}

/** Endpoints the browser navigates to (the front channel); the app calls the others itself. */
const FRONT_CHANNEL = new Set(['authorization', 'interaction', 'session'])

/** What a flow is, in OpenID Connect terms, under its title. */
export const FLOW_NOTES: Record<FlowKind, string> = {
  login: 'Authorization code flow with PKCE: the browser fetches a code, the app swaps it for tokens.',
  'popup-login': 'Authorization code flow with PKCE, in a popup: the page stays where it is.',
  'silent-renew': 'prompt=none in a hidden iframe: a new code from the OP’s login session, no page shown.',
  refresh: 'The refresh_token grant: new tokens without the browser.',
  userinfo: 'The app reads the user’s claims with its access token.',
  logout: 'RP-initiated logout: the OP ends its login session, tells the other apps of it (front and back channel), and sends the browser back.',
  revocation: 'The app tells the OP a token is no longer needed.',
  metadata: 'The app reads the OP’s metadata and keys.',
  other: '',
}

/** The steps of a flow, in order. */
export function stepsOf(flow: Flow): Step[] {
  return flow.entries.map((entry, index) => {
    const { event } = entry
    const from: Lane = FRONT_CHANNEL.has(event.endpoint) ? 'browser' : 'app'
    const next = flow.entries[index + 1]?.event
    const redirect = event.status >= 300 && event.status < 400
    // A redirect to another of the OP's pages keeps the browser at the OP; any other goes to the app.
    const toOpPage = next !== undefined && next.endpoint === 'interaction' && next.method === 'GET'
    const to: Lane = redirect ? (toOpPage ? 'browser' : 'app') : from
    const exchanged = flow.entries.slice(index + 1).some((later) => later.event.params?.grant_type === 'authorization_code')
    return { entry, from, to, answer: answerOf(event, redirect, toOpPage, exchanged, flow), note: noteOf(event) }
  })
}

function answerOf(event: OPEvent, redirect: boolean, toOpPage: boolean, exchanged: boolean, flow: Flow): string {
  if (redirect) {
    if (toOpPage) return `→ ${event.endpoint === 'interaction' ? 'next page' : 'login page'}`
    const back = event.params?.post_logout_redirect_uri ?? event.params?.redirect_uri ?? redirectUriOf(flow)
    const where = back ? new URL(back).pathname : 'the app'
    // The code shows in the app's token request; a redirect without one carries an error.
    return exchanged ? `→ ${where} with a code` : `→ ${where}`
  }
  if (event.status === 0) return 'network error'
  if (failed(event)) return 'refused'
  switch (event.endpoint) {
    case 'provider_config':
      return 'metadata'
    case 'jwks':
      return 'public keys'
    case 'token':
      return 'tokens'
    case 'userinfo':
      return 'claims'
    case 'interaction':
      return event.method === 'GET' ? 'login page' : ''
    case 'session':
      return 'logout page'
    case 'backchannel_logout':
      return 'RP logged out'
    default:
      return ''
  }
}

/** The redirect URI the flow's authorization request named (an interaction's own URL does not). */
function redirectUriOf(flow: Flow): string | undefined {
  return flow.entries.find((entry) => entry.event.endpoint === 'authorization')?.event.params?.redirect_uri
}

function noteOf(event: OPEvent): string {
  const params = event.params ?? {}
  switch (event.endpoint) {
    case 'provider_config':
      return 'Discovery: the app reads where the OP’s endpoints are and what it supports (OpenID Connect Discovery §4).'
    case 'jwks':
      return 'The OP’s public keys: the app checks the tokens’ signatures with them.'
    case 'authorization':
      return params.prompt?.split(' ').includes('none')
        ? 'Authentication request with prompt=none: the OP answers from its login session, showing nothing (Core §3.1.2.1).'
        : 'Authentication request: the browser asks the OP for a code for this app, with a PKCE challenge (Core §3.1.2.1).'
    case 'interaction':
      return event.method === 'GET' ? 'The OP’s own login page: the user picks who they are.' : 'The user chose: the OP logs them in and redirects with a one-time code.'
    case 'token':
      return params.grant_type === 'refresh_token'
        ? 'Token request with the refresh token: the OP answers with new tokens and rotates the refresh token (Core §12).'
        : 'Token request: the app swaps the code and its PKCE verifier for an ID token, an access token and a refresh token (Core §3.1.3).'
    case 'userinfo':
      return 'UserInfo request with the access token as a Bearer token: the OP answers with the user’s claims (Core §5.3).'
    case 'session':
      return 'Logout request with id_token_hint: the OP ends its login session (RP-Initiated Logout §2).'
    case 'token_revocation':
      return 'Revocation request: the token stops working (RFC 7009).'
    case 'backchannel_logout':
      return `Back-channel logout: the OP POSTs a logout token to ${event.client_id ?? 'an RP'}’s backchannel_logout_uri, server to server (Back-Channel Logout §2.5).`
    default:
      return `${event.method} ${event.endpoint}`
  }
}
