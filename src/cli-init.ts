/**
 * `npx msw-oidc-provider init [publicDir]`: copies the ready-made worker script into an app's public
 * folder and remembers the folder in the app's package.json, as `msw init` does with
 * `msw.workerDirectory`, so that `init` alone copies it again after an upgrade:
 *
 * ```json
 * { "msw-oidc-provider": { "workerDirectory": ["public"] } }
 * ```
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The name of the worker script, in dist/ and in an app's public folder. */
export const WORKER_FILE = 'msw-oidc-worker.js'

/** The key of the package.json section that remembers the folders. */
export const PACKAGE_KEY = 'msw-oidc-provider'

/** Where the command looks: the folder of the app (its package.json) and the script to copy. */
export interface InitOptions {
  /** The app's folder, where its package.json is; default: the working directory. */
  cwd?: string
  /** The script to copy; default: the one built next to this file in dist/. */
  source?: string
}

/** A file next to this module (through a variable: bundlers rewrite `new URL('…', import.meta.url)`). */
function besideThisFile(name: string): string {
  const here = import.meta.url
  return fileURLToPath(new URL(name, here))
}

/**
 * Copies the worker script into `publicDir`; returns the path written.
 * @param publicDir the folder the app's server serves at its root, relative to `cwd` or absolute
 */
export function init(publicDir: string, { cwd = process.cwd(), source = besideThisFile(WORKER_FILE) }: InitOptions = {}): string {
  if (!existsSync(source)) throw new Error(`the package has no ${WORKER_FILE} next to ${fileURLToPath(import.meta.url)}: is it built?`)
  const dir = resolve(cwd, publicDir)
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new Error(`${publicDir} is not a folder`)
  mkdirSync(dir, { recursive: true })
  const target = join(dir, WORKER_FILE)
  copyFileSync(source, target)
  return target
}

/** The folders the app's package.json remembers (`"msw-oidc-provider": { "workerDirectory": [...] }`). */
export function rememberedFolders(cwd = process.cwd()): string[] {
  const manifest = readManifest(cwd)
  const section = manifest?.[PACKAGE_KEY]
  const folders = isRecord(section) ? section['workerDirectory'] : undefined
  if (typeof folders === 'string') return [folders]
  return Array.isArray(folders) ? folders.filter((f): f is string => typeof f === 'string') : []
}

/**
 * Adds `publicDir` to the folders the app's package.json remembers, as a path relative to it.
 * @returns the folder as remembered, or why it is not: no package.json, or a folder outside the app
 */
export function rememberFolder(publicDir: string, cwd = process.cwd()): { remembered: string } | { skipped: string } {
  const manifest = readManifest(cwd)
  if (!manifest) return { skipped: `there is no package.json in ${cwd}` }
  const folder = relative(cwd, resolve(cwd, publicDir)).split(sep).join('/') || '.'
  if (folder.startsWith('../') || folder === '..' || isAbsolute(folder)) return { skipped: `${publicDir} is outside ${cwd}` }
  const folders = rememberedFolders(cwd)
  if (!folders.includes(folder)) {
    const section = isRecord(manifest[PACKAGE_KEY]) ? manifest[PACKAGE_KEY] : {}
    manifest[PACKAGE_KEY] = { ...section, workerDirectory: [...folders, folder] }
    const text = readFileSync(join(cwd, 'package.json'), 'utf8')
    // Keep the file's own indentation and final newline.
    const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  '
    writeFileSync(join(cwd, 'package.json'), JSON.stringify(manifest, null, indent) + (text.endsWith('\n') ? '\n' : ''))
  }
  return { remembered: folder }
}

function readManifest(cwd: string): Record<string, unknown> | undefined {
  const file = join(cwd, 'package.json')
  if (!existsSync(file)) return undefined
  const manifest: unknown = JSON.parse(readFileSync(file, 'utf8'))
  return isRecord(manifest) ? manifest : undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
