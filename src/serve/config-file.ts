/**
 * The `Server` configuration of `serve`: read from a JSON file or an ES module's default export
 * (TypeScript through jiti), completed with the defaults and the command's flags.
 */
import { readFileSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerConfiguration } from '../config/options.js'
import { DEFAULT_CONFIDENTIAL_CLIENT, DEFAULT_PUBLIC_CLIENT, DEFAULT_USERS } from './defaults.js'

/** A configuration file that cannot be read or has no configuration in it. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError'
}

/** A configuration as a file gives it: the issuer may come from the flags instead. */
export type ServeConfiguration = Omit<ServerConfiguration, 'issuer'> & { issuer?: string }

const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs'])
const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts'])

/** Reads a configuration file: JSON, or the default export of a module. Throws a {@link ConfigFileError}. */
export async function readConfigFile(file: string, cwd = process.cwd()): Promise<ServeConfiguration> {
  const path = resolve(cwd, file)
  const extension = extname(path).toLowerCase()
  let loaded: unknown
  try {
    if (extension === '.json') loaded = JSON.parse(readFileSync(path, 'utf8'))
    else if (MODULE_EXTENSIONS.has(extension)) loaded = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default
    else if (TYPESCRIPT_EXTENSIONS.has(extension)) loaded = await importTypeScript(path)
    else throw new ConfigFileError(`${file}: use a .json, .js, .mjs or .ts file`)
  } catch (error) {
    if (error instanceof ConfigFileError) throw error
    throw new ConfigFileError(`${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (typeof loaded !== 'object' || loaded === null || Array.isArray(loaded)) {
    throw new ConfigFileError(`${file}: must ${extension === '.json' ? 'hold a JSON object' : 'export the Server configuration as its default export'}`)
  }
  return loaded as ServeConfiguration
}

/** A TypeScript module's default export, compiled on the fly by jiti (loaded only when needed). */
async function importTypeScript(path: string): Promise<unknown> {
  const { createJiti } = await import('jiti')
  return createJiti(import.meta.url).import(path, { default: true })
}

/**
 * The configuration to start the OP with: the file's (or none), the built-in clients and users
 * where it gives none, a cookie per browser for the login session unless it says otherwise, and
 * `issuer` (from the flags or the listen address) when the file has none or the flag overrides it.
 */
export function serverConfiguration(file: ServeConfiguration | undefined, issuer: { flag?: string | undefined; listen: string }): ServerConfiguration {
  return {
    sessionBinding: 'cookie',
    ...file,
    clients: file?.clients ?? [DEFAULT_PUBLIC_CLIENT, DEFAULT_CONFIDENTIAL_CLIENT],
    users: file?.users ?? DEFAULT_USERS,
    issuer: issuer.flag ?? file?.issuer ?? issuer.listen,
  }
}
