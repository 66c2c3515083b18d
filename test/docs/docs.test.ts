/**
 * The doc check: every `<!-- tested: ... -->` marker in README.md and docs/ names a runner that
 * exists, and every runner in test/docs/ is named by a marker. The runners themselves run in
 * test/package/pack.test.ts, against the packed package.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from 'vitest'
import { allMarkedSnippets } from './snippets.js'

const root = resolve(import.meta.dirname, '../..')
const HELPERS = new Set(['snippets.ts', 'docs.test.ts'])

test('every marked snippet has its runner, and every runner its snippet', () => {
  const snippets = allMarkedSnippets(root)
  for (const { doc, runner } of snippets) expect(existsSync(join(root, runner)), `${doc} names ${runner}`).toBe(true)
  const runners = readdirSync(join(root, 'test/docs')).filter((f) => !HELPERS.has(f)).map((f) => `test/docs/${f}`)
  expect(runners.sort()).toEqual([...new Set(snippets.map((s) => s.runner))].sort())
})
