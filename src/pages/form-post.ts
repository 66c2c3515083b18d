/**
 * `response_mode=form_post`: an auto-submitting form that POSTs the response to the redirect URI.
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html
 */
import { randomToken } from '../internal/random.js'
import { html } from '../http/responses.js'
import { escapeHtml, page, pageCsp } from './layout.js'

/**
 * The form_post response: one form that a script submits to the client's redirect URI.
 * @see https://openid.net/specs/oauth-v2-form-post-response-mode-1_0.html
 */
export function formPostPage(action: string, params: Record<string, string>): Response {
  const nonce = randomToken(16)
  const inputs = Object.entries(params)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n')
  const body = `<h1>Returning to the application…</h1>
<form method="post" action="${escapeHtml(action)}">
${inputs}
<noscript><p>JavaScript is off: press Continue.</p></noscript>
<div class="actions"><button type="submit" class="primary">Continue</button></div>
</form>
<script nonce="${nonce}">document.forms[0].submit()</script>`
  // Framable on purpose: silent renew in a hidden iframe receives its response through this page.
  return html(page({ title: 'Submit this form', body, nonce }), {
    headers: { 'content-security-policy': pageCsp(nonce) },
    framable: true,
  })
}
