/**
 * The demo's one configuration file: the OP that runs in the service worker, and the relying party
 * (oidc-client-ts) that logs in against it. Copy it into your app and change the clients, users and
 * scopes; in your app, import the type from 'msw-oidc-provider/browser' rather than from ../src.
 *
 * The issuer must be on the page's origin (a service worker only answers its own origin), so the
 * OP lives under /oidc beside the app: ${location.origin}/oidc.
 */
import type { UserManagerSettings } from 'oidc-client-ts'
import type { StartWorkerOptions } from 'msw-oidc-provider/browser'

const origin = location.origin

/** Where the OP answers. `startWorker` uses `${location.origin}/oidc` unless told otherwise. */
export const issuer = `${origin}/oidc`

/** The RP's redirect URIs: one per way of logging in. The app answers each (see main.ts). */
export const redirects = {
  /** A full-page redirect login comes back here. */
  callback: `${origin}/callback`,
  /** A login in a popup window comes back here; the page posts the result to its opener. */
  popup: `${origin}/popup`,
  /** A silent renew (prompt=none in a hidden iframe) comes back here. */
  silent: `${origin}/silent`,
  /** After logout. */
  loggedOut: `${origin}/`,
  /** The FAPI 2.0 panel's login (in a popup) comes back here; the page posts it to its opener. */
  fapi: `${origin}/fapi-callback`,
}

/**
 * The device-flow panel's client: a TV without a browser that shows a code while the user approves
 * on another screen (RFC 8628). The panel registers it (`addClient`) when first used, so the OP
 * starts with the one client of the app; in your own setup, list it in `clients` below.
 */
export const deviceClient = {
  client_id: 'demo-tv',
  client_name: 'Demo TV',
  token_endpoint_auth_method: 'none',
  grant_types: ['urn:ietf:params:oauth:grant-type:device_code', 'refresh_token'],
} satisfies NonNullable<StartWorkerOptions['clients']>[number]

/**
 * The second relying party (single logout): another app of the same user agent, which logs in by
 * single sign-on (prompt=none on the OP's session; a popup the first time, for the user's consent) and hears of the logout both ways: its
 * front-channel URI is loaded in an iframe of the OP's logout page, its back-channel URI (a route
 * of the demo's Vite server, as an RP backend) receives the logout token. Registered on first use.
 */
export const secondClient = {
  client_id: 'demo-rp2',
  client_name: 'Second RP',
  token_endpoint_auth_method: 'none',
  redirect_uris: [`${origin}/rp2/silent`, `${origin}/rp2/popup`],
  grant_types: ['authorization_code'],
  frontchannel_logout_uri: `${origin}/rp2/frontchannel-logout`,
  frontchannel_logout_session_required: true,
  backchannel_logout_uri: `${origin}/rp2/backchannel-logout`,
  backchannel_logout_session_required: true,
} satisfies NonNullable<StartWorkerOptions['clients']>[number]

/** The second RP's oidc-client-ts settings: its own storage, so the two apps hold their own logins. */
export const secondRp: UserManagerSettings = {
  authority: issuer,
  client_id: secondClient.client_id,
  redirect_uri: secondClient.redirect_uris[0]!,
  silent_redirect_uri: secondClient.redirect_uris[0]!,
  popup_redirect_uri: secondClient.redirect_uris[1]!,
  scope: 'openid profile',
  automaticSilentRenew: false,
  loadUserInfo: true,
}

/**
 * The FAPI 2.0 panel's client: a confidential RP built to the FAPI 2.0 Security Profile, opting in
 * by its metadata (the OP itself is not `profile: 'fapi2'`, so the demo's SPA keeps working):
 * `private_key_jwt` with an ES256 key the panel makes in the browser (added as `jwks` when it
 * registers the client on first use), PAR required, DPoP-bound tokens, PS256 ID tokens.
 * @see ../docs/fapi2.md
 */
export const fapiClient = {
  client_id: 'demo-fapi',
  client_name: 'Demo FAPI 2.0 RP',
  token_endpoint_auth_method: 'private_key_jwt',
  redirect_uris: [redirects.fapi],
  grant_types: ['authorization_code', 'refresh_token'],
  require_pushed_authorization_requests: true,
  dpop_bound_access_tokens: true,
  id_token_signed_response_alg: 'PS256',
} satisfies NonNullable<StartWorkerOptions['clients']>[number]

/** The OP: sent to the service worker by `startWorker(op)`. Only JSON: it crosses `postMessage`. */
export const op: StartWorkerOptions = {
  issuer,
  /** The OP's own login page for every login, so a person picks who they are; `auto` logs in the first user at once. */
  interaction: 'login',
  clients: [
    {
      client_id: 'demo-spa',
      client_name: 'Demo SPA',
      // A browser app has no secret: a public client with PKCE (required for public clients).
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirects.callback, redirects.popup, redirects.silent],
      post_logout_redirect_uris: [redirects.loggedOut],
      grant_types: ['authorization_code', 'refresh_token'],
    },
  ],
  users: [
    { sub: 'alice', name: 'Alice Example', given_name: 'Alice', family_name: 'Example', email: 'alice@example.com', email_verified: true },
    { sub: 'bob', name: 'Bob Builder', given_name: 'Bob', family_name: 'Builder', email: 'bob@example.com', email_verified: false, locale: 'en-GB' },
  ],
  ttl: { AccessToken: 600, IdToken: 600 },
  /** No console line per page load. */
  quiet: true,
  /** The first start bundles the worker from source in `vite dev`: give it time. */
  timeout: 30_000,
}

/** The RP: oidc-client-ts settings for the client above. */
export const rp: UserManagerSettings = {
  authority: issuer,
  client_id: 'demo-spa',
  redirect_uri: redirects.callback,
  popup_redirect_uri: redirects.popup,
  silent_redirect_uri: redirects.silent,
  post_logout_redirect_uri: redirects.loggedOut,
  // offline_access: the OP issues a refresh token to a client allowed the refresh_token grant.
  scope: 'openid profile email offline_access',
  // Renewal is a button in the demo; an app would usually leave this on.
  automaticSilentRenew: false,
  // UserInfo is part of every login (oidc-client-ts merges its claims into the profile).
  loadUserInfo: true,
}
