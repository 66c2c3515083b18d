/**
 * Pairwise subject identifiers (OIDC Core §8): discovery lists `pairwise`, and the authorization
 * and pushed authorization endpoints check a pairwise client's `sector_identifier_uri` document
 * before anything is issued to it. The `sub` itself is computed where it leaves the OP
 * (`subjectFor`, called by name from the ID token, access token, UserInfo and introspection).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#SubjectIDTypes
 */
import type { AddOn, BeforeProcessInput } from '../add-on.js'
import { checkSectorIdentifier } from './sector-identifier.js'

export { checkSectorIdentifier, verifySectorIdentifier } from './sector-identifier.js'
export { localSubject, sectorOf, subjectFor, subjectForClientId } from './subject.js'

async function checkClientSector({ context, client }: BeforeProcessInput): Promise<void> {
  if (client) await checkSectorIdentifier(context, client)
}

/**
 * The `pairwise` add-on.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#PairwiseAlg
 */
export const pairwiseAddOn: AddOn = {
  name: 'pairwise',
  endpoints: {
    authorization: { afterTrust: checkClientSector },
    pushed_authorization: { beforeProcess: checkClientSector },
  },
  metadata: () => ({ subject_types_supported: ['public', 'pairwise'] }),
}
