/**
 * Whether anything that answers a request may read its body itself, rather than the form the
 * request limits parsed (src/http/request-reads.ts). The OP's own endpoints and add-ons read a
 * form body only that way, so for them the limits hand on the request they read (issue 16: a copy
 * of each POST costs a `Request`, a stream and an abort signal); an endpoint or add-on of the
 * application's gets a copy with its body, as before.
 */
import { perAddOnList, type AddOn } from '../add-ons/add-on.js'
import { DEFAULT_ADD_ONS } from '../add-ons/defaults.js'
import { PROFILE_ADD_ONS } from '../add-ons/fapi2/index.js'

/** The OP's own add-ons, as installed by default or by a profile: none reads a request's body. */
const OWN_ADD_ONS = new WeakSet<AddOn>([...DEFAULT_ADD_ONS, ...Object.values(PROFILE_ADD_ONS).flat()])

/** Whether every add-on of `addOns` is one of the OP's own (so none reads a body itself); once per list of add-ons. */
export const onlyOwnAddOns = perAddOnList((addOns) => [...addOns].every((addOn) => OWN_ADD_ONS.has(addOn)))
