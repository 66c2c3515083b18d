/**
 * The documented defaults of the options that are not a plain `?? value` in `resolve.ts`.
 */
import type { Ttl } from './options.js'
import { AUTHORIZATION_SURFACE_OPTIONS } from './authorization-surface.js'

/** The lifetimes used where `ttl` does not say otherwise, in seconds. */
export const DEFAULT_TTL: Ttl = {
  AuthorizationCode: 60,
  AccessToken: 3600,
  IdToken: 3600,
  RefreshToken: 14 * 24 * 3600,
  Session: 14 * 24 * 3600,
  Interaction: 600,
  DPoPProof: 300,
  DPoPNonce: 300,
  PushedAuthorizationRequest: 60,
}

/** Every top-level option `new Server()` knows: any other is a mistake worth an error. */
export const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set([
  'issuer', 'clients', 'users', 'jwks', 'scopes', 'claims', 'acrValues', 'interaction', 'sessionBinding', 'ttl', 'limits', 'introspection', 'dpop',
  'accessToken', 'pkce', 'rotateRefreshToken', 'requirePushedAuthorizationRequests', 'conformIdTokenClaims', 'endpoints', 'clock', 'extraTokenClaims',
  'tokenExchange', 'jwtBearer', 'passwordGrant', 'profile', 'claimRules',
  ...AUTHORIZATION_SURFACE_OPTIONS,
  'generatedKeys',
  'requestObjects',
])
