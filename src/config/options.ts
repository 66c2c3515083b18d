/**
 * The options `new Server(configuration)` takes, and the same with every default applied: types
 * only. Defaults are in `defaults.ts`, checks in `validate.ts`, and `resolve.ts` joins them.
 */
import type { JWK } from 'jose'
import type { ClientMetadata, NormalizedClientMetadata } from '../client/metadata.js'
import type { PkceMethod, Profile, SigningAlg } from '../consts.js'
import type { ClaimRule } from '../claims/rules.js'
import type { User } from '../store/state.js'
import type { Limits } from './limits.js'
import type { AuthorizationSurfaceOptions, ResolvedAuthorizationSurface } from './authorization-surface.js'
import type { RequestObjectSettings, ResolvedRequestObjectSettings } from './request-objects.js'

/** Lifetimes, in seconds. */
export interface Ttl {
  /** RFC 6749 §4.1.2 recommends at most ten minutes. Default 60. */
  AuthorizationCode: number
  /** Default 3600. */
  AccessToken: number
  /** Default 3600. */
  IdToken: number
  /** Default 14 days. */
  RefreshToken: number
  /** The login session at the OP (SSO). Default 14 days. */
  Session: number
  /** A pending login or consent page. Default 10 minutes. */
  Interaction: number
  /**
   * How long after its `iat` a DPoP proof is accepted, by the OP's clock (RFC 9449 §4.3 check 11,
   * §11.1); its `jti` is remembered as long. Default 300. An `iat` up to 60 s ahead is accepted too.
   */
  DPoPProof: number
  /** A DPoP nonce the OP provided (RFC 9449 §8): accepted this long, replaced after half of it. Default 300. */
  DPoPNonce: number
  /** A pushed authorization request's `request_uri` (RFC 9126 §2.2). Default 60. */
  PushedAuthorizationRequest: number
}

/**
 * An issuer whose JWTs the OP accepts: as subject or actor tokens of a token exchange (RFC 8693
 * §2.1) or as authorization grants (RFC 7523 §2.1). Its keys are `jwks` or `jwks_uri`.
 */
export interface TrustedIssuer {
  /** The `iss` its JWTs carry. */
  issuer: string
  /** Its public keys, inline. */
  jwks?: { keys: JWK[] }
  /** Or the URL of its JWK Set. */
  jwks_uri?: string
}

/** What a {@link TokenExchangeSettings.policy} is asked: may this client exchange this token? */
export interface TokenExchangePolicyInput {
  /** The client making the request. */
  client_id: string
  /** Which token: the subject token or the actor token. */
  role: 'subject' | 'actor'
  /** Who issued it: the OP's issuer, or a trusted issuer's. */
  iss: string
  sub: string
  /** The client it was issued to, when known (the OP's tokens, `client_id` or `azp` of a JWT). */
  token_client_id?: string
  aud: string[]
  scope: string[]
}

/**
 * Token exchange (RFC 8693).
 * @see https://www.rfc-editor.org/rfc/rfc8693
 */
export interface TokenExchangeSettings {
  /** Issuers, besides this OP, whose JWTs may be subject or actor tokens (type `jwt`, `id_token` or `access_token`). */
  trustedIssuers?: TrustedIssuer[]
  /**
   * Which client may exchange which token. Default: a token issued to the client, or whose `aud`
   * names the client (or, for a trusted issuer's JWT, this OP's issuer).
   */
  policy?: (input: TokenExchangePolicyInput) => boolean
}

/**
 * The JWT bearer grant (RFC 7523 §2.1): assertions signed by the client itself are always
 * accepted; these issuers may sign them too.
 */
export interface JwtBearerSettings {
  trustedIssuers?: TrustedIssuer[]
}

/** Settings of one endpoint: switch it off, or move it. */
export interface EndpointSettings {
  /** Default true. A disabled endpoint answers 404 and leaves the metadata. */
  enabled?: boolean
  /** Path under the issuer, for endpoints whose URL the metadata publishes. */
  path?: string
}

/**
 * Settings of the registration endpoint.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-3
 */
export interface RegistrationSettings extends EndpointSettings {
  /** RFC 7591 §3: when set, registration requires it as a Bearer token. Default: open registration. */
  initialAccessToken?: string
}

