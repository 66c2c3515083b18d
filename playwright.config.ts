import { existsSync } from 'node:fs'
import { defineConfig } from '@playwright/test'

/**
 * Browser tests in real Chromium. Where Debian's Chromium exists (or PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH
 * names one), it is used; elsewhere Playwright's own browser. Each test folder starts the servers it
 * needs itself (Vite on a free port), so this file stays shared.
 */
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined)

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
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
