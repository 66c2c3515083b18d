/**
 * Reading protocol parameters from a request: the query, or an `application/x-www-form-urlencoded`
 * body. RFC 6749 §3.1: a parameter sent without a value is treated as absent, and no parameter may
 * be sent twice.
 */
import { oauthError } from '../errors/oauth-error.js'
import { formBody } from './request-reads.js'

/** Protocol parameters by name, each with one value. */
export type Params = Record<string, string>

/** Parameters with the names that were repeated; the first value of a repeated name is kept (all of a repeatable one). */
export interface ParsedParams {
  params: Params
  repeated: string[]
}

/**
 * Parameters that may be sent more than once (RFC 8707 §2: `resource`, one per resource): being
 * absolute URIs, their values hold no space, so they are kept joined by one (read with `spaceList`);
 * they are still listed as repeated, for the endpoints where they may not be (WebFinger).
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
const REPEATABLE: ReadonlySet<string> = new Set(['resource'])

/**
 * The parameters of a query or form. `params` has no prototype, so a parameter named `toString`,
 * `constructor` or `__proto__` is one like any other (RFC 6749 §3.1: unknown ones are ignored).
 */
export function collectParams(search: URLSearchParams): ParsedParams {
  const params: Params = Object.create(null) as Params
  const repeated = new Set<string>()
  for (const [name, value] of search) {
    if (value === '') continue
    if (!Object.hasOwn(params, name)) params[name] = value
    else {
      repeated.add(name)
      if (REPEATABLE.has(name)) params[name] += ` ${value}`
    }
  }
  return { params, repeated: [...repeated] }
}

/** RFC 6749 §3.1 / §3.2: "Request and response parameters MUST NOT be included more than once." */
export function rejectRepeated({ repeated }: ParsedParams, only?: readonly string[]): void {
  const offending = only ? repeated.filter((name) => only.includes(name)) : repeated
  if (offending.length) {
    throw oauthError('invalid_request', `'${offending[0]}' parameter must not be provided more than once`)
  }
}

/** Whether the request body is `application/x-www-form-urlencoded`. */
export function isFormRequest(request: Request): boolean {
  const type = request.headers.get('content-type') ?? ''
  return type.split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded'
}

/** The form body of a POST; any other content type is `invalid_request`. */
export async function readForm(request: Request): Promise<ParsedParams> {
  if (!isFormRequest(request)) {
    throw oauthError('invalid_request', 'the request body must be application/x-www-form-urlencoded')
  }
  return collectParams(await formBody(request))
}

/** Throws `invalid_request` naming the first required parameter that is missing; after it, they are strings. */
export function requireParams<N extends string>(params: Params, ...names: N[]): asserts params is Params & Record<N, string> {
  for (const name of names) {
    if (params[name] === undefined) throw oauthError('invalid_request', `missing required parameter '${name}'`)
  }
}

/** Splits a space-delimited list (scope, prompt, acr_values), dropping empty items and repeats. */
export function spaceList(value: string | undefined): string[] {
  if (value === undefined) return []
  return [...new Set(value.split(' ').filter(Boolean))]
}
