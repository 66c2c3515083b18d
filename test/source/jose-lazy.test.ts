/**
 * jose is loaded on first use (issue 16: the core entry imports in a fraction of jose's own import
 * time): the OP's modules take its runtime functions from src/internal/jose.ts, which the worker
 * script's build swaps for src/internal/jose-eager.ts. Types may come from 'jose' directly.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import * as eager from '../../src/internal/jose-eager.js'
import * as lazy from '../../src/internal/jose.js'

const SRC = join(import.meta.dirname, '../../src')

/** The library's modules (not tests), relative to src/. */
const modules = (): string[] =>
  readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts') && !/\.(test|d)\.ts$/.test(name))

it("no module imports a runtime value from 'jose' itself, but from src/internal/jose.ts (add what is missing there and in jose-eager.ts)", () => {
  const eagerImports = modules()
    .filter((name) => !/internal\/jose(-eager)?\.ts$/.test(name))
    .filter((name) => /^import\s+(?!type\s)(?:(?!^import\s)[\s\S])*?from\s+'jose'/m.test(readFileSync(join(SRC, name), 'utf8')))
  expect(eagerImports).toEqual([])
})

it('the worker build gets the same names from jose-eager.ts as the library build from jose.ts', () => {
  expect(Object.keys(eager).sort()).toEqual(Object.keys(lazy).sort())
})
