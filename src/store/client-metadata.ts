/**
 * The client metadata a client record holds: a plain type, kept beside the state so that the
 * state depends on nothing above the store (`client/metadata.ts` validates it).
 */
import type { JWK } from 'jose'
import type { ClientAuthMethod, SigningAlg } from '../consts.js'

/**
 * Client metadata, with RFC 7591 / OpenID Connect Registration names.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 */
export interface ClientMetadata {
  /** Given in the configuration; generated on dynamic registration. */
  client_id?: string
  client_secret?: string
  /** 0: never expires. */
  client_secret_expires_at?: number
  redirect_uris?: string[]
  post_logout_redirect_uris?: string[]
  token_endpoint_auth_method?: ClientAuthMethod
  token_endpoint_auth_signing_alg?: string
  grant_types?: string[]
  response_types?: string[]
  application_type?: 'web' | 'native'
  client_name?: string
  client_uri?: string
  logo_uri?: string
  tos_uri?: string
  policy_uri?: string
  contacts?: string[]
  /** Space-separated scopes the client may request; absent: any scope the OP supports. */
  scope?: string
  jwks?: { keys: JWK[] }
  jwks_uri?: string
  id_token_signed_response_alg?: SigningAlg
  userinfo_signed_response_alg?: SigningAlg
  /** Core §8: `pairwise` gives the client a `sub` of its sector (src/add-ons/pairwise/). */
  subject_type?: 'public' | 'pairwise'
  default_max_age?: number
  require_auth_time?: boolean
  /** RFC 9126 §6: this client's authorization requests must be pushed first. */
  require_pushed_authorization_requests?: boolean
  /** RFC 9449 §5.2: the client always uses DPoP; token requests without a DPoP proof are refused. */
  dpop_bound_access_tokens?: boolean
  /** CIBA Registration §4: how the client learns of the result, `poll` (default) or `ping`. */
  backchannel_token_delivery_mode?: 'poll' | 'ping'
  /** CIBA Registration §4: where the OP pings a `ping` mode client. */
  backchannel_client_notification_endpoint?: string
  /** JARM §3: the algorithm the client's response JWTs are signed with (default RS256). */
  authorization_signed_response_alg?: SigningAlg
  /** Back-Channel Logout §2.2: where the OP POSTs a logout token when a session of this client ends. */
  backchannel_logout_uri?: string
  /** Back-Channel Logout §2.2: the logout token must carry `sid`. */
  backchannel_logout_session_required?: boolean
  /** Front-Channel Logout §2: what the OP's logout page loads in an iframe. */
  frontchannel_logout_uri?: string
  /** Front-Channel Logout §2: the iframe's URL must carry `iss` and `sid`. */
  frontchannel_logout_session_required?: boolean
  /** Registration §2: an https URL of a JSON array of the client's redirect URIs; its host is the pairwise sector. */
  sector_identifier_uri?: string
  /** RFC 9396 §10: the `authorization_details` types this client may use; absent: any the OP supports. */
  authorization_details_types?: string[]
  /** RFC 9701 §6: the algorithm of signed (JWT) introspection responses for this client. */
  introspection_signed_response_alg?: SigningAlg
  /** Core §6, RFC 9101: the algorithm of the client's request objects (`none`: unsigned ones accepted). */
  request_object_signing_alg?: string
  /** Core §6: the algorithms of the client's encrypted request objects (to the OP's keys). */
  request_object_encryption_alg?: string
  request_object_encryption_enc?: string
  /** Core §6.2: the `request_uri` values the client may send; when registered, no other is fetched. */
  request_uris?: string[]
  /** RFC 9101 §10.5: every authorization request of the client is a signed request object. */
  require_signed_request_object?: boolean
  /** Core §10.2: ID tokens, UserInfo responses, authorization responses (JARM) encrypted to the client. */
  id_token_encrypted_response_alg?: string
  id_token_encrypted_response_enc?: string
  userinfo_encrypted_response_alg?: string
  userinfo_encrypted_response_enc?: string
  authorization_encrypted_response_alg?: string
  authorization_encrypted_response_enc?: string
  /** RFC 9701 §6: JWT introspection responses encrypted to the client (signed, then encrypted). */
  introspection_encrypted_response_alg?: string
  introspection_encrypted_response_enc?: string
}
