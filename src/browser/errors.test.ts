import { expect, test } from 'vitest'
import { outdatedScriptError, WorkerErrorCode } from './errors.js'

test('a stale worker script is reported with the command that copies it again', () => {
  const error = outdatedScriptError('/msw-oidc-worker.js', '0.0.9', '0.1.0')
  expect(error.code).toBe(WorkerErrorCode.scriptOutdated)
  expect(error.message).toBe(
    '[msw-oidc-provider] the worker script at /msw-oidc-worker.js is from msw-oidc-provider 0.0.9, this page uses 0.1.0: ' +
      'copy it again with `npx msw-oidc-provider init` (into the folders package.json remembers; the first time ' +
      '`npx msw-oidc-provider init <publicDir>`), or serve it with the msw-oidc-provider/vite plugin',
  )
})
