/** The grants an option turns on, as handlers for the token endpoint. */
import { enabledOptionalGrantTypes } from '../../config/grant-options.js'
import type { ResolvedConfiguration } from '../../config/options.js'
import type { GrantHandler } from './grant.js'
import { jwtBearerGrant } from './jwt-bearer.js'
import { passwordGrant } from './password.js'
import { tokenExchangeGrant } from './token-exchange.js'

const OPTIONAL_GRANTS: readonly GrantHandler[] = [tokenExchangeGrant, jwtBearerGrant, passwordGrant]

/** The handlers of the optional grants this configuration turns on (`tokenExchange`, `jwtBearer`, `passwordGrant`). */
export function enabledOptionalGrants(config: ResolvedConfiguration): GrantHandler[] {
  const enabled = enabledOptionalGrantTypes(config)
  return OPTIONAL_GRANTS.filter((grant) => enabled.includes(grant.grantType))
}
