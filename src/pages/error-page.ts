/**
 * The page shown when the OP cannot trust where to send an error (an unknown client, a redirect URI
 * that is not registered): it must never redirect (RFC 6749 §4.1.2.1, RFC 9700 §4.11).
 */
import type { OAuthError } from '../errors/oauth-error.js'
import { html } from '../http/responses.js'
import { escapeHtml, page, pageCsp } from './layout.js'

/** A page that explains an error to the user, where the OP cannot redirect back to the client. */
export function errorPage(error: OAuthError, title = 'The request cannot be completed'): Response {
  const body = `<h1>${escapeHtml(title)}</h1>
<p role="alert" class="error"><code>${escapeHtml(error.error)}</code>: ${escapeHtml(error.error_description)}</p>
<p class="muted">The application that sent you here needs to fix its request. Nothing was sent back to it.</p>`
  return html(page({ title, body }), { status: error.status >= 400 ? error.status : 400, headers: { 'content-security-policy': pageCsp() } })
}

/** A plain message page (logged out, nothing to do). */
export function messagePage(title: string, message: string, status = 200): Response {
  const body = `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(message)}</p>`
  return html(page({ title, body }), { status, headers: { 'content-security-policy': pageCsp() } })
}
