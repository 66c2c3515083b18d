/**
 * jose is loaded on first use (issue 16: the core entry imports in a fraction of jose's own import
 * time): the OP's modules take its runtime functions from src/internal/jose.ts, which the worker
 * script's build swaps for src/internal/jose-eager.ts. Types may come from 'jose' directly.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect, it } from 'vitest'
import * as eager from '../../src/internal/jose-eager.js'
import * as lazy from '../../src/internal/jose.js'

const SRC = join(import.meta.dirname, '../../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.ts$/.test(name) && !/\.(test|d)\.ts$/.test(name) ? [path] : []
  })
}

it("no module imports a runtime value from 'jose' itself, but from src/internal/jose.ts (add what is missing there and in jose-eager.ts)", () => {
  const eagerImports = sourceFiles(SRC)
    .filter((path) => !/internal\/jose(-eager)?\.ts$/.test(path))
    .filter((path) => /^import\s+(?!type\s)(?:(?!^import\s)[\s\S])*?from\s+'jose'/m.test(readFileSync(path, 'utf8')))
    .map((path) => relative(SRC, path))
  expect(eagerImports).toEqual([])
})

it('the worker build gets the same names from jose-eager.ts as the library build from jose.ts', () => {
  expect(Object.keys(eager).sort()).toEqual(Object.keys(lazy).sort())
})
