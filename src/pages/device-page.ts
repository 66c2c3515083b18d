/**
 * The pages of the device flow's verification URI (RFC 8628 §3.3): the form where a person types
 * the user code shown on their device, and the page that says they may go back to it. Login and
 * consent are the OP's usual pages. No script: a text browser can use them.
 */
import { html } from '../http/responses.js'
import { escapeHtml, page, pageCsp } from './layout.js'

/** What the code entry page shows. */
export interface UserCodePageInput {
  action: string
  /** The code from `verification_uri_complete`, or what was typed: prefilled, for the person to confirm (§5.4). */
  userCode?: string
  error?: string
}

/**
 * The code entry page.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 */
export function userCodePage({ action, userCode, error }: UserCodePageInput): Response {
  const body = `<h1>Connect a device</h1>
<p>Enter the code shown on your device.</p>
${error ? `<p role="alert" class="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<label for="user-code">Code</label>
<input type="text" id="user-code" name="user_code" autocomplete="off" autocapitalize="characters" spellcheck="false" value="${escapeHtml(userCode ?? '')}">
<div class="actions">
<button type="submit" class="primary" name="action" value="code">Continue</button>
</div>
</form>`
  return html(page({ title: 'Connect a device', body }), { status: error ? 400 : 200, headers: { 'content-security-policy': pageCsp() } })
}

/** The last page: the device has its answer. */
export function deviceDonePage(approved: boolean): Response {
  const title = approved ? 'Device connected' : 'Device not connected'
  const body = `<h1>${title}</h1>
<p>${approved ? 'You may return to your device: it is signing in.' : 'You declined: the device will not be signed in.'}</p>`
  return html(page({ title, body }), { headers: { 'content-security-policy': pageCsp() } })
}
