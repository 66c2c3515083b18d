/**
 * The OP's pairwise salt (OIDC Core §8.1): random, made on first use and kept in the state
 * (`state.pairwise_salt`), so that a dumped and loaded OP, or a restarted worker, gives every user
 * the same pairwise `sub` as before. `op.reset()` starts a new one, as it starts new users.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#PairwiseAlg
 */
import { randomToken } from '../../internal/random.js'
import { mutate, type OPStore } from '../../store/store.js'

/** The salt of the OP whose state is `store`, made now if it has none yet. */
export function pairwiseSalt(store: OPStore): string {
  const existing = store.getState().pairwise_salt
  if (existing !== undefined) return existing
  return mutate(store, (state) => (state.pairwise_salt ??= randomToken()))
}
