/**
 * The one place where text taken from a request becomes part of a response header value.
 * `Headers` throws on a newline, NUL or any character above U+00FF (RFC 9110 §5.5), and a
 * quoted-string must escape `"` and `\`: a value built from input passes through here first.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.5
 */

/** Characters a header field value must not hold: controls (tab aside), DEL, and above U+00FF. */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f\u0100-\uffff]/g

/** `value` with every character a header cannot carry replaced by `?`. */
export function headerSafe(value: string): string {
  return value.replace(UNSAFE, '?')
}

/**
 * The inside of an RFC 9110 §5.6.4 quoted-string: header-safe, with `"` and `\` escaped.
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-5.6.4
 */
export function quotedStringContent(value: string): string {
  return headerSafe(value).replace(/[\\"]/g, (c) => `\\${c}`)
}
