/**
 * Claims in the languages the RP prefers (`claims_locales`, OIDC Core §5.2): a user may carry
 * language-tagged claims (`name#de`, `family_name#ja-Kana-JP`); for each claim released, the first
 * tag of the request's list that the user has a value for (the exact tag, else its language) is
 * released too, as `claim#tag`, beside the claim without tag.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClaimsLanguagesAndScripts
 */
import type { User } from '../store/state.js'

/** The language-tagged variants of the claims in `released` that `locales` (in order of preference) chooses. */
export function localizedClaims(user: User, released: Record<string, unknown>, locales: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (!locales?.length) return out
  for (const name of Object.keys(released)) {
    if (name.includes('#')) continue
    for (const locale of locales) {
      const tagged = [`${name}#${locale}`, `${name}#${locale.split('-')[0]}`].find((key) => Object.hasOwn(user, key))
      if (tagged !== undefined) {
        out[tagged] = user[tagged]
        break
      }
    }
  }
  return out
}
