/**
 * The inspector: the OP's state as the worker reports it (mirrored in the page's store), with
 * actions that go to the worker through the `startWorker` handle. Every change comes back as a
 * 'state' broadcast, which the worker sends before it answers the call: an action needs no
 * `dump()` of its own.
 */
import { shallow } from 'zustand/vanilla/shallow'
import type { OidcWorker, OPState, TokenRecord, User } from 'msw-oidc-provider/browser'
import { mountFaults } from './faults.js'
import { byId, clockTime, expiry, fill, h, json, short, type Child } from './dom.js'
import { setOpState, store, watch, type RpState } from './store.js'

let handle: OidcWorker | undefined

/** Asks the worker for its state now (at start, and after the browser restarted it). */
export async function pullState(op: OidcWorker): Promise<void> {
  setOpState(await op.dump())
}

/** Runs an action against the OP; a failure shows in the inspector's alert. */
async function act(action: (op: OidcWorker) => Promise<unknown>): Promise<boolean> {
  if (!handle) return false
  byId('inspector-error').textContent = ''
  try {
    await action(handle)
    return true
  } catch (error) {
    byId('inspector-error').textContent = error instanceof Error ? error.message : String(error)
    return false
  }
}

export function mountInspector(op: OidcWorker): void {
  handle = op
  byId<HTMLButtonElement>('reset').onclick = () => void act((worker) => worker.reset())
  mountFaults(act)
  mountAddUser()
  mountClaimsDialog()
  mountLists()

  watch(
    (state) => state.worker,
    (worker) => {
      if (!worker) return
      fill(
        byId('op-info'),
        h('dt', null, 'Issuer'),
        h('dd', null, h('code', null, worker.issuer)),
        h('dt', null, 'Worker'),
        h('dd', null, `msw-oidc-provider ${worker.version} · started ${clockTime(worker.startedAt)}${worker.restored ? ' · restored from IndexedDB' : ''}`),
        h('dt', null, 'Metadata'),
        h(
          'dd',
          null,
          h('a', { href: `${worker.issuer}/.well-known/openid-configuration`, target: '_blank', rel: 'noopener' }, 'discovery'),
          ' · ',
          h('a', { href: `${worker.issuer}/jwks`, target: '_blank', rel: 'noopener' }, 'JWKS'),
        ),
      )
    },
  )
  watch(
    (state) => [state.op, state.rp.accessToken, state.rp.refreshTokenKey] as const,
    ([op], { rp }) => {
      if (op) render(op, rp)
    },
    shallow,
  )
}

/** The inspector's lists after Users (which has its form in index.html): element id and title. */
const LISTS = [
  ['sessions', 'Login sessions'],
  ['grants', 'Grants'],
  ['tokens', 'Codes and tokens'],
  ['clients', 'Clients'],
  ['op-keys', 'Signing keys'],
] as const

function mountLists(): void {
  byId('inspector').append(
    ...LISTS.map(([id, title]) => h('section', { 'aria-labelledby': `${id}-title` }, h('h3', { id: `${id}-title` }, title), h('ul', { id, class: 'rows' }))),
  )
}

/** Renders the lists: again whenever the OP's state, or the tokens the RP holds, changed. */
function render(op: OPState, rp: RpState): void {
  const held = new Set([rp.accessToken?.claims.jti, rp.refreshTokenKey].filter((key): key is string => typeof key === 'string'))
  fillRows('users', op.users, 'No users.', renderUser)
  fillRows('sessions', Object.values(op.sessions), 'No login session.', (session) =>
    row(
      [h('strong', null, nameOf(op, session.sub)), h('code', null, short(session.sid)), op.agent_session === session.sid && h('span', { class: 'badge' }, 'this browser')],
      [[`logged in ${clockTime(session.auth_time * 1000)} · ends `, expiry(session.expires_at * 1000)]],
      [button(`End session of ${nameOf(op, session.sub)}`, (w) => w.endSession(session.sid))],
    ),
  )
  fillRows('grants', Object.values(op.grants), 'No grant.', (grant) =>
    row(
      [h('strong', null, `${nameOf(op, grant.sub)} → ${grant.client_id}`), h('code', null, short(grant.id)), grant.revoked && h('span', { class: 'badge bad' }, 'revoked')],
      [`scope ${grant.scope.join(' ')}`],
      grant.revoked ? [] : [button(`Revoke grant ${short(grant.id)}`, (w) => w.revokeGrant(grant.id))],
    ),
  )
  fillRows('tokens', [...Object.entries(op.codes).map(([key, code]) => ({ key, code })), ...Object.entries(op.tokens).map(([key, token]) => ({ key, token }))], 'No token.', (item) =>
    'code' in item ? renderCode(op, item.key, item.code) : renderToken(op, item.key, item.token, held.has(item.key)),
  )
  fillRows('clients', Object.values(op.clients), 'No client.', (client) =>
    row(
      [h('strong', null, client.client_name ?? client.client_id), h('code', null, client.client_id)],
      [
        `${client.token_endpoint_auth_method ?? 'client_secret_basic'} · ${(client.grant_types ?? ['authorization_code']).join(', ')}`,
        (client.redirect_uris ?? []).map((uri) => new URL(uri).pathname).join(' '),
      ],
    ),
  )
  fillRows('op-keys', op.keys, 'No key yet.', (key) => row([`${key.alg} · kid`, h('code', null, short(key.kid, 12))], []))
}

