import { defineConfig } from '@playwright/test'
import { chromiumArgs, chromiumExecutablePath as executablePath } from './e2e/chromium.js'

/**
 * Browser tests in real Chromium. Where Debian's Chromium exists (or PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH
 * names one), it is used; elsewhere Playwright's own browser. Each test folder starts the servers it
 * needs itself (Vite on a free port), so this file stays shared.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [...chromiumArgs],
    },
  },
})