/**
 * Settings per built-in endpoint, by endpoint name (`{ userinfo: { enabled: false } }`). Its
 * members come from the endpoint registry (`endpoints/registry.ts`), which adds them to this
 * interface: the option follows the one list of endpoints, and this layer imports none of them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EndpointsConfiguration {}

/** What an {@link ServerConfiguration.extraTokenClaims} hook is told. */
export interface ExtraTokenClaimsInput {
  token: 'access_token' | 'id_token'
  client_id: string
  /** The user; absent for client_credentials. */
  user?: User
  scope: string[]
}

/**
 * Everything `new Server(configuration)` accepts. Only `issuer` is required.
 * JSON-only fields (everything but `clock` and `extraTokenClaims`) can also be sent to the worker.
 */
export interface ServerConfiguration extends AuthorizationSurfaceOptions {
  /** The issuer identifier: an absolute http(s) URL, a path allowed, no query or fragment. */
  issuer: string
  /** Clients, with RFC 7591 metadata names; each needs `client_id`. */
  clients?: ClientMetadata[]
  /** Users: `sub` plus OpenID standard claims and any others. The first one is the default login. */
  users?: User[]
  /**
   * Private signing keys (JWK, with `alg`). Every advertised signing algorithm that has none here
   * gets a generated key at start (the RSA ones share one RSA key), before anything is signed.
   */
  jwks?: { keys: JWK[] }
  /** More scopes to support, beyond openid, profile, email, address, phone and offline_access. */
  scopes?: string[]
  /**
   * Claims released per scope, merged over the standard ones (Core §5.4):
   * `{ groups: ['groups'] }` makes the `groups` scope release the `groups` claim.
   */
  claims?: Record<string, string[]>
  /** `acr_values_supported`. Default: none published; any requested value is honoured. */
  acrValues?: string[]
  /**
   * Who logs in:
   * - `auto` (default): no page; the user whose `sub` (or email) equals `login_hint`, else the first user.
   * - `login`: the OP's own login page for every login, and a consent page where consent is missing.
   * - `prompt`: automatic, but the pages appear for `prompt=login`, `select_account` or `consent`.
   */
  interaction?: 'auto' | 'login' | 'prompt'
  /**
   * Where the login session lives:
   * - `agent` (default): the OP acts as one user agent (Node tests, the service worker).
   * - `cookie`: a session cookie per browser, as a real OP (Playwright).
   */
  sessionBinding?: 'agent' | 'cookie'
  ttl?: Partial<Ttl>
  /** Sizes and record counts the OP accepts (docs/limits.md); each defaults as `DEFAULT_LIMITS` says. */
  limits?: Partial<Limits>
  /**
   * Token introspection (RFC 7662 §4): a client learns about its own tokens only, unless it is one
   * of `resourceServers` (client_ids), which may introspect any token, or `allowAll` makes every
   * confidential client one. Default: no resource server.
   */
  introspection?: { resourceServers?: string[]; allowAll?: boolean }
  accessToken?: {
    /** `jwt` (RFC 9068, default) or `opaque`. */
    format?: 'jwt' | 'opaque'
    /** The `aud` of JWT access tokens. Default: the issuer. */
    audience?: string | string[]
    /** Default RS256, which RFC 9068 §4 requires resource servers to support. */
    signingAlg?: SigningAlg
  }
  pkce?: {
    /** `code_challenge_methods_supported`. Default `['S256']`; `plain` only when listed. */
    methods?: PkceMethod[]
    /** Which clients must send a code_challenge. Default `public`. */
    required?: 'public' | 'all' | 'never'
  }
  /** Issue a new refresh token on every refresh and revoke the grant when an old one is reused. Default true. */
  rotateRefreshToken?: boolean
  /** DPoP, RFC 9449: proofs are always checked and bind tokens; this says how. */
  dpop?: {
    /**
     * Server-provided nonces (§8, §9): `off` (default) — proofs are judged by their `iat`;
     * `required` — every proof must carry a nonce the OP provided in a `DPoP-Nonce` header, else
     * `use_dpop_nonce`. A proof with a valid nonce is as fresh as its nonce, whatever its `iat`.
     */
    nonce?: 'off' | 'required'
  }
  /**
   * `require_pushed_authorization_requests` (RFC 9126 §5): every client must push its authorization
   * requests first. Default false; a client can ask for it alone with the metadata of that name.
   */
  requirePushedAuthorizationRequests?: boolean
  /**
   * Spec-conform ID tokens (default true): scope claims go to UserInfo only, the ID token carries
   * the claims the `claims` parameter asks for. false: scope claims go into the ID token as well.
   */
  conformIdTokenClaims?: boolean
  /**
   * A security profile enforced for every client: `fapi2` is the FAPI 2.0 Security Profile (PAR,
   * PKCE S256, DPoP, private_key_jwt, PS256/ES256/EdDSA, codes of at most 60 s). Default: none;
   * clients still opt into parts by metadata. See docs/fapi2.md.
   * @see https://openid.net/specs/fapi-security-profile-2_0.html
   */
  profile?: Profile
  endpoints?: EndpointsConfiguration
  /** The current time in milliseconds; every `iat`, `exp` and expiry check reads it. */
  clock?: () => number
  /** Claims added to access tokens and ID tokens (they never override the protocol claims). */
  extraTokenClaims?: (input: ExtraTokenClaimsInput) => Record<string, unknown> | undefined
  /**
   * Token exchange (RFC 8693), on by default: trusted issuers of subject tokens besides the OP, and
   * who may exchange what. `false` turns the grant off.
   */
  tokenExchange?: TokenExchangeSettings | false
  /**
   * The JWT bearer grant (RFC 7523 §2.1), on by default: issuers besides the clients that may sign
   * assertions. `false` turns the grant off.
   */
  jwtBearer?: JwtBearerSettings | false
  /**
   * The legacy password grant (RFC 6749 §4.3; OAuth 2.1 removes it), for the clients that
   * list `password` in `grant_types` and the users that carry a `password`. Default true; `false` turns it off.
   */
  passwordGrant?: boolean
  /**
   * Claims added or overridden per client, scope or user, as JSON (so they reach the worker too),
   * in ID tokens, access tokens (JWT and introspection) and UserInfo alike; later rules win, and
   * protocol claims are refused. At most 100 rules, 64 KiB of JSON. See docs/claims.md.
   */
  claimRules?: ClaimRule[]
  /**
   * Where the keys the OP generates (for the advertised algorithms `jwks` has no key for) come
   * from. `'shared'` (default): generated once per issuer per process (per worker in Playwright)
   * and reused by the next OPs of that issuer, so the second `new Server()` is ready at once; its
   * state is still its own, so tokens of another OP are not in it. `'fresh'`: new keys for this OP.
   */
  generatedKeys?: 'shared' | 'fresh'
  /**
   * Request objects (RFC 9101, OIDC Core §6), `request` and `request_uri`: on by default; `false`
   * answers them `request_not_supported`. See docs/request-objects.md.
   */
  requestObjects?: RequestObjectSettings | false
}

