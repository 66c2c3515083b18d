/**
 * docs/browser.md "src/main.ts": the snippet type-checks against the packed package's types, as an
 * app's module (oidc-client-ts and Vite's `import.meta.env` declared beside it). It runs in the
 * browser suites; here the types keep it honest: `OidcWorkerError` and its `'unsupported'` code.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const AMBIENT = `interface ImportMeta { readonly env: { readonly DEV: boolean } }
declare module 'oidc-client-ts' {
  export class UserManager { constructor(settings: { authority: string; client_id: string; redirect_uri: string; loadUserInfo?: boolean }) }
}
`

/** Type-checks `code` in `work/docs-browser` with `tsc` (the repository's TypeScript); throws with its output. */
export function run(code: string, work: string, tsc: string): void {
  const dir = join(work, 'docs-browser')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'main.ts'), code + '\nexport {}\n')
  writeFileSync(join(dir, 'ambient.d.ts'), AMBIENT)
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022', strict: true, noEmit: true, lib: ['ES2023', 'DOM'], types: [] },
      files: ['main.ts', 'ambient.d.ts'],
    }),
  )
  execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' })
}
