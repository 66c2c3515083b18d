/**
 * The page `prompt=select_account` leads to when the user agent holds sessions: one button per
 * account, and a link to log in with another one.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#AuthRequest
 */
import { html } from '../../http/responses.js'
import { escapeHtml, page, pageCsp } from '../../pages/layout.js'

/** One account the page offers. */
export interface AccountChoice {
  sid: string
  /** What the user recognises: the name and the `sub`. */
  label: string
}

/** What the page shows and where it goes. */
export interface SelectAccountPageOptions {
  /** The interaction URL the choice is POSTed to. */
  action: string
  /** The URL of the login page for another account. */
  anotherAccount: string
  clientName: string
  accounts: readonly AccountChoice[]
  error?: string
}

/** The account chooser: POSTs `action=select_account` and the chosen `sid`, or `action=cancel`. */
export function selectAccountPage({ action, anotherAccount, clientName, accounts, error }: SelectAccountPageOptions): Response {
  const buttons = accounts
    .map((account, i) => `<button type="submit" name="sid" value="${escapeHtml(account.sid)}"${i === 0 ? ' class="primary"' : ''}>${escapeHtml(account.label)}</button>`)
    .join('\n')
  const body = `<h1>Choose an account</h1>
<p>to continue to <strong>${escapeHtml(clientName)}</strong></p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="action" value="select_account">
<fieldset><legend>Accounts logged in here</legend>
<div class="actions">
${buttons}
</div>
</fieldset>
</form>
<p><a href="${escapeHtml(anotherAccount)}">Use another account</a></p>
<form method="post" action="${escapeHtml(action)}"><div class="actions"><button type="submit" name="action" value="cancel">Cancel</button></div></form>`
  return html(page({ title: 'Choose an account', body }), { status: error ? 400 : 200, headers: { 'content-security-policy': pageCsp() } })
}
