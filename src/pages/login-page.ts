/**
 * The OP's login page: pick a configured user, or type any `sub`, and edit the claims as JSON.
 * Built to be driven by role: radios named after the users, labelled fields, named buttons.
 */
import { randomToken } from '../internal/random.js'
import { html } from '../http/responses.js'
import type { User } from '../store/state.js'
import { escapeHtml, page, pageCsp } from './layout.js'
import { loginLocale } from './locales.js'

/** What the login page shows: the configured users, the one chosen, the claims being edited, an error. */
export interface LoginPageInput {
  action: string
  clientName: string
  scope: string[]
  users: User[]
  /** The user to preselect (login hint, current session, or the first). */
  selected?: string
  /** Shown above the form after a failed submission. */
  error?: string
  /** What the person typed, kept after an error. */
  typed?: { sub?: string; claims?: string }
  /** The request's `ui_locales`: the page's language and labels. */
  uiLocales?: string
  /** `prompt=create` (Initiating User Registration): a sign-up form for a new user instead of the list. */
  signUp?: boolean
}

function claimsOf(user: User | undefined): string {
  if (!user) return '{}'
  const { sub: _sub, ...claims } = user
  return JSON.stringify(claims, null, 2)
}

function displayName(user: User): string {
  return typeof user.name === 'string' && user.name ? user.name : user.sub
}

/** The login page: pick a configured user (or type a `sub`) and edit their claims. */
export function loginPage(input: LoginPageInput, status = 200): Response {
  const nonce = randomToken(16)
  const { lang, labels } = loginLocale(input.uiLocales)
  const title = input.signUp ? labels.signUp : labels.logIn
  const selected = input.signUp ? undefined : (input.users.find((u) => u.sub === input.selected) ?? input.users[0])
  const otherSelected = input.typed?.sub !== undefined && input.typed.sub !== ''
  const radios = input.users
    .map((user, i) => {
      const checked = !otherSelected && user === selected ? ' checked' : ''
      const extra = typeof user.email === 'string' ? ` · ${escapeHtml(user.email)}` : ''
      return `<label class="choice"><input type="radio" name="sub" value="${escapeHtml(user.sub)}" id="user-${i}"${checked}
 data-claims="${escapeHtml(claimsOf(user))}"><span>${escapeHtml(displayName(user))} <span class="muted">(${escapeHtml(user.sub)}${extra})</span></span></label>`
    })
    .join('\n')
  const claimsText = input.typed?.claims ?? claimsOf(otherSelected ? undefined : selected)
  const body = `<h1>${escapeHtml(title)}</h1>
<p><strong>${escapeHtml(input.clientName)}</strong> ${escapeHtml(labels.asks)} ${escapeHtml(labels.willReceive)} <code>${escapeHtml(input.scope.join(' '))}</code>.</p>
<p class="muted">This is a mock OpenID Provider: no password, pick who you are.</p>
${input.error ? `<p role="alert" class="error">${escapeHtml(input.error)}</p>` : ''}
<form method="post" action="${escapeHtml(input.action)}">
${
  input.users.length && !input.signUp
    ? `<fieldset><legend>${escapeHtml(labels.chooseUser)}</legend>
${radios}
</fieldset>`
    : ''
}
<label for="other-sub">${escapeHtml(input.signUp ? labels.newUser : labels.otherUser)}</label>
<input type="text" id="other-sub" name="other_sub" autocomplete="off" spellcheck="false" value="${escapeHtml(input.typed?.sub ?? '')}">
<label for="claims">${escapeHtml(labels.claims)}</label>
<textarea id="claims" name="claims" spellcheck="false" aria-describedby="claims-help">${escapeHtml(claimsText)}</textarea>
<p id="claims-help" class="muted">OpenID claims of the user, without sub. Your edits are saved to the user.</p>
<input type="hidden" name="claims_for" value="${escapeHtml(otherSelected ? input.typed!.sub! : selected?.sub ?? '')}">
<div class="actions">
<button type="submit" class="primary" name="action" value="login">${escapeHtml(input.signUp ? labels.createAccount : labels.continue)}</button>
<button type="submit" name="action" value="cancel">${escapeHtml(labels.cancel)}</button>
</div>
</form>
<script nonce="${nonce}">
(() => {
  const form = document.forms[0], claims = form.elements.claims, other = form.elements.other_sub, owner = form.elements.claims_for
  for (const radio of form.querySelectorAll('input[type=radio]')) {
    radio.addEventListener('change', () => { claims.value = radio.dataset.claims; owner.value = radio.value; other.value = '' })
  }
  other.addEventListener('input', () => {
    if (other.value) { for (const r of form.querySelectorAll('input[type=radio]')) r.checked = false; if (owner.value !== other.value) { claims.value = '{}' } owner.value = other.value }
  })
})()
</script>`
  return html(page({ title, body, lang }), { status, headers: { 'content-security-policy': pageCsp(nonce) } })
}