function fillRows<T>(id: string, items: readonly T[], empty: string, render: (item: T) => HTMLElement): void {
  fill(byId(id), items.length ? items.map(render) : h('li', { class: 'muted' }, empty))
}

/** One row of a list: a title line, lines of detail, and buttons. */
function row(title: Child[], details: Child[], actions: HTMLButtonElement[] = [], className = ''): HTMLLIElement {
  return h(
    'li',
    { class: className },
    h('div', { class: 'row-title' }, title.filter(Boolean).flatMap((part, i) => (i ? [' ', part] : [part]))),
    details.map((detail) => h('div', { class: 'muted wrap' }, detail)),
    actions.length > 0 && h('div', { class: 'row-actions' }, actions),
  )
}

function button(label: string, action: (op: OidcWorker) => Promise<unknown>): HTMLButtonElement {
  return h('button', { type: 'button', onclick: () => void act(action) }, label)
}

const KINDS: Record<TokenRecord['kind'], string> = { access_token: 'Access token', refresh_token: 'Refresh token' }

function renderToken(op: OPState, key: string, token: TokenRecord, held: boolean): HTMLElement {
  const now = Date.now() / 1000
  // A revoked grant takes its tokens with it (the OP checks the grant on every use).
  const grantRevoked = token.grant_id !== undefined && op.grants[token.grant_id]?.revoked !== false
  const status = token.revoked || grantRevoked ? 'revoked' : token.rotated_at !== undefined ? 'rotated' : token.exp <= now ? 'expired' : 'active'
  return row(
    [
      h('strong', null, KINDS[token.kind]),
      h('code', null, short(key)),
      h('span', { class: `badge ${status === 'active' ? 'good' : 'bad'}` }, status),
      held && h('span', { class: 'badge' }, 'held by this page'),
    ],
    [
      `${nameOf(op, token.sub)} · ${token.client_id} · ${token.format}${token.alg ? ` ${token.alg}` : ''} · scope ${token.scope.join(' ')}`,
      ['expires ', expiry(token.exp * 1000)],
    ],
    status === 'revoked' ? [] : [button(`Revoke ${KINDS[token.kind].toLowerCase()} ${short(key)}`, (w) => w.revokeToken(key))],
    held ? 'held' : '',
  )
}

function renderCode(op: OPState, key: string, code: OPState['codes'][string]): HTMLElement {
  const grant = op.grants[code.grant_id]
  return row(
    [h('strong', null, 'Authorization code'), h('code', null, short(key)), h('span', { class: `badge ${code.redeemed_at ? '' : 'good'}` }, code.redeemed_at ? 'redeemed' : 'pending')],
    [[`${grant ? nameOf(op, grant.sub) : '?'} · ${code.client_id} · expires `, expiry(code.expires_at * 1000)]],
  )
}

/** How the inspector names a user: their `name` claim, else their `sub`. */
function displayName(user: User): string {
  return typeof user.name === 'string' ? user.name : user.sub
}

function nameOf(op: OPState, sub: string): string {
  const user = op.users.find((u) => u.sub === sub)
  return user ? displayName(user) : sub
}

function renderUser(user: User): HTMLElement {
  const name = displayName(user)
  const { sub: _sub, ...claims } = user
  return row(
    [h('strong', null, name), h('code', null, user.sub)],
    [Object.keys(claims).join(', ') || 'no claims'],
    [h('button', { type: 'button', onclick: () => openClaims(user) }, `Edit claims of ${name}`), button(`Remove ${name}`, (w) => w.removeUser(user.sub))],
  )
}

function mountAddUser(): void {
  const form = byId<HTMLFormElement>('add-user')
  form.onsubmit = (event) => {
    event.preventDefault()
    const data = new FormData(form)
    const field = (name: string) => String(data.get(name) ?? '').trim()
    const sub = field('sub')
    const user: User = { sub }
    if (field('name')) user.name = field('name')
    if (field('email')) user.email = field('email')
    const alert = byId('add-user-error')
    if (store.getState().op?.users.some((u) => u.sub === sub)) {
      alert.textContent = `A user '${sub}' exists: edit their claims instead.`
      return
    }
    alert.textContent = ''
    void act((w) => w.putUser(user)).then((done) => done && form.reset())
  }
}

let editing: string | undefined

function mountClaimsDialog(): void {
  const dialog = byId<HTMLDialogElement>('claims-dialog')
  const form = byId<HTMLFormElement>('claims-form')
  const alert = byId('claims-error')
  byId<HTMLButtonElement>('claims-cancel').onclick = () => dialog.close()
  form.onsubmit = (event) => {
    event.preventDefault()
    const sub = editing
    if (sub === undefined) return
    let claims: unknown
    try {
      claims = JSON.parse(byId<HTMLTextAreaElement>('claims-json').value)
    } catch {
      alert.textContent = 'Claims must be valid JSON.'
      return
    }
    if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
      alert.textContent = 'Claims must be a JSON object.'
      return
    }
    void act((w) => w.putUser({ ...(claims as Record<string, unknown>), sub })).then((done) => {
      if (done) dialog.close()
      else alert.textContent = byId('inspector-error').textContent
    })
  }
}

function openClaims(user: User): void {
  const { sub, ...claims } = user
  editing = sub
  byId('claims-title').textContent = `Claims of ${displayName(user)}`
  byId('claims-sub').textContent = sub
  byId<HTMLTextAreaElement>('claims-json').value = json(claims)
  byId('claims-error').textContent = ''
  byId<HTMLDialogElement>('claims-dialog').showModal()
}
