/**
 * The OP iframe of Session Management 1.0: a page with one script that answers the RP's
 * `postMessage(client_id + " " + session_state)` with `changed`, `unchanged` or `error`. It uses
 * only `message` events, a same-origin `fetch` of the OP browser state and Web Crypto, so it runs in
 * any browser, in a worker-served issuer and through the Playwright route alike.
 * @see https://openid.net/specs/openid-connect-session-1_0.html#OPiframe
 */
import { randomToken } from '../../internal/random.js'
import { html } from '../../http/responses.js'
import { pageCsp } from '../../pages/layout.js'

/** The query parameter that asks the `check_session_iframe` endpoint for the OP browser state instead of the page. */
export const BROWSER_STATE_PARAM = 'op_browser_state'

/**
 * The script: it recomputes the session state from the message's client, the sender's origin, the
 * browser state the OP reports now, and the salt after the dot, as the spec's example does.
 */
function script(stateUrl: string): string {
  return `'use strict';
const stateUrl = ${JSON.stringify(stateUrl)};
const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
addEventListener('message', async (event) => {
  if (event.source === null || event.origin === 'null') return;
  const reply = (status) => event.source.postMessage(status, event.origin);
  const parts = typeof event.data === 'string' ? event.data.split(' ') : [];
  const dot = parts.length === 2 ? parts[1].lastIndexOf('.') : -1;
  if (!parts[0] || dot < 1 || dot === parts[1].length - 1) return reply('error');
  try {
    const answer = await fetch(stateUrl, { cache: 'no-store', credentials: 'same-origin' });
    if (!answer.ok) return reply('error');
    const { browser_state } = await answer.json();
    const salt = parts[1].slice(dot + 1);
    const data = new TextEncoder().encode(parts[0] + ' ' + event.origin + ' ' + browser_state + ' ' + salt);
    const expected = hex(await crypto.subtle.digest('SHA-256', data)) + '.' + salt;
    reply(expected === parts[1] ? 'unchanged' : 'changed');
  } catch {
    reply('error');
  }
});`
}

/**
 * The `check_session_iframe` page; `stateUrl` answers the OP browser state as JSON. Framable by any
 * RP (it reveals nothing: the browser state it reads is only readable from the OP's own origin).
 */
export function checkSessionPage(stateUrl: string): Response {
  const nonce = randomToken(16)
  const body = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="robots" content="noindex"><title>check_session</title></head>
<body>
<script nonce="${nonce}">
${script(stateUrl)}
</script>
</body>
</html>`
  return html(body, { headers: { 'content-security-policy': `${pageCsp(nonce)}; connect-src 'self'` }, framable: true })
}
