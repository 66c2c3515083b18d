/**
 * The add-ons every OP starts with, in the order their hooks run. Remove one with
 * `op.removeAddOn(name)`, add yours with `op.installAddOn(addOn)`.
 */
import type { AddOn } from './add-on.js'
import { dpopAddOn } from './dpop/index.js'
import { encryptionAddOn } from './encryption/index.js'
import { faultsAddOn } from './faults/index.js'
import { jarmAddOn } from './jarm/index.js'
import { pkceAddOn } from './pkce/index.js'
import { backchannelLogoutAddOn } from './backchannel-logout/index.js'
import { frontchannelLogoutAddOn } from './frontchannel-logout/index.js'

import { pairwiseAddOn } from './pairwise/index.js'
import { authorizationDetailsAddOn } from './authorization-details/index.js'
import { jwtIntrospectionAddOn } from './jwt-introspection/index.js'
import { requestObjectsAddOn } from './request-objects/index.js'

/**
 * The test controls' faults (`op.failNext`, first so that an outage comes before any check), PKCE (RFC 7636), request
 * objects (RFC 9101, before DPoP, which checks the `dpop_jkt` they carry at PAR), DPoP (RFC 9449), JARM,
 * back-channel and front-channel logout (docs/logout.md), pairwise subjects (OIDC Core §8), rich authorization requests (RFC 9396),
 * JWT introspection responses (RFC 9701) and the discovery of encrypted responses (OIDC Core §10.2).
 * @see https://www.rfc-editor.org/rfc/rfc7636
 * @see https://www.rfc-editor.org/rfc/rfc9449
 * @see https://openid.net/specs/oauth-v2-jarm.html
 */
export const DEFAULT_ADD_ONS: readonly AddOn[] = [faultsAddOn, pkceAddOn, requestObjectsAddOn, dpopAddOn, jarmAddOn, backchannelLogoutAddOn, frontchannelLogoutAddOn, pairwiseAddOn, authorizationDetailsAddOn, jwtIntrospectionAddOn, encryptionAddOn]
