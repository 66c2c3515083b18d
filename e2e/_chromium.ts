/**
 * Whether any Chromium exists here: PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, Debian's /usr/bin/chromium,
 * or Playwright's own download. Specs skip with {@link NO_CHROMIUM} only when none does.
 *
 * ```ts
 * test.skip(!hasChromium, NO_CHROMIUM)
 * ```
 */
import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

function playwrightsOwn(): string | undefined {
  try {
    return chromium.executablePath()
  } catch {
    return undefined
  }
}

export const hasChromium = [process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, '/usr/bin/chromium', playwrightsOwn()].some(
  (path) => !!path && existsSync(path),
)

export const NO_CHROMIUM =
  'No Chromium found (PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, /usr/bin/chromium, or `npx playwright install chromium`): browser tests skipped'
