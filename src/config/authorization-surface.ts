/**
 * The options of the authorization surface (docs/authorization-surface.md): which resources
 * (RFC 8707) and authorization details types (RFC 9396) the OP knows, and the absolute lifetime
 * of a chain of rotated refresh tokens. Types and their resolution, in one file.
 */
import { ConfigurationError } from '../errors/oauth-error.js'

/**
 * Resource indicators (RFC 8707). A mock has no registry of APIs, so by default any absolute URI
 * without a fragment is a resource; these narrow that.
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export interface ResourceIndicatorsSettings {
  /** The resources the OP knows: any other is `invalid_target`. Default: any absolute URI. */
  resources?: string[]
  /** Per client_id, the resources that client may ask for (within `resources`). */
  clients?: Record<string, string[]>
}

/** The options this file reads (part of `ServerConfiguration`). */
export interface AuthorizationSurfaceOptions {
  resourceIndicators?: ResourceIndicatorsSettings
  /**
   * The `authorization_details` types the OP supports (RFC 9396 §10.1,
   * `authorization_details_types_supported`). Default none: `authorization_details` is refused.
   */
  authorizationDetailsTypes?: string[]
  /**
   * The absolute lifetime of a refresh token chain, in seconds from the grant's authentication
   * (`auth_time`): a rotated refresh token never lives past it. Default: none (each rotation
   * grants `ttl.RefreshToken` afresh).
   * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2
   */
  refreshTokenAbsoluteLifetime?: number
}

/** The same, resolved. */
export interface ResolvedAuthorizationSurface {
  resourceIndicators: { resources?: string[]; clients: Record<string, string[]> }
  authorizationDetailsTypes: string[]
  refreshTokenAbsoluteLifetime?: number
}

/** The top-level option names of this file. */
export const AUTHORIZATION_SURFACE_OPTIONS = ['resourceIndicators', 'authorizationDetailsTypes', 'refreshTokenAbsoluteLifetime'] as const

/** Validates these options; throws a `ConfigurationError` naming the field. */
export function resolveAuthorizationSurface(input: AuthorizationSurfaceOptions): ResolvedAuthorizationSurface {
  const settings = input.resourceIndicators ?? {}
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) throw new ConfigurationError('resourceIndicators', 'must be an object')
  const resources = settings.resources !== undefined ? stringList(settings.resources, 'resourceIndicators.resources') : undefined
  resources?.forEach((resource, i) => absoluteUri(resource, `resourceIndicators.resources[${i}]`))
  const clients: Record<string, string[]> = Object.create(null) as Record<string, string[]>
  const byClient = settings.clients ?? {}
  if (byClient === null || typeof byClient !== 'object' || Array.isArray(byClient)) throw new ConfigurationError('resourceIndicators.clients', 'must be an object')
  for (const [clientId, list] of Object.entries(byClient)) {
    clients[clientId] = stringList(list, `resourceIndicators.clients.${clientId}`)
    clients[clientId].forEach((resource, i) => absoluteUri(resource, `resourceIndicators.clients.${clientId}[${i}]`))
  }
  const lifetime = input.refreshTokenAbsoluteLifetime
  if (lifetime !== undefined && !(Number.isInteger(lifetime) && lifetime > 0)) {
    throw new ConfigurationError('refreshTokenAbsoluteLifetime', 'must be a positive whole number of seconds')
  }
  return {
    resourceIndicators: { ...(resources ? { resources } : {}), clients },
    authorizationDetailsTypes: stringList(input.authorizationDetailsTypes, 'authorizationDetailsTypes'),
    ...(lifetime !== undefined ? { refreshTokenAbsoluteLifetime: lifetime } : {}),
  }
}

/** RFC 8707 §2: an absolute URI without a fragment. */
function absoluteUri(value: string, field: string): void {
  if (!isResourceUri(value)) throw new ConfigurationError(field, `'${value}' is not an absolute URI without a fragment`)
}

/**
 * Whether `value` can be a resource indicator: an absolute URI (RFC 3986 §4.3) without a fragment.
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export function isResourceUri(value: string): boolean {
  if (value.includes('#') || /\s/.test(value)) return false
  try {
    return new URL(value).protocol.length > 1
  } catch {
    return false
  }
}

/** An array of non-empty strings (validate.ts has the same; importing it would close a circle through options.ts). */
function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item !== '')) {
    throw new ConfigurationError(field, 'must be an array of non-empty strings')
  }
  return [...(value as string[])]
}
