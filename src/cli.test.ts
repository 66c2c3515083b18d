import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { init, main, WORKER_FILE } from './cli.js'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'msw-oidc-cli-'))
  dirs.push(dir)
  return dir
}
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

test('init copies the worker script into the public folder, creating it', () => {
  const dir = tempDir()
  const source = join(dir, 'built.js')
  writeFileSync(source, '/* worker */')
  const target = init('app/public', { cwd: dir, source })
  expect(target).toBe(join(dir, 'app/public', WORKER_FILE))
  expect(readFileSync(target, 'utf8')).toBe('/* worker */')
})

test('init refuses a public folder that is a file, and a package that is not built', () => {
  const dir = tempDir()
  writeFileSync(join(dir, 'public'), '')
  const source = join(dir, 'built.js')
  writeFileSync(source, '')
  expect(() => init('public', { cwd: dir, source })).toThrow('public is not a folder')
  expect(() => init('elsewhere', { cwd: dir, source: join(dir, 'missing.js') })).toThrow(/is it built/)
})

test('the command line: usage, help, and errors as exit codes', () => {
  const out: string[] = []
  const err: string[] = []
  expect(main([], (l) => out.push(l), (l) => err.push(l))).toBe(1)
  expect(err.join()).toContain('Usage: msw-oidc-provider init <publicDir>')
  expect(main(['--help'], (l) => out.push(l), (l) => err.push(l))).toBe(0)
  expect(out.join()).toContain('Usage')
  expect(main(['init', 'a', 'b'], (l) => out.push(l), (l) => err.push(l))).toBe(1)
})
