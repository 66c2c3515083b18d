#!/usr/bin/env node
/**
 * `npx msw-oidc-provider init <publicDir>`: copies the ready-made worker script into an app's
 * public folder, as `msw init` does, so that `startWorker()` finds it at `/msw-oidc-worker.js`.
 * `npx msw-oidc-provider serve [...]`: the OP as an HTTP server (src/serve/).
 */
import { copyFileSync, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serveCommand } from './serve/command.js'

/** The name of the ready-made worker script, in dist/ and in the app's public folder. */
export const WORKER_FILE = 'msw-oidc-worker.js'

const USAGE = `Usage: msw-oidc-provider init <publicDir>
       msw-oidc-provider serve [--config file] [--port 4000] [--host 127.0.0.1] [--issuer URL] [--https] [--admin] [--state file.json]

  init:  copies ${WORKER_FILE} (the OpenID Provider as a service worker) into <publicDir>,
         the folder your dev server and build serve at the root (public/ in Vite).
         Run it again after upgrading msw-oidc-provider.
  serve: the OpenID Provider as an HTTP server (msw-oidc-provider serve --help).`

/** A file next to this module (through a variable: bundlers rewrite `new URL('…', import.meta.url)`). */
function besideThisFile(name: string): string {
  const here = import.meta.url
  return fileURLToPath(new URL(name, here))
}

/**
 * Copies the worker script into `publicDir`; returns the path written.
 * @param source the script to copy; default: the one built next to this file in dist/
 */
export function init(publicDir: string, { cwd = process.cwd(), source = besideThisFile(WORKER_FILE) } = {}): string {
  if (!existsSync(source)) throw new Error(`the package has no ${WORKER_FILE} next to ${fileURLToPath(import.meta.url)}: is it built?`)
  const dir = resolve(cwd, publicDir)
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new Error(`${publicDir} is not a folder`)
  mkdirSync(dir, { recursive: true })
  const target = join(dir, WORKER_FILE)
  copyFileSync(source, target)
  return target
}

/** Runs the command line; returns the exit code. */
export function main(args: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
  const [command, publicDir, ...extra] = args
  if (command === '--help' || command === '-h' || command === 'help') {
    out(USAGE)
    return 0
  }
  if (command !== 'init' || !publicDir || extra.length) {
    err(USAGE)
    return 1
  }
  try {
    const target = init(publicDir)
    out(`Copied the OpenID Provider worker to ${relative(process.cwd(), target) || target}.`)
    out(`In your app: import { startWorker } from 'msw-oidc-provider/browser'; await startWorker({ clients, users })`)
    return 0
  } catch (error) {
    err(`msw-oidc-provider: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}

/** Run as a program (through the `bin` link, whose target Node resolves), not imported. */
function invokedDirectly(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
  } catch {
    return false
  }
}
if (invokedDirectly()) {
  const [command, ...rest] = process.argv.slice(2)
  if (command === 'serve') {
    serveCommand(rest).then(
      (code) => process.exit(code),
      (error: unknown) => {
        console.error('msw-oidc-provider serve:', error)
        process.exit(1)
      },
    )
  } else process.exitCode = main(process.argv.slice(2))
}
