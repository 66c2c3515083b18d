/**
 * The clients and users of a server started without a configuration file: enough for the usual
 * relying parties on a developer's machine to log in at once.
 */
import type { ClientMetadata } from '../client/metadata.js'
import type { User } from '../store/state.js'

/** Local origins dev servers and frameworks listen on (generic, Vite, Spring/Tomcat, ASP.NET, Flask, Django). */
const LOCAL_ORIGINS = ['http://localhost:3000', 'http://localhost:5173', 'http://localhost:8080', 'http://localhost:5000', 'http://localhost:8000']

/**
 * Callback paths of popular relying parties: generic ones, ASP.NET Core (`/signin-oidc`), Spring
 * Security (`/login/oauth2/code/{registrationId}` with the id `oidc`), Auth.js (`/api/auth/callback/{provider}`),
 * oauth2-proxy (`/oauth2/callback`).
 */
const CALLBACK_PATHS = ['/callback', '/auth/callback', '/signin-oidc', '/login/oauth2/code/oidc', '/api/auth/callback/oidc', '/oauth2/callback']

/** Where these clients may be sent after logout. */
const LOGOUT_PATHS = ['/', '/signout-callback-oidc', '/logout']

const redirectUris = LOCAL_ORIGINS.flatMap((origin) => CALLBACK_PATHS.map((path) => origin + path))
const postLogoutRedirectUris = LOCAL_ORIGINS.flatMap((origin) => LOGOUT_PATHS.map((path) => origin + path))

/** A public client (a SPA or a native app): no secret, PKCE required. */
export const DEFAULT_PUBLIC_CLIENT: ClientMetadata = {
  client_id: 'spa',
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  redirect_uris: redirectUris,
  post_logout_redirect_uris: postLogoutRedirectUris,
}

/**
 * A confidential client with `client_secret_basic` (RFC 6749 §2.3.1, the default of most server-side
 * libraries), allowed the code, refresh and client_credentials grants.
 */
export const DEFAULT_CONFIDENTIAL_CLIENT: ClientMetadata = {
  client_id: 'app',
  client_secret: 'app-secret',
  token_endpoint_auth_method: 'client_secret_basic',
  grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
  redirect_uris: redirectUris,
  post_logout_redirect_uris: postLogoutRedirectUris,
}

/** The default users; the first one logs in when no `login_hint` names another. */
export const DEFAULT_USERS: User[] = [
  { sub: 'alice', name: 'Alice Example', given_name: 'Alice', family_name: 'Example', email: 'alice@example.com', email_verified: true },
  { sub: 'bob', name: 'Bob Example', given_name: 'Bob', family_name: 'Example', email: 'bob@example.com', email_verified: true },
]
