/** Client metadata given through the API (`op.addClient`), checked before it is stored. */
import { MetadataProblem, validateClientMetadata, type ClientMetadata, type NormalizedClientMetadata } from '../client/metadata.js'
import { ConfigurationError } from '../errors/oauth-error.js'

/**
 * Validates metadata given through the API, naming the field in a {@link ConfigurationError}.
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2
 */
export function validateClientInput(metadata: ClientMetadata): NormalizedClientMetadata & { client_id: string } {
  if (typeof metadata?.client_id !== 'string' || metadata.client_id === '') {
    throw new ConfigurationError('client.client_id', 'is required')
  }
  try {
    return validateClientMetadata(metadata, { secretProvided: 'required' }) as NormalizedClientMetadata & { client_id: string }
  } catch (problem) {
    if (problem instanceof MetadataProblem) throw new ConfigurationError(`client.${problem.field}`, problem.problem)
    throw problem
  }
}
