/**
 * The timeline's model, without DOM: the requests the OP answered, grouped into flows a person
 * recognises (a login: authorize → login page → token → UserInfo; a refresh; a logout).
 *
 * Flows are runs of consecutive requests, so the timeline stays in order. A request continues the
 * flow before it when it belongs to it (the same grant, or the login page of a pending login);
 * otherwise it starts a flow of its own. Discovery and JWKS requests belong to no grant: each joins
 * the flow of the request nearest to it in time (the discovery a login starts with, the JWKS
 * fetched to check the tokens it ended with).
 */
import type { OPEvent, RequestMessage } from 'msw-oidc-provider/browser'

/** One request the OP answered, as the timeline keeps it. */
export interface TimelineEntry {
  /** Identifies the request in the live messages and in the worker's log alike. */
  key: string
  /** The OP's count of its requests: orders them, across worker restarts too. */
  seq: number
  bootId: string
  event: OPEvent
}

export type FlowKind = 'login' | 'popup-login' | 'silent-renew' | 'refresh' | 'userinfo' | 'logout' | 'revocation' | 'metadata' | 'other'

export interface Flow {
  kind: FlowKind
  title: string
  grant_id?: string
  client_id?: string
  sub?: string
  /** Whether every request of the flow succeeded (2xx or 3xx). */
  ok: boolean
  entries: TimelineEntry[]
}

/** How the timeline names logins by where they return to. */
export interface RedirectNames {
  popup?: string
  silent?: string
}

const METADATA = new Set(['provider_config', 'server_metadata', 'webfinger', 'jwks'])
const LOGINS = new Set<FlowKind>(['login', 'popup-login', 'silent-renew'])

const TITLES: Record<FlowKind, string> = {
  login: 'Login',
  'popup-login': 'Login in a popup',
  'silent-renew': 'Silent renew',
  refresh: 'Refresh',
  userinfo: 'UserInfo',
  logout: 'Logout',
  revocation: 'Revocation',
  metadata: 'Discovery',
  other: 'Request',
}

/**
 * Whether the OP refused a request or never answered it: a network-error fault is recorded with
 * status 0 (`Response.error()`), the caller's fetch rejected.
 */
export function failed(event: OPEvent): boolean {
  return event.status >= 400 || event.status === 0
}

export function entryOf(message: RequestMessage): TimelineEntry {
  return { key: `${message.bootId}:${message.seq}`, seq: message.seq, bootId: message.bootId, event: message.event }
}

/** Adds entries not seen yet, keeping the list in the order the OP answered them. */
export function mergeEntries(current: readonly TimelineEntry[], incoming: readonly TimelineEntry[]): TimelineEntry[] {
  const seen = new Set(current.map((entry) => entry.key))
  const added = incoming.filter((entry) => !seen.has(entry.key) && seen.add(entry.key))
  if (added.length === 0) return current as TimelineEntry[]
  return [...current, ...added].sort((a, b) => a.seq - b.seq)
}

/** Groups the requests into flows (see the module comment). */
export function groupFlows(entries: readonly TimelineEntry[], names: RedirectNames = {}): Flow[] {
  const flows: Flow[] = []
  /** The flow of each request that is not discovery, by index in `entries`. */
  const flowOf = new Map<number, Flow>()

  entries.forEach((entry, index) => {
    const { event } = entry
    if (METADATA.has(event.endpoint)) return
    const last = flows.at(-1)
    const flow = last && continues(last, event) ? last : startFlow(event, names)
    if (flow !== last) flows.push(flow)
    flow.entries.push(entry)
    flow.grant_id ??= event.grant_id
    flow.client_id ??= event.client_id
    flow.sub ??= event.sub
    flowOf.set(index, flow)
  })

  // Discovery joins the flow of the nearest request in time; alone, it is a flow of its own.
  let alone: Flow | undefined
  entries.forEach((entry, index) => {
    if (!METADATA.has(entry.event.endpoint)) return
    const before = nearest(entries, flowOf, index, -1)
    const after = nearest(entries, flowOf, index, 1)
    const started = entry.event.started
    const pick =
      before && after
        ? started - entries[before]!.event.started <= entries[after]!.event.started - started
          ? before
          : after
        : (before ?? after)
    let flow = pick === undefined ? undefined : flowOf.get(pick)
    if (!flow) {
      alone ??= { kind: 'metadata', title: TITLES.metadata, ok: true, entries: [] }
      if (!flows.includes(alone)) flows.push(alone)
      flow = alone
    }
    flow.entries.push(entry)
  })

  const position = new Map(entries.map((entry, index) => [entry, index]))
  for (const flow of flows) {
    flow.entries.sort((a, b) => position.get(a)! - position.get(b)!)
    flow.ok = flow.entries.every((entry) => !failed(entry.event))
  }
  return flows
}

