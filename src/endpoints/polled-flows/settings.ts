/** The settings of the polled flows' endpoints (device authorization, CIBA), checked once. */
import { ConfigurationError } from '../../errors/oauth-error.js'
import type { EndpointSettings } from '../../config/options.js'

/** Settings shared by the endpoints that start a polled flow. */
export interface PolledFlowSettings extends EndpointSettings {
  /** Seconds the client waits between polls (`interval`), at least 1. Default 5. */
  interval?: number
  /** Lifetime of the request, in seconds (`expires_in`). Default 600 (device) or 300 (CIBA). */
  expiresIn?: number
}

/** The `interval` and `expiresIn` settings with their defaults, refused when not whole seconds. */
export function polledFlowTiming(endpoint: string, settings: PolledFlowSettings, defaultExpiresIn: number): { interval: number; expiresIn: number } {
  const interval = settings.interval ?? 5
  const expiresIn = settings.expiresIn ?? defaultExpiresIn
  if (!(Number.isInteger(interval) && interval >= 1)) throw new ConfigurationError(`endpoints.${endpoint}.interval`, 'must be a whole number of seconds, 1 or more')
  if (!(Number.isInteger(expiresIn) && expiresIn > 0)) throw new ConfigurationError(`endpoints.${endpoint}.expiresIn`, 'must be a positive whole number of seconds')
  return { interval, expiresIn }
}
