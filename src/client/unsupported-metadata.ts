/**
 * Client metadata that a specification defines and this OP does not implement: given a value, it
 * is refused (`invalid_client_metadata` at registration, a `ConfigurationError` from `new Server`
 * and `op.addClient`) naming the field, never dropped silently, so that a test does not pass while
 * the RP never receives what it registered for. Names no specification defines are still ignored,
 * as RFC 7591 §2 asks.
 *
 * This is the one list to edit when a feature lands: remove its fields here in the same change.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 * @see https://openid.net/specs/openid-connect-registration-1_0.html#ClientMetadata
 */

/** Each unsupported field, with the specification that defines it (for the error message). */
export const UNSUPPORTED_CLIENT_METADATA: Readonly<Record<string, string>> = {
  // Third-party-initiated login: OIDC Registration §2.
  initiate_login_uri: 'third-party-initiated login',
  // Software statements: RFC 7591 §2.3.
  software_statement: 'software statements (RFC 7591 §2.3)',
  // Mutual TLS: RFC 8705 §2.1.2, §3.4.
  tls_client_certificate_bound_access_tokens: 'certificate-bound access tokens (RFC 8705)',
  tls_client_auth_subject_dn: 'mutual TLS client authentication (RFC 8705)',
  tls_client_auth_san_dns: 'mutual TLS client authentication (RFC 8705)',
  tls_client_auth_san_uri: 'mutual TLS client authentication (RFC 8705)',
  tls_client_auth_san_ip: 'mutual TLS client authentication (RFC 8705)',
  tls_client_auth_san_email: 'mutual TLS client authentication (RFC 8705)',
}

/**
 * The first field of `raw` (metadata as given) that a specification defines and this OP does not
 * support, with why; `undefined`, `null` and `false` (a feature not asked for) are no request.
 */
export function unsupportedMetadataProblem(raw: Record<string, unknown>): { field: string; problem: string } | undefined {
  for (const [field, feature] of Object.entries(UNSUPPORTED_CLIENT_METADATA)) {
    const value = Object.hasOwn(raw, field) ? raw[field] : undefined
    if (value !== undefined && value !== null && value !== false) {
      return { field, problem: `is not supported: this OP does not implement ${feature}` }
    }
  }
  return undefined
}
