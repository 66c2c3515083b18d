/**
 * The device-flow panel: the demo's TV client (`demo-tv`, registered on first use) logs in by device authorization. It asks
 * the OP for a user code, shows it with the verification link (the OP's /device page, in a new
 * tab), and polls the token endpoint at the interval the OP gave until the user approves (on that
 * page, or with the "Approve" button, which calls `approveDevice` on the worker handle).
 * @see https://www.rfc-editor.org/rfc/rfc8628 OAuth 2.0 Device Authorization Grant
 */
import type { OidcWorker } from 'msw-oidc-provider/browser'
import { byId, fill, h, json } from './dom.js'
import { deviceClient, issuer } from './oidc.config.js'
import { store } from './store.js'

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code'

/** The device authorization answer (RFC 8628 §3.2). */
interface DeviceAuthorization {
  device_code: string
  user_code: string
  verification_uri: string
  verification_uri_complete?: string
  expires_in: number
  interval?: number
}

/** Which run of the flow is current: a new start (or a reset) stops the polling of the one before. */
let run = 0

/** Renders the panel into #device. */
export function mountDevice(op: OidcWorker): void {
  const start = h('button', { type: 'button', onclick: () => void startFlow(op) }, 'Start a device login')
  fill(byId('device-actions'), start)
  say('Not started.')
}

function say(status: string, error = ''): void {
  byId('device-status').textContent = status
  byId('device-error').textContent = error
}

async function post(path: string, params: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${issuer}${path}`, { method: 'POST', body: new URLSearchParams(params) })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

async function startFlow(op: OidcWorker): Promise<void> {
  const current = ++run
  fill(byId('device-code'))
  fill(byId('device-tokens'))
  say('Asking the OP for a user code…')
  try {
    // Registered on first use, and again after a reset of the OP (which keeps only configured clients).
    if (!store.getState().op?.clients[deviceClient.client_id]) await op.addClient(deviceClient)
    const started = await post('/device_authorization', { client_id: deviceClient.client_id, scope: 'openid profile' })
    if (started.status !== 200) throw new Error(`${String(started.body.error)}: ${String(started.body.error_description ?? '')}`)
    const authorization = started.body as unknown as DeviceAuthorization
    showCode(op, authorization)
    say('Waiting for the user to approve…')
    await poll(current, authorization)
  } catch (error) {
    if (current === run) say('The device login failed.', error instanceof Error ? error.message : String(error))
  }
}

function showCode(op: OidcWorker, authorization: DeviceAuthorization): void {
  const link = authorization.verification_uri_complete ?? authorization.verification_uri
  fill(
    byId('device-code'),
    h('p', null, 'User code ', h('strong', { class: 'user-code', 'aria-label': 'User code' }, authorization.user_code)),
    h('p', null, 'Enter it at ', h('a', { href: link, target: '_blank', rel: 'noopener' }, authorization.verification_uri), ', or:'),
    h('button', { type: 'button', onclick: () => void op.approveDevice(authorization.user_code).catch((error: unknown) => say('Waiting…', String(error))) }, 'Approve as the first user'),
  )
}

/** Polls the token endpoint (RFC 8628 §3.4) until tokens, a final error, or a newer run. */
async function poll(current: number, authorization: DeviceAuthorization): Promise<void> {
  let interval = authorization.interval ?? 5
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, interval * 1000))
    if (current !== run) return
    const answer = await post('/token', { grant_type: DEVICE_GRANT, device_code: authorization.device_code, client_id: deviceClient.client_id })
    if (current !== run) return
    if (answer.status === 200) {
      say('Approved: the device holds tokens.')
      fill(byId('device-tokens'), h('pre', { 'aria-label': 'Device tokens' }, json(answer.body)))
      return
    }
    const error = String(answer.body.error)
    if (error === 'slow_down') interval += 5
    else if (error !== 'authorization_pending') throw new Error(`${error}: ${String(answer.body.error_description ?? '')}`)
  }
}
