/**
 * Decoding a path segment taken from a request URL: a malformed percent-escape (`%ZZ`, a lone
 * `%`, a truncated UTF-8 sequence) is input the OP does not serve, never an exception.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-2.1
 */

/** The decoded segment, or undefined when its percent-escapes are not valid UTF-8. */
export function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}
