/**
 * `msw-oidc-provider serve`: parses the flags, reads the configuration, starts the server, prints
 * a one-line banner, and stops on SIGINT/SIGTERM once the answers under way are sent.
 */
import type { ClientRecord, User } from '../store/state.js'
import { ConfigurationError } from '../errors/oauth-error.js'
import { ConfigFileError, readConfigFile } from './config-file.js'
import { ADMIN_FOLDER } from './admin.js'
import { ListenError, type RunningServer, startServer } from './http-server.js'
import { parseServeOptions, SERVE_USAGE, UsageError } from './options.js'
import { StateFileError } from './state-file.js'

/** Where the command writes. */
export interface CommandOutput {
  out(line: string): void
  err(line: string): void
}

/** The one-line banner: where the OP is, its discovery URL, clients and users. */
export function banner(server: RunningServer, admin: boolean): string {
  const { op, issuer } = server
  const state = op.dump()
  const clients = Object.values(state.clients).map(describeClient).join(', ')
  const users = Object.values(state.users).map((user: User) => user.sub).join(', ')
  const parts = [
    `msw-oidc-provider: OpenID Provider ${issuer}`,
    `discovery ${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    `clients ${clients || 'none'}`,
    `users ${users || 'none'}`,
  ]
  if (server.listening !== issuer) parts.push(`listening on ${server.listening}`)
  if (server.tls) parts.push(`TLS${server.tls.selfSigned ? ' self-signed' : ''} SHA-256 ${server.tls.fingerprint256}`)
  if (admin) parts.push(`admin ${issuer.replace(/\/?$/, '/')}${ADMIN_FOLDER}`)
  if (server.restored) parts.push('state restored')
  return parts.join(' | ')
}

/** `spa (none)`, `app:app-secret (client_secret_basic)`. */
function describeClient(client: ClientRecord): string {
  const method = client.token_endpoint_auth_method ?? 'client_secret_basic'
  const secret = client.client_secret && method.startsWith('client_secret') ? `:${client.client_secret}` : ''
  return `${client.client_id}${secret} (${method})`
}

/**
 * Runs `serve` with the arguments after it. Resolves to the exit code once the server has stopped
 * (a signal), or at once when it cannot start: 2 for bad flags, 1 for a bad file or a taken port.
 */
export async function serveCommand(args: readonly string[], output: CommandOutput = { out: console.log, err: console.error }): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    output.out(SERVE_USAGE)
    return 0
  }
  let server: RunningServer
  let admin: boolean
  try {
    const options = parseServeOptions(args)
    admin = options.admin
    const file = options.config !== undefined ? await readConfigFile(options.config) : undefined
    server = await startServer(options, file)
  } catch (error) {
    if (error instanceof UsageError) {
      output.err(`msw-oidc-provider serve: ${error.message}`)
      output.err(SERVE_USAGE)
      return 2
    }
    if (error instanceof ConfigurationError) output.err(`msw-oidc-provider serve: invalid configuration at ${error.field}: ${error.message}`)
    else if (error instanceof ConfigFileError || error instanceof ListenError || error instanceof StateFileError) output.err(`msw-oidc-provider serve: ${error.message}`)
    else throw error
    return 1
  }
  output.out(banner(server, admin))
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  output.err(`msw-oidc-provider: ${signal}, stopping once the answers under way are sent`)
  await server.close()
  return 0
}
