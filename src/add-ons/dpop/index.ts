/**
 * The DPoP add-on (RFC 9449): which endpoints read a proof and with which error status, the
 * `DPoP-Nonce` header on their answers, the single-use spend of the proof at `commit`, and the
 * discovery member. What a proof binds (`cnf.jkt`, `dpop_jkt`) is in ./binding.ts, called by name
 * where tokens are issued and codes and refresh tokens redeemed.
 * @see https://www.rfc-editor.org/rfc/rfc9449
 */
import { DPOP_SIGNING_ALGS } from '../../consts.js'
import { oauthError } from '../../errors/oauth-error.js'
import type { AddOn, EndpointHooks, HookInput } from '../add-on.js'
import { dpopNonceHeader, readDPoPProof, spendDPoPProof, type DPoPProof } from './proof.js'

declare module '../add-on.js' {
  interface RequestSlots {
    /** The request's valid DPoP proof, read by the DPoP add-on (RFC 9449 §4.3). */
    dpop?: DPoPProof
  }
}

/** The status of proof errors: 400 at the token and PAR endpoints (§5, §8), 401 at a resource (§7.1, §9). */
type ProofStatus = 400 | 401

/** §8.2: the nonce to use next, on every successful answer to a DPoP request when nonces are required. */
async function addNonce({ context, req }: HookInput, response: Response): Promise<Response> {
  const headers = dpopNonceHeader(context, req.request)
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
  return response
}

/** §11.1: the proof is recorded as used only when its request gets through. */
function spend(status: ProofStatus): (input: HookInput) => void {
  return ({ context, req }) => spendDPoPProof(context, req.slots.dpop, status)
}

/**
 * The token endpoint (§5): a proof binds the tokens; a client registered with
 * `dpop_bound_access_tokens` must send one (§5.2).
 */
const token: EndpointHooks = {
  async beforeProcess({ context, req, client }) {
    const proof = await readDPoPProof(context, req.request, { status: 400 })
    if (!proof && client?.dpop_bound_access_tokens) {
      throw oauthError('invalid_request', 'the client is registered with dpop_bound_access_tokens: its token requests need a DPoP header')
    }
    if (proof) req.slots.dpop = proof
  },
  commit: spend(400),
  afterRespond: addNonce,
  /** §5.1. */
  metadata: () => ({ dpop_signing_alg_values_supported: [...DPOP_SIGNING_ALGS] }),
}

/** PAR (§10.1): a proof binds the code as `dpop_jkt` does; sent together, they name one key. */
const pushedAuthorization: EndpointHooks = {
  async beforeProcess({ context, req, params }) {
    const proof = await readDPoPProof(context, req.request, { status: 400 })
    if (!proof) return
    if (params.dpop_jkt !== undefined && params.dpop_jkt !== proof.jkt) {
      throw oauthError('invalid_request', "dpop_jkt is not the thumbprint of the DPoP proof's key")
    }
    params.dpop_jkt = proof.jkt
    req.slots.dpop = proof
  },
  commit: spend(400),
  afterRespond: addNonce,
}

/** UserInfo, a protected resource (§7): the DPoP scheme needs a proof that covers the token (`ath`). */
const userinfo: EndpointHooks = {
  async afterParse({ context, req }) {
    const presented = req.slots.accessToken
    if (presented?.scheme !== 'DPoP') return
    const proof = await readDPoPProof(context, req.request, { accessToken: presented.token, status: 401 })
    if (!proof) throw oauthError('invalid_request', 'the DPoP scheme needs a DPoP proof in the DPoP header (RFC 9449 §7.1)')
    req.slots.dpop = proof
  },
  commit: spend(401),
  afterRespond: addNonce,
}

/**
 * DPoP, installed into the token, pushed authorization and UserInfo endpoints.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.3
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-5
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-7
 */
export const dpopAddOn: AddOn = {
  name: 'dpop',
  endpoints: { token, pushed_authorization: pushedAuthorization, userinfo },
}
