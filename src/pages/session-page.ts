/** The end-session (`session`) endpoint's confirmation page (RP-Initiated Logout §2: the OP should ask the user), served at `/logout`. */
import { html } from '../http/responses.js'
import { escapeHtml, page, pageCsp } from './layout.js'

/**
 * The page asking the logged-in user whether to log out; its form posts `params` back to `action`,
 * with the CSRF token `csrf` (not restored by the browser's form autofill: `autocomplete="off"`).
 */
export function logoutConfirmPage(action: string, params: Record<string, string>, userName: string | undefined, csrf?: { name: string; value: string }): Response {
  const hidden = Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .concat(csrf ? [`<input type="hidden" name="${escapeHtml(csrf.name)}" value="${escapeHtml(csrf.value)}" autocomplete="off">`] : [])
    .join('\n')
  const body = `<h1>Log out?</h1>
<p>${userName ? `You are logged in as <strong>${escapeHtml(userName)}</strong>. ` : ''}Do you want to log out of this OpenID Provider?</p>
<form method="post" action="${escapeHtml(action)}">
${hidden}
<div class="actions">
<button type="submit" class="primary" name="action" value="logout">Log out</button>
<button type="submit" name="action" value="cancel">Stay logged in</button>
</div>
</form>`
  return html(page({ title: 'Log out?', body }), { headers: { 'content-security-policy': pageCsp() } })
}
