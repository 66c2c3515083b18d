/**
 * The flags of `msw-oidc-provider serve`, parsed and checked before anything starts.
 */
import { parseArgs } from 'node:util'

/** What `serve` was asked to do. */
export interface ServeOptions {
  /** A configuration file (`.json`, `.js`, `.mjs`, `.ts`); none: the built-in defaults. */
  config?: string
  port: number
  host: string
  /** The issuer, when it differs from the listen address (a proxy, a compose host name). */
  issuer?: string
  /** Serve over TLS: with `cert`/`key` when given, else a self-signed certificate made at start. */
  https: boolean
  cert?: string
  key?: string
  /** Answer the JSON control plane under `{issuer}/__admin/` (loopback peers only). */
  admin: boolean
  /** A JSON file the state is loaded from at start and saved to on change and at exit. */
  state?: string
}

/** A flag the command does not accept, or a value it cannot use: exit code 2 with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** The usage text of `serve`. */
export const SERVE_USAGE = `Usage: msw-oidc-provider serve [--config op.config.{json,js,mjs,ts}] [--port 4000] [--host 127.0.0.1]
                              [--issuer URL] [--https | --cert cert.pem --key key.pem] [--admin] [--state file.json]

  Serves the OpenID Provider over HTTP with real cookies, for relying parties in any language.
  --config   a file whose content (JSON) or default export (ES module, TypeScript) is the Server configuration;
             without one: a public client 'spa', a confidential client 'app' and the users alice and bob
  --port     the port to listen on (default 4000; 0 picks a free one)
  --host     the address to listen on (default 127.0.0.1)
  --issuer   the issuer URL, when clients reach the OP by another name (default http(s)://{host}:{port})
  --https    TLS with a self-signed certificate made at start (its SHA-256 fingerprint is printed)
  --cert/--key  TLS with these PEM files instead
  --admin    a JSON control plane under {issuer}/__admin/ (reset, users, clients, state, requests), loopback peers only
  --state    load the state (keys, clients, sessions, tokens) from this file, and save it there on change and at exit`

/** Parses the arguments after `serve`. Throws a {@link UsageError}. */
export function parseServeOptions(args: readonly string[]): ServeOptions {
  let values
  try {
    ;({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string', short: 'c' },
        port: { type: 'string', short: 'p', default: '4000' },
        host: { type: 'string', default: '127.0.0.1' },
        issuer: { type: 'string' },
        https: { type: 'boolean', default: false },
        cert: { type: 'string' },
        key: { type: 'string' },
        admin: { type: 'boolean', default: false },
        state: { type: 'string' },
      },
    }))
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const port = Number(values.port)
  if (!/^\d+$/.test(values.port) || port > 65535) throw new UsageError(`--port must be a port number (0-65535), not '${values.port}'`)
  if (!values.host) throw new UsageError('--host must not be empty')
  if ((values.cert === undefined) !== (values.key === undefined)) throw new UsageError('--cert and --key go together')
  if (values.issuer !== undefined) checkIssuer(values.issuer)
  return {
    port,
    host: values.host,
    https: values.https || values.cert !== undefined,
    admin: values.admin,
    ...(values.config !== undefined ? { config: values.config } : {}),
    ...(values.issuer !== undefined ? { issuer: values.issuer } : {}),
    ...(values.cert !== undefined ? { cert: values.cert } : {}),
    ...(values.key !== undefined ? { key: values.key } : {}),
    ...(values.state !== undefined ? { state: values.state } : {}),
  }
}

/** `--issuer` must be an absolute http(s) URL (the Server checks the rest). */
function checkIssuer(issuer: string): void {
  let url: URL
  try {
    url = new URL(issuer)
  } catch {
    throw new UsageError(`--issuer must be an absolute URL, not '${issuer}'`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--issuer must be an http or https URL, not '${issuer}'`)
}

/** The issuer a server listening on `host:port` has when none is given. */
export function defaultIssuer(host: string, port: number, https: boolean): string {
  // A wildcard address is not a name clients can use.
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host
  return `${https ? 'https' : 'http'}://${name}:${port}`
}
