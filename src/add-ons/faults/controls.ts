/** The test controls of the faults add-on, which `Server.failNext` and `Server.clearFaults` call. */
import type { EndpointContext } from '../../context/endpoint-context.js'
import { ConfigurationError } from '../../errors/oauth-error.js'
import { armedFaults, faultsChanged } from './armed.js'
import { validateFault, validateTimes, validateWhere, type FailNextOptions } from './fault.js'

/**
 * Arms `fault` on the endpoint named `endpoint` (one of `endpoints`, the OP's enabled ones), for the
 * next `options.times` requests that match `options.where`. Throws a `ConfigurationError` naming
 * the field that is wrong.
 */
export function armFault(context: EndpointContext, endpoints: Iterable<string>, endpoint: unknown, fault: unknown, options: FailNextOptions = {}): void {
  const names = [...endpoints]
  if (typeof endpoint !== 'string' || !names.includes(endpoint)) {
    throw new ConfigurationError('endpoint', `expected the name of an enabled endpoint (${names.join(', ')}), not ${JSON.stringify(endpoint)}`)
  }
  if (typeof options !== 'object' || options === null) throw new ConfigurationError('options', 'expected an object')
  const checked = validateFault(fault)
  const left = validateTimes(options.times)
  const where = validateWhere(options.where)
  armedFaults(context).push({ endpoint, fault: structuredClone(checked), left, where: { ...where } })
  faultsChanged(context)
}

/** Disarms every fault. */
export function clearFaults(context: EndpointContext): void {
  armedFaults(context).length = 0
  faultsChanged(context)
}

export type { Fault, FailNextOptions } from './fault.js'
