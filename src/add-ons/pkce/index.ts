/**
 * The PKCE add-on (RFC 7636): its discovery member. Its checks (./checks.ts) need what only the
 * middle of a step knows (the trusted client and redirect URI of an authorization request, the
 * code being redeemed), so the authorization request's validation and the code grant call them
 * by name.
 * @see https://www.rfc-editor.org/rfc/rfc7636
 */
import type { AddOn } from '../add-on.js'

/**
 * PKCE: `code_challenge_methods_supported` (the configured `pkce.methods`).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-2
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 */
export const pkceAddOn: AddOn = {
  name: 'pkce',
  endpoints: {},
  metadata: (context) => ({ code_challenge_methods_supported: context.config.pkce.methods }),
}

export { checkCodeChallenge, checkCodeVerifier, s256CodeChallenge, type CodeChallenge } from './checks.js'
