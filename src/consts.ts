/** Protocol constants: every protocol string the OP compares against lives here. */

/** @see https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims */
export const STANDARD_SCOPE_CLAIMS: Readonly<Record<string, readonly string[]>> = {
  openid: ['sub'],
  profile: [
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
  offline_access: [],
}

/**
 * The grant types the token endpoint serves out of the box.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4
 */
export const GrantType = {
  authorization_code: 'authorization_code',
  refresh_token: 'refresh_token',
  client_credentials: 'client_credentials',
  device_code: 'urn:ietf:params:oauth:grant-type:device_code',
  ciba: 'urn:openid:params:grant-type:ciba',
} as const
/** One of the built-in grant types. */
export type GrantType = (typeof GrantType)[keyof typeof GrantType]

/** @see https://www.rfc-editor.org/rfc/rfc7591#section-2 token_endpoint_auth_method */
export const ClientAuthMethod = {
  client_secret_basic: 'client_secret_basic',
  client_secret_post: 'client_secret_post',
  client_secret_jwt: 'client_secret_jwt',
  private_key_jwt: 'private_key_jwt',
  none: 'none',
} as const
/** One of the client authentication methods. */
export type ClientAuthMethod = (typeof ClientAuthMethod)[keyof typeof ClientAuthMethod]

/** JWS algorithms the OP signs with (ID tokens, access tokens, UserInfo). HS* is never offered. */
export const SIGNING_ALGS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const
/** A JWS algorithm the OP signs with (and accepts from clients). */
export type SigningAlg = (typeof SIGNING_ALGS)[number]

/** Algorithms accepted on client assertions (RFC 7523), by method. */
export const SECRET_JWT_ALGS = ['HS256', 'HS384', 'HS512'] as const
/** Algorithms accepted on `private_key_jwt` assertions: those the OP signs with. */
export const PRIVATE_KEY_JWT_ALGS = SIGNING_ALGS

/**
 * The parameters the authorization endpoint reads: only these are refused when repeated, others
 * are ignored (RFC 6749 §3.1).
 */
export const AUTHORIZATION_PARAMETERS = [
  'client_id', 'redirect_uri', 'response_type', 'response_mode', 'scope', 'state', 'nonce', 'code_challenge',
  'code_challenge_method', 'prompt', 'max_age', 'login_hint', 'id_token_hint', 'acr_values', 'claims', 'ui_locales',
  'request', 'request_uri', 'dpop_jkt',
] as const

/** The parameters of client authentication in a form body (RFC 6749 §2.3.1, RFC 7523 §2.2). */
export const CLIENT_AUTH_PARAMETERS = ['client_id', 'client_secret', 'client_assertion', 'client_assertion_type'] as const

/** @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2 */
export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

/** @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest prompt */
export const PROMPT_VALUES = ['none', 'login', 'consent', 'select_account', 'create'] as const
/** One `prompt` value. */
export type Prompt = (typeof PROMPT_VALUES)[number]

/** @see https://openid.net/specs/oauth-v2-multiple-response-types-1_0.html#ResponseModes */
export const RESPONSE_MODES = ['query', 'fragment', 'form_post'] as const
/** One `response_mode` value: a plain one, or a JARM one (answered by an add-on that declares it). */
export type ResponseMode = (typeof RESPONSE_MODES)[number] | (typeof JWT_RESPONSE_MODES)[number]
/** @see https://openid.net/specs/oauth-v2-jarm.html#section-2.3 */
export const JWT_RESPONSE_MODES = ['jwt', 'query.jwt', 'fragment.jwt', 'form_post.jwt'] as const

/**
 * PKCE code challenge methods.
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.2
 */
export const PKCE_METHODS = ['S256', 'plain'] as const
/** One `code_challenge_method`. */
export type PkceMethod = (typeof PKCE_METHODS)[number]

/** @see https://www.rfc-editor.org/rfc/rfc9068#section-2.1 */
export const ACCESS_TOKEN_JWT_TYPE = 'at+jwt'

/** JWK members that hold private or symmetric key material (RFC 7518 §6.2.2, §6.3.2, §6.4). */
export const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const

/** @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2 */
export const DPOP_PROOF_TYPE = 'dpop+jwt'

/**
 * `dpop_signing_alg_values_supported`: the asymmetric algorithms the OP verifies DPoP proofs with
 * (never `none` nor a MAC, RFC 9449 §4.2, §11.6), `Ed25519` (RFC 9864) included: oauth4webapi and
 * openid-client sign with it for Ed25519 keys.
 */
export const DPOP_SIGNING_ALGS: readonly string[] = [...SIGNING_ALGS, 'Ed25519']

/** The token type, and the authentication scheme, of DPoP-bound access tokens (RFC 9449 §7.1, §12.1). */
export const DPOP_SCHEME = 'DPoP'

/** @see https://openid.net/specs/openid-connect-discovery-1_0.html#IssuerDiscovery */
export const WEBFINGER_ISSUER_REL = 'http://openid.net/specs/connect/1.0/issuer'

/**
 * Grants beyond the code, refresh and client credentials grants; each is on unless its option
 * (`tokenExchange`, `jwtBearer`, `passwordGrant`) is `false`.
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.3
 */
export const OptionalGrantType = {
  token_exchange: 'urn:ietf:params:oauth:grant-type:token-exchange',
  jwt_bearer: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
  password: 'password',
} as const

/**
 * Token type identifiers of token exchange.
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-3
 */
export const TokenTypeUri = {
  access_token: 'urn:ietf:params:oauth:token-type:access_token',
  refresh_token: 'urn:ietf:params:oauth:token-type:refresh_token',
  id_token: 'urn:ietf:params:oauth:token-type:id_token',
  jwt: 'urn:ietf:params:oauth:token-type:jwt',
} as const

/**
 * The JWS algorithms the FAPI 2.0 Security Profile allows, for the OP's signatures and the
 * clients' assertions alike (`profile: 'fapi2'`).
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.4
 */
export const FAPI2_SIGNING_ALGS = ['PS256', 'ES256', 'EdDSA'] as const satisfies readonly SigningAlg[]

/**
 * The security profiles `new Server({ profile })` knows: the FAPI 2.0 Security Profile, and it with
 * FAPI 2.0 Message Signing on top (signed request objects, JARM, signed introspection).
 * @see https://openid.net/specs/fapi-message-signing-2_0.html
 */
export const PROFILES = ['fapi2', 'fapi2-message-signing'] as const
/** A security profile the OP can enforce for every client. */
export type Profile = (typeof PROFILES)[number]
