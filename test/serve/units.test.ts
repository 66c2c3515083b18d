/** The parts of `serve` that need no process: the peer check, the admin route table, flags, URLs. */
import { expect, test } from 'vitest'
import { isLoopback } from '../../src/serve/admin.js'
import { findAdminRoute } from '../../src/serve/admin-routes.js'
import { requestUrl } from '../../src/serve/node-bridge.js'
import { defaultIssuer, parseServeOptions } from '../../src/serve/options.js'

test('loopback peers: 127.0.0.0/8, ::1 and IPv4-mapped loopback; nothing else', () => {
  for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) expect(isLoopback(address)).toBe(true)
  for (const address of ['10.0.0.1', '::ffff:10.0.0.1', '0.0.0.0', 'fe80::1', '', undefined]) expect(isLoopback(address)).toBe(false)
})

test('admin routes: parameters decoded, 405 for a known path with another method, 404 otherwise', () => {
  expect(findAdminRoute('PUT', 'users/a%2Fb')).toMatchObject({ params: { sub: 'a/b' }, route: { method: 'PUT' } })
  expect(findAdminRoute('GET', 'users/alice')).toEqual({ status: 405 })
  expect(findAdminRoute('GET', 'users/alice/extra')).toEqual({ status: 404 })
  expect(findAdminRoute('GET', 'state/')).toMatchObject({ route: { path: 'state' } })
})

test('request targets are put under the issuer origin, absolute forms included', () => {
  expect(requestUrl('/token?x=1', 'http://op.test:4000').href).toBe('http://op.test:4000/token?x=1')
  expect(requestUrl('http://127.0.0.1:9/authorize', 'https://op.test').href).toBe('https://op.test/authorize')
})

test('flags: defaults, --cert implies https, and the issuer of a wildcard or IPv6 address', () => {
  expect(parseServeOptions([])).toEqual({ port: 4000, host: '127.0.0.1', https: false, admin: false })
  expect(parseServeOptions(['--cert', 'c.pem', '--key', 'k.pem'])).toMatchObject({ https: true })
  expect(() => parseServeOptions(['--cert', 'c.pem'])).toThrow('--cert and --key go together')
  expect(() => parseServeOptions(['--issuer', 'ftp://x'])).toThrow('http or https')
  expect(defaultIssuer('0.0.0.0', 4000, false)).toBe('http://localhost:4000')
  expect(defaultIssuer('::1', 4000, true)).toBe('https://[::1]:4000')
})
