/**
 * The code, implicit and hybrid response types: the checks the authorization endpoint (and PAR)
 * call by name, and the tokens it sends from the front channel.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#Authentication
 */
export { RESPONSE_TYPES, canonicalResponseType } from '../../client/response-types-metadata.js'
export { checkResponseType, resolveResponseMode, returnsTokens } from './response-type.js'
export { frontChannelTokens, type FrontChannelInput } from './tokens.js'
