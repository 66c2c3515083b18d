/**
 * The FAPI 2.0 Security Profile add-on, installed by `profile: 'fapi2'` (docs/fapi2.md). What the
 * profile fixes in the configuration (PAR required, PKCE S256 of every client, codes of at most
 * 60 s, PS256/ES256/EdDSA keys) is resolved in config/profile.ts, what clients may register in
 * client/fapi2-metadata.ts; this add-on holds the per-request rules and the discovery members.
 * Message Signing (signed request objects, JARM, signed introspection) is not here yet.
 * @see https://openid.net/specs/fapi-security-profile-2_0.html
 */
import { FAPI2_SIGNING_ALGS, type Profile } from '../../consts.js'
import type { AddOn, EndpointHooks } from '../add-on.js'
import { checkAssertionForm, checkDPoPRequired, checkResponseType } from './checks.js'
import { fapi2MessageSigningAddOn } from './message-signing.js'

/** The client-authenticating endpoints: the assertion rules apply wherever a client authenticates. */
const authenticating: EndpointHooks = { beforeProcess: checkAssertionForm }

/** The signing algorithms, as discovery lists them (§5.4). */
const algs = (): string[] => [...FAPI2_SIGNING_ALGS]

/** private_key_jwt only (§5.3.2.1), in the members every client-authenticating endpoint publishes. */
const authMetadata = (prefix: string) => (): Record<string, unknown> => ({
  [`${prefix}_endpoint_auth_methods_supported`]: ['private_key_jwt'],
  [`${prefix}_endpoint_auth_signing_alg_values_supported`]: algs(),
})

/**
 * FAPI 2.0: DPoP at the token endpoint, assertions of the allowed algorithms with the issuer as
 * their `aud`, the code response type only, and discovery that says so.
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.3.2.1
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.3.2.2
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.4
 */
export const fapi2AddOn: AddOn = {
  name: 'fapi2',
  endpoints: {
    token: {
      beforeProcess(input) {
        checkAssertionForm(input)
        checkDPoPRequired(input)
      },
      metadata: () => ({ ...authMetadata('token')(), dpop_signing_alg_values_supported: algs() }),
    },
    pushed_authorization: { afterParse: checkResponseType, beforeProcess: checkAssertionForm },
    userinfo: { metadata: () => ({ userinfo_signing_alg_values_supported: algs() }) },
    introspection: { ...authenticating, metadata: authMetadata('introspection') },
    token_revocation: { ...authenticating, metadata: authMetadata('revocation') },
    device_authorization: authenticating,
    backchannel_authentication: authenticating,
  },
  metadata: () => ({
    response_types_supported: ['code'],
    id_token_signing_alg_values_supported: algs(),
    require_pushed_authorization_requests: true,
  }),
}

/**
 * The add-ons each profile installs after the default ones.
 * @see https://openid.net/specs/fapi-security-profile-2_0.html
 */
export const PROFILE_ADD_ONS: Readonly<Record<Profile, readonly AddOn[]>> = { fapi2: [fapi2AddOn], 'fapi2-message-signing': [fapi2AddOn, fapi2MessageSigningAddOn] }