function nearest(entries: readonly TimelineEntry[], flowOf: Map<number, Flow>, from: number, step: 1 | -1): number | undefined {
  for (let i = from + step; i >= 0 && i < entries.length; i += step) if (flowOf.has(i)) return i
  return undefined
}

/** Whether a request belongs to the flow before it. */
function continues(flow: Flow, event: OPEvent): boolean {
  const sameGrant = event.grant_id !== undefined && event.grant_id === flow.grant_id
  const exchanged = flow.entries.some((entry) => entry.event.endpoint === 'token')
  switch (event.endpoint) {
    case 'interaction':
      // The login (or consent) page of the login that is waiting for one.
      return LOGINS.has(flow.kind) && !exchanged && (flow.grant_id === undefined || sameGrant)
    case 'token':
      if (event.params?.grant_type !== 'authorization_code') return false
      return LOGINS.has(flow.kind) && !exchanged && (sameGrant || flow.grant_id === undefined)
    case 'userinfo':
    case 'introspection':
      return sameGrant
    case 'session':
      // The confirmation page's answer.
      return flow.kind === 'logout' && event.method === 'POST'
    case 'backchannel_logout':
      // The OP telling the other RPs of the logout.
      return flow.kind === 'logout'
    default:
      return false
  }
}

function startFlow(event: OPEvent, names: RedirectNames): Flow {
  const kind = kindOf(event, names)
  return { kind, title: kind === 'other' ? titleCase(event.endpoint) : TITLES[kind], ok: true, entries: [] }
}

function kindOf(event: OPEvent, names: RedirectNames): FlowKind {
  switch (event.endpoint) {
    case 'authorization': {
      const params = event.params ?? {}
      if (params.prompt?.split(' ').includes('none') || (names.silent && params.redirect_uri === names.silent)) return 'silent-renew'
      if (names.popup && params.redirect_uri === names.popup) return 'popup-login'
      return 'login'
    }
    case 'interaction':
      return 'login'
    case 'token':
      return event.params?.grant_type === 'refresh_token' ? 'refresh' : event.params?.grant_type === 'authorization_code' ? 'login' : 'other'
    case 'userinfo':
      return 'userinfo'
    case 'session':
      return 'logout'
    case 'token_revocation':
      return 'revocation'
    default:
      return 'other'
  }
}

function titleCase(name: string): string {
  const words = name.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/**
 * The parameters worth showing for a request: what it asked for, not secrets or one-time values
 * (no code, state, nonce, code_challenge).
 */
export function keyParams(event: OPEvent, issuer: string): [string, string][] {
  const shown: [string, string][] = []
  const params = event.params ?? {}
  const order = ['grant_type', 'response_type', 'scope', 'prompt', 'login_hint', 'max_age', 'response_mode', 'code_challenge_method', 'redirect_uri']
  for (const name of order) {
    const value = params[name]
    if (value === undefined) continue
    shown.push([name, name === 'redirect_uri' ? shortUrl(value, issuer) : value])
  }
  if (event.client_id) shown.push(['client', event.client_id])
  if (event.sub) shown.push(['user', event.sub])
  return shown
}

/** A URL as the timeline shows it: its path when on the page's origin, long ids cut short. */
export function shortUrl(url: string, issuer: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.origin !== new URL(issuer).origin) return url
    return parsed.pathname
      .split('/')
      .map((segment) => (segment.length > 24 ? `${segment.slice(0, 8)}…` : segment))
      .join('/')
  } catch {
    return url
  }
}
