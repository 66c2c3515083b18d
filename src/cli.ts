#!/usr/bin/env node
/**
 * `npx msw-oidc-provider init [publicDir]`: copies the ready-made worker script into an app's
 * public folder and remembers it, as `msw init` does (src/cli-init.ts).
 * `npx msw-oidc-provider serve [...]`: the OP as an HTTP server (src/serve/).
 */
import { realpathSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { init, PACKAGE_KEY, rememberedFolders, rememberFolder, WORKER_FILE, type InitOptions } from './cli-init.js'
import { serveCommand } from './serve/command.js'

export { init, WORKER_FILE } from './cli-init.js'

const USAGE = `Usage: msw-oidc-provider init <publicDir>
       msw-oidc-provider init
       msw-oidc-provider serve [--config file] [--port 4000] [--host 127.0.0.1] [--issuer URL] [--https] [--admin] [--state file.json]

  init:  copies ${WORKER_FILE} (the OpenID Provider as a service worker) into <publicDir>,
         the folder your dev server and build serve at the root (public/ in Vite), and
         remembers it in package.json ("${PACKAGE_KEY}": { "workerDirectory": [...] }).
         Without <publicDir>: copies it again into the remembered folders (after an upgrade).
  serve: the OpenID Provider as an HTTP server (msw-oidc-provider serve --help).`

/**
 * Runs the command line; returns the exit code.
 * @param source for tests: the worker script `init` copies (default: the built one)
 */
export function main(
  args: string[],
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
  { source }: Pick<InitOptions, 'source'> = {},
): number {
  const [command, publicDir, ...extra] = args
  if (command === '--help' || command === '-h' || command === 'help') {
    out(USAGE)
    return 0
  }
  if (command !== 'init' || extra.length) {
    err(USAGE)
    return 1
  }
  try {
    const folders = publicDir ? [publicDir] : rememberedFolders()
    if (!folders.length) {
      err(`msw-oidc-provider: no folder given, and package.json remembers none ("${PACKAGE_KEY}": { "workerDirectory": [...] })\n\n${USAGE}`)
      return 1
    }
    for (const folder of folders) {
      const target = init(folder, source ? { source } : {})
      out(`Copied the OpenID Provider worker to ${relative(process.cwd(), target) || target}.`)
    }
    if (publicDir) {
      const saved = rememberFolder(publicDir)
      if ('remembered' in saved) out(`Remembered ${saved.remembered} in package.json: \`npx msw-oidc-provider init\` copies it again after an upgrade.`)
      else out(`Not remembered in package.json: ${saved.skipped}.`)
      out(`In your app: import { startWorker } from 'msw-oidc-provider/browser'; await startWorker({ clients, users })`)
    }
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
