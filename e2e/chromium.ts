/**
 * The Chromium every browser test launches, in one place: Debian's (or the one
 * PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH names) where it exists, else Playwright's own, with the flags
 * that work on a machine without a display, a sandbox or a network.
 */
import { existsSync } from 'node:fs'

/** The browser's path, or undefined where neither is there (Playwright then uses its own). */
export const chromiumExecutablePath: string | undefined =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

/** Its flags (Playwright adds headless itself; a browser launched directly adds `--headless`). */
export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
