/**
 * `profile: 'fapi2'`: what the FAPI 2.0 Security Profile (Final) fixes in the configuration. The
 * options that contradict it are refused by name (a {@link ConfigurationError}), and the settings
 * it requires replace the defaults; the per-request rules are the fapi2 add-on's
 * (src/add-ons/fapi2/), the client metadata rules src/client/fapi2-metadata.ts.
 * @see https://openid.net/specs/fapi-security-profile-2_0.html#section-5.3.2
 */
import { FAPI2_SIGNING_ALGS, PROFILES, SIGNING_ALGS, type Profile, type SigningAlg } from '../consts.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import type { ResolvedConfiguration, ServerConfiguration } from './options.js'

/** §5.3.2.2: authorization codes live at most this long (seconds). */
export const FAPI2_MAX_CODE_LIFETIME = 60

/** What a profile (or none) makes of the configuration. */
export interface ResolvedProfile {
  profile: Profile | undefined
  /** The algorithms the OP advertises and signs with (`*_signing_alg_values_supported`). */
  signingAlgs: SigningAlg[]
  /** The access token algorithm when `accessToken.signingAlg` is not given. */
  accessTokenAlg: SigningAlg
  /** Settings the profile requires, over the resolved ones. */
  overrides: Partial<Pick<ResolvedConfiguration, 'pkce' | 'requirePushedAuthorizationRequests'>>
}

/** Checks the options against the profile and says what it changes. */
export function resolveProfile(input: ServerConfiguration): ResolvedProfile {
  if (input.profile === undefined) return { profile: undefined, signingAlgs: [...SIGNING_ALGS], accessTokenAlg: 'RS256', overrides: {} }
  if (!(PROFILES as readonly unknown[]).includes(input.profile)) {
    throw new ConfigurationError('profile', `must be one of ${PROFILES.map((p) => `'${p}'`).join(', ')}, not ${JSON.stringify(input.profile)}`)
  }
  refuse(input.requirePushedAuthorizationRequests === false, 'requirePushedAuthorizationRequests', 'cannot be false: FAPI 2.0 §5.3.2.2 requires pushed authorization requests')
  refuse(input.pkce?.required !== undefined && input.pkce.required !== 'all', 'pkce.required', "must be 'all': FAPI 2.0 §5.3.2.2 requires PKCE of every client")
  refuse(input.pkce?.methods?.some((m) => m !== 'S256') ?? false, 'pkce.methods', "must be ['S256']: FAPI 2.0 §5.3.2.2 allows no other method")
  const codeTtl = input.ttl?.AuthorizationCode
  refuse(typeof codeTtl === 'number' && codeTtl > FAPI2_MAX_CODE_LIFETIME, 'ttl.AuthorizationCode', `must be at most ${FAPI2_MAX_CODE_LIFETIME} s (FAPI 2.0 §5.3.2.2)`)
  // Configured keys of other algorithms are kept (a worker or fixture hands over the keys it holds)
  // and stay published, but never sign: the OP signs with `signingAlgs` only.
  return {
    profile: input.profile,
    signingAlgs: [...FAPI2_SIGNING_ALGS],
    // PS256 rather than ES256: the FAPI conformance suite's and most financial ecosystems' default.
    accessTokenAlg: 'PS256',
    overrides: { pkce: { methods: ['S256'], required: 'all' }, requirePushedAuthorizationRequests: true },
  }
}

function refuse(condition: boolean, field: string, problem: string): void {
  if (condition) throw new ConfigurationError(field, problem)
}