/** The configuration with every default applied. */
export interface ResolvedConfiguration extends ResolvedAuthorizationSurface {
  issuer: string
  clients: (NormalizedClientMetadata & { client_id: string })[]
  users: User[]
  jwks?: { keys: JWK[] }
  scopes: string[]
  scopeClaims: Record<string, readonly string[]>
  acrValues: string[]
  interaction: 'auto' | 'login' | 'prompt'
  sessionBinding: 'agent' | 'cookie'
  ttl: Ttl
  limits: Limits
  introspection: { resourceServers: string[]; allowAll: boolean }
  accessToken: { format: 'jwt' | 'opaque'; audience: string | string[]; signingAlg: SigningAlg }
  pkce: { methods: PkceMethod[]; required: 'public' | 'all' | 'never' }
  rotateRefreshToken: boolean
  dpop: { nonce: 'off' | 'required' }
  requirePushedAuthorizationRequests: boolean
  conformIdTokenClaims: boolean
  profile: Profile | undefined
  /** The algorithms the OP advertises in `*_signing_alg_values_supported`: each has a key before anything is signed. */
  signingAlgs: SigningAlg[]
  endpoints: EndpointsConfiguration
  clock: () => number
  extraTokenClaims?: ServerConfiguration['extraTokenClaims']
  /** Absent: token exchange is off. */
  tokenExchange?: { trustedIssuers: TrustedIssuer[]; policy?: (input: TokenExchangePolicyInput) => boolean }
  /** Absent: the JWT bearer grant is off. */
  jwtBearer?: { trustedIssuers: TrustedIssuer[] }
  passwordGrant: boolean
  /** Validated copies of the configured rules; empty when none. */
  claimRules: ClaimRule[]
  generatedKeys: 'shared' | 'fresh'
  /** Absent: request objects are off. */
  requestObjects: ResolvedRequestObjectSettings | undefined
}
