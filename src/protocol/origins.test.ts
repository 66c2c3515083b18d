import { expect, test } from 'vitest'
import { isOriginAllowed, issuerOnOrigin } from './origins.js'

test('the worker serves on loopback names without being told', () => {
  for (const origin of ['http://localhost:5173', 'http://app.localhost:5173', 'http://127.0.0.1:4173', 'http://[::1]:8080', 'https://localhost']) {
    expect(isOriginAllowed(origin, undefined), origin).toBe(true)
  }
})

test('elsewhere only where allowedOrigins lists the origin', () => {
  expect(isOriginAllowed('https://app.example.com', undefined)).toBe(false)
  expect(isOriginAllowed('http://127.0.0.2:5173', undefined)).toBe(false)
  expect(isOriginAllowed('http://192.168.1.10:5173', [])).toBe(false)
  expect(isOriginAllowed('https://preview.example.dev', ['https://preview.example.dev'])).toBe(true)
  expect(isOriginAllowed('https://preview.example.dev', ['https://preview.example.dev/'])).toBe(true)
  expect(isOriginAllowed('https://preview.example.dev:8443', ['https://preview.example.dev'])).toBe(false)
  expect(isOriginAllowed('https://evil.example', ['not a url', 'https://preview.example.dev'])).toBe(false)
})

test('an issuer is a path on the origin or a URL there; another origin gives none', () => {
  const origin = 'http://localhost:5173'
  expect(issuerOnOrigin('/oidc', origin)).toBe('http://localhost:5173/oidc')
  expect(issuerOnOrigin('http://localhost:5173/auth/', origin)).toBe('http://localhost:5173/auth/')
  expect(issuerOnOrigin('http://127.0.0.1:5173/oidc', origin)).toBeUndefined()
  expect(issuerOnOrigin('//elsewhere.example/oidc', origin)).toBeUndefined()
  expect(() => issuerOnOrigin('http://[', origin)).toThrow(TypeError)
})
