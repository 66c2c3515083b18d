#!/usr/bin/env node
/**
 * msw 3 in Node: runs msw3-flow.mjs with `msw` resolved to the `msw3` alias (msw@3), under Node 22
 * (msw 3's setupServer needs Node ≥ 22.12). This Node, when it is recent enough; else a Node 22
 * fetched once by `npx -p node@22`, run from a temporary folder so that its `node` binary never
 * lands in this project's node_modules/.bin. Needs `npm run build` first (it loads dist/).
 *
 * Not part of `npm test`: the first run downloads Node. The browser side of msw 3 (the worker)
 * is covered there, by e2e/worker/custom-worker.spec.ts.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = (file) => fileURLToPath(new URL(file, import.meta.url))
if (!existsSync(here('../dist/index.js'))) {
  console.error('compat/msw3.mjs: dist/ is missing: run `npm run build` first')
  process.exit(1)
}
const [major, minor] = process.versions.node.split('.').map(Number)
const recent = major > 22 || (major === 22 && minor >= 12)
const args = ['--import', here('./msw3-register.mjs'), here('./msw3-flow.mjs')]
const cwd = recent ? process.cwd() : mkdtempSync(join(tmpdir(), 'msw3-node22-'))
try {
  const run = recent
    ? spawnSync(process.execPath, args, { stdio: 'inherit' })
    : spawnSync('npx', ['-y', '-p', 'node@22', 'node', ...args], { stdio: 'inherit', cwd })
  process.exitCode = run.status ?? 1
} finally {
  if (!recent) rmSync(cwd, { recursive: true, force: true })
}
