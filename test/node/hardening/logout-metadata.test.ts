/**
 * The logout metadata under generated input: any value of the four members is either accepted as
 * a valid one (an http(s) URL without fragment, the front-channel one on a redirect URI's origin;
 * a boolean) or refused with a MetadataProblem naming that member, never another error.
 */
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { MetadataProblem, validateClientMetadata } from '../../../src/client/metadata.js'

const RP = 'https://rp.example.test'
const value = fc.oneof(
  fc.constantFrom(`${RP}/logout`, `${RP}/logout?x=1`, `${RP}/l#f`, 'http://rp.example.test/l', 'https://elsewhere.example.test/l', 'javascript:alert(1)', 'data:,x', '', '__proto__', `${RP}:8443/l`),
  fc.string({ maxLength: 20 }),
  fc.boolean(),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
  fc.object({ maxDepth: 1 }),
)
const FIELDS = ['backchannel_logout_uri', 'backchannel_logout_session_required', 'frontchannel_logout_uri', 'frontchannel_logout_session_required'] as const

test('generated logout metadata: valid and kept, or refused by name', () => {
  fc.assert(
    fc.property(fc.record(Object.fromEntries(FIELDS.map((field) => [field, value])) as Record<(typeof FIELDS)[number], fc.Arbitrary<unknown>>, { requiredKeys: [] }), (members) => {
      const input = { client_id: 'c', client_secret: 's', redirect_uris: [`${RP}/cb`], ...members }
      let out: Record<string, unknown>
      try {
        out = validateClientMetadata(input, { secretProvided: 'required' }) as unknown as Record<string, unknown>
      } catch (error) {
        expect(error).toBeInstanceOf(MetadataProblem)
        expect(FIELDS).toContain((error as MetadataProblem).field)
        return
      }
      for (const field of ['backchannel_logout_uri', 'frontchannel_logout_uri'] as const) {
        if (out[field] === undefined) continue
        const url = new URL(out[field] as string)
        expect(['https:', 'http:']).toContain(url.protocol)
        expect(out[field]).not.toContain('#')
      }
      if (out.frontchannel_logout_uri !== undefined) expect(new URL(out.frontchannel_logout_uri as string).origin).toBe(RP)
      for (const field of ['backchannel_logout_session_required', 'frontchannel_logout_session_required'] as const) {
        if (out[field] !== undefined) expect(typeof out[field]).toBe('boolean')
      }
    }),
    { numRuns: 500 },
  )
})
