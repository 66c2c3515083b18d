import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test, vi } from 'vitest'
import { rememberedFolders, rememberFolder, WORKER_FILE } from './cli-init.js'
import { main } from './cli.js'

const dirs: string[] = []
function app(manifest: string | null = '{\n\t"name": "app"\n}\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'msw-oidc-cli-init-'))
  dirs.push(dir)
  if (manifest !== null) writeFileSync(join(dir, 'package.json'), manifest)
  return dir
}
afterEach(() => {
  vi.restoreAllMocks()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Runs the command line in `cwd`, with a built worker script to copy. */
function run(cwd: string, args: string[]) {
  const source = join(cwd, 'built-worker.js')
  writeFileSync(source, '// the worker, v1')
  const spy = vi.spyOn(process, 'cwd').mockReturnValue(cwd)
  const out: string[] = []
  const err: string[] = []
  const code = main(args, (l) => out.push(l), (l) => err.push(l), { source })
  spy.mockRestore()
  return { code, out: out.join('\n'), err: err.join('\n') }
}

test('init <publicDir> remembers the folder in package.json, once, keeping its indentation', () => {
  const dir = app()
  expect(run(dir, ['init', 'public']).out).toContain('Remembered public in package.json')
  run(dir, ['init', './public'])
  run(dir, ['init', join(dir, 'static')])
  expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(
    '{\n\t"name": "app",\n\t"msw-oidc-provider": {\n\t\t"workerDirectory": [\n\t\t\t"public",\n\t\t\t"static"\n\t\t]\n\t}\n}\n',
  )
  expect(rememberedFolders(dir)).toEqual(['public', 'static'])
})

test('init alone copies the script again into every remembered folder', () => {
  const dir = app(JSON.stringify({ name: 'app', 'msw-oidc-provider': { workerDirectory: ['public', 'docs/static'] } }))
  const { code, out } = run(dir, ['init'])
  expect(code).toBe(0)
  expect(out).toContain(join('public', WORKER_FILE))
  expect(readFileSync(join(dir, 'docs/static', WORKER_FILE), 'utf8')).toBe('// the worker, v1')
  expect(existsSync(join(dir, 'public', WORKER_FILE))).toBe(true)
})

test('init alone with nothing remembered, and folders that are not remembered', () => {
  const dir = app()
  const { code, err } = run(dir, ['init'])
  expect(code).toBe(1)
  expect(err).toContain('package.json remembers none')
  expect(rememberFolder(join(tmpdir(), 'elsewhere'), dir)).toEqual({ skipped: expect.stringContaining('is outside') })
  const bare = app(null)
  expect(run(bare, ['init', 'public']).out).toContain('Not remembered in package.json: there is no package.json')
  expect(existsSync(join(bare, 'package.json'))).toBe(false)
})
