/** The consent page: which client wants which scopes, and Allow / Deny. */
import { html } from '../http/responses.js'
import { escapeHtml, page, pageCsp } from './layout.js'

/** What the consent page shows: the client and the scopes it asks for. */
export interface ConsentPageInput {
  action: string
  clientName: string
  userName: string
  scope: string[]
}

/** The consent page: Allow or Deny the scopes a client asks for. */
export function consentPage(input: ConsentPageInput): Response {
  const items = input.scope.map((s) => `<li><code>${escapeHtml(s)}</code></li>`).join('')
  const body = `<h1>Allow access?</h1>
<p>You are logged in as <strong>${escapeHtml(input.userName)}</strong>.</p>
<p><strong>${escapeHtml(input.clientName)}</strong> asks for:</p>
<ul class="scopes">${items}</ul>
<form method="post" action="${escapeHtml(input.action)}">
<div class="actions">
<button type="submit" class="primary" name="action" value="consent">Allow</button>
<button type="submit" name="action" value="cancel">Deny</button>
</div>
</form>`
  return html(page({ title: 'Allow access?', body }), { headers: { 'content-security-policy': pageCsp() } })
}
