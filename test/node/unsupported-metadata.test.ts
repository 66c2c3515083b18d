/**
 * Client metadata a specification defines and the OP does not implement is refused, naming the
 * field (issue 11 item 8); names no specification defines are still ignored (RFC 7591 §2).
 */
import { describe, expect, test } from 'vitest'
import { ConfigurationError } from '../../src/index.js'
import { UNSUPPORTED_CLIENT_METADATA } from '../../src/client/unsupported-metadata.js'
import { createOp, endpointUrl, expectNothingStored, expectOAuthError, REDIRECT_URI, useMsw, WEB } from './_helpers.js'

const op = createOp()
useMsw(op)

function register(metadata: Record<string, unknown>): Promise<Response> {
  return fetch(endpointUrl(op, 'registration'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(metadata) })
}

describe('unsupported client metadata', () => {
  test.each(Object.keys(UNSUPPORTED_CLIENT_METADATA))('registration with %s is invalid_client_metadata naming it, nothing stored', async (field) => {
    const body = await expectNothingStored(op, async () => expectOAuthError(await register({ redirect_uris: [REDIRECT_URI], [field]: 'x' }), 400, 'invalid_client_metadata'))
    expect(body.error_description).toContain(field)
  })

  test('new Server and addClient throw a ConfigurationError naming the field', () => {
    expect(() => createOp({ clients: [{ ...WEB, software_statement: 'eyJ.x.y' } as typeof WEB] })).toThrow(/software_statement/)
    expect(() => op.addClient({ ...WEB, client_id: 'x', tls_client_auth_subject_dn: 'CN=rp' } as typeof WEB)).toThrow(ConfigurationError)
  })

  test('false (a feature not asked for) and names no specification defines are accepted', async () => {
    const response = await register({ redirect_uris: [REDIRECT_URI], require_signed_request_object: false, x_vendor_setting: 'kept out' })
    expect(response.status).toBe(201)
    const client = (await response.json()) as Record<string, unknown>
    expect(client).not.toHaveProperty('x_vendor_setting')
  })
})
