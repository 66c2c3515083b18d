/**
 * The front-channel logout page: one `<iframe src>` per RP of the ended session, written in the
 * HTML (DESIGN.md: the OP's pages stay simple), then on to where the logout was going: a short
 * inline script moves on once every iframe has loaded, and `<meta http-equiv=refresh>` bounds the
 * wait (and moves on where scripts do not run).
 * @see https://openid.net/specs/openid-connect-frontchannel-1_0.html#OPLogout
 */
import { html } from '../../http/responses.js'
import { randomToken } from '../../internal/random.js'
import { escapeHtml, page, pageCsp } from '../../pages/layout.js'

/** One RP's iframe. */
export interface LogoutFrame {
  client_id: string
  client_name?: string
  /** The `frontchannel_logout_uri`, with `iss` and `sid` added when the RP requires them. */
  src: string
}

/** What the page shows and where it goes next. */
export interface FrontchannelPageInput {
  frames: readonly LogoutFrame[]
  /** Where to go once the RPs are told (the `post_logout_redirect_uri`); absent: the page stays. */
  next?: string
  /** The longest wait for the iframes, in ms. */
  timeout: number
}

/** The page, with a CSP that allows the RPs' origins as frames and nothing else outside. */
export function frontchannelLogoutPage({ frames, next, timeout }: FrontchannelPageInput): Response {
  const nonce = randomToken(16)
  const seconds = Math.max(1, Math.ceil(timeout / 1000))
  // Before the iframes: a capturing listener sees each one's `load`, even a fast one.
  const script = next
    ? `<script nonce="${nonce}">(() => {
  let left = ${frames.length}
  const go = () => location.replace(${JSON.stringify(next).replace(/</g, '\\u003c')})
  document.addEventListener('load', (event) => { if (event.target instanceof HTMLIFrameElement && --left === 0) go() }, true)
  setTimeout(go, ${Math.max(0, timeout)})
})()</script>`
    : ''
  const iframes = frames
    .map((frame) => `<iframe src="${escapeHtml(frame.src)}" title="Logout of ${escapeHtml(frame.client_name ?? frame.client_id)}" data-client-id="${escapeHtml(frame.client_id)}" width="0" height="0" style="border:0"></iframe>`)
    .join('\n')
  const body = `<h1>Logged out</h1>
<p>Telling the applications you used (${frames.length}) that you logged out.</p>
${script}
${iframes}
${next ? `<p class="muted"><a href="${escapeHtml(next)}">Continue</a></p>` : '<p class="muted">You can close this window.</p>'}`
  const head = next ? `\n<meta http-equiv="refresh" content="${seconds};url=${escapeHtml(next)}">` : ''
  const origins = [...new Set(frames.map((frame) => new URL(frame.src).origin))]
  return html(page({ title: 'Logged out', body, head, nonce }), {
    headers: { 'content-security-policy': `${pageCsp(next ? nonce : undefined)}; frame-src ${origins.join(' ')}` },
  })
}
