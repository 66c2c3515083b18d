/**
 * JARM, the JWT Secured Authorization Response Mode: `response_mode` `jwt`, `query.jwt`,
 * `fragment.jwt` and `form_post.jwt` send the response (or error, once the client and redirect URI
 * are trusted) as one signed JWT in the `response` parameter.
 * @see https://openid.net/specs/oauth-v2-jarm.html
 */
import { encryptionDiscovery } from '../encryption/index.js'
import { JWT_RESPONSE_MODES, RESPONSE_MODES, SIGNING_ALGS } from '../../consts.js'
import type { AddOn } from '../add-on.js'
import { responseJwt } from './response-jwt.js'

/** The plain mode a JARM mode encodes its `response` in (`jwt` itself is resolved before). */
const PLAIN_MODE = { 'query.jwt': 'query', 'fragment.jwt': 'fragment', 'form_post.jwt': 'form_post' } as const

/**
 * The JARM add-on: declares the JWT response modes, re-encodes the authorization response in
 * them, and publishes `response_modes_supported` and `authorization_signing_alg_values_supported`.
 * @see https://openid.net/specs/oauth-v2-jarm.html#section-2.3
 * @see https://openid.net/specs/oauth-v2-jarm.html#section-4
 */
export const jarmAddOn: AddOn = {
  name: 'jarm',
  endpoints: {
    authorization: {
      responseModes: JWT_RESPONSE_MODES,
      async encodeAuthorizationResponse({ context, client, target, params, send }) {
        const mode = target.response_mode
        if (!Object.hasOwn(PLAIN_MODE, mode)) return undefined
        const response = await responseJwt(context, client, params)
        return send({ response }, PLAIN_MODE[mode as keyof typeof PLAIN_MODE])
      },
      metadata: () => ({
        response_modes_supported: [...RESPONSE_MODES, ...JWT_RESPONSE_MODES],
        authorization_signing_alg_values_supported: [...SIGNING_ALGS],
        // JARM §3: responses encrypted to the client that registered authorization_encrypted_response_alg.
        ...encryptionDiscovery('authorization'),
      }),
    },
  },
}
