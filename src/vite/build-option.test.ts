/** `vite build` ships the mock OP only when asked (issue 9, flaw 9): a production build has no worker. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { oidcWorker } from './index.js'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

test('a default production build contains no worker script', async () => {
  const root = mkdtempSync(join(tmpdir(), 'msw-oidc-vite-'))
  folders.push(root)
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title><script type="module" src="./main.js"></script>')
  writeFileSync(join(root, 'main.js'), 'document.title = "built"')
  const { build } = await import('vite')
  const outDir = join(root, 'dist')
  await build({ configFile: false, root, logLevel: 'silent', plugins: [oidcWorker()], build: { outDir } })
  expect(readdirSync(outDir)).not.toContain('msw-oidc-worker.js')
  expect(readdirSync(outDir)).toContain('index.html')
})
