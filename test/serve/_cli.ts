/**
 * Runs `msw-oidc-provider serve` as a user would: the built CLI in a child process (built first
 * when dist/ has no serve command, as in a lone `vitest run`).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
export const CLI = join(root, 'dist/cli.js')

/** Builds dist/ when it has no serve command. */
export function ensureBuilt(): void {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' })
}

/** A temporary folder, removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'msw-oidc-serve-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A child process of the CLI, with what it printed so far. */
export interface Cli {
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves to the exit code once the process has ended. */
  exited: Promise<number | null>
}

/** Spawns `node dist/cli.js …args`. */
export function spawnCli(args: string[], cwd = root): Cli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk))
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  return { child, stdout: () => out, stderr: () => err, exited }
}

/** A running server: its banner and the URLs in it. */
export interface Served extends Cli {
  banner: string
  issuer: string
  /** Sends SIGTERM and resolves to the exit code. */
  stop(): Promise<number | null>
}

const running = new Set<ChildProcess>()
afterAll(() => running.forEach((child) => child.kill('SIGKILL')))

/** Starts `serve` (on a free port unless `--port` is given) and waits for its banner. */
export async function serve(args: string[] = [], cwd = root): Promise<Served> {
  const cli = spawnCli(['serve', ...(args.includes('--port') ? [] : ['--port', '0']), ...args], cwd)
  running.add(cli.child)
  const banner = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no banner in 15 s: ${cli.stdout()} ${cli.stderr()}`)), 15_000)
    const check = () => {
      const line = cli.stdout().split('\n').find((l) => l.startsWith('msw-oidc-provider: OpenID Provider'))
      if (line !== undefined && cli.stdout().includes('\n')) {
        clearTimeout(timer)
        done(line)
      }
    }
    cli.child.stdout!.on('data', check)
    void cli.exited.then((code) => fail(new Error(`exited ${code} before its banner: ${cli.stderr()}`)))
  })
  const issuer = /OpenID Provider (\S+)/.exec(banner)![1]!
  return {
    ...cli,
    banner,
    issuer,
    async stop() {
      cli.child.kill('SIGTERM')
      const code = await cli.exited
      running.delete(cli.child)
      return code
    },
  }
}

/** A cookie jar of one user agent: `Set-Cookie` names and values, sent back as `Cookie`. */
export class CookieJar {
  readonly cookies = new Map<string, string>()
  /** The raw `Set-Cookie` headers seen, for their attributes. */
  readonly seen: string[] = []

  /** Fetches with the jar's cookies, keeping the ones set. */
  async fetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '))
    const response = await fetch(url, { redirect: 'manual', ...init, headers })
    for (const cookie of response.headers.getSetCookie()) {
      this.seen.push(cookie)
      const [pair = ''] = cookie.split(';')
      const at = pair.indexOf('=')
      const value = pair.slice(at + 1)
      if (value && !/max-age=0\b/i.test(cookie)) this.cookies.set(pair.slice(0, at), value)
      else this.cookies.delete(pair.slice(0, at))
    }
    return response
  }
}
