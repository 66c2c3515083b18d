/**
 * The TLS certificate of `serve --https`: the given PEM files, or a self-signed certificate made
 * at start for the issuer's host name and the loopback addresses.
 */
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'

/** A certificate and its key, as `node:https` takes them, and the SHA-256 fingerprint to print. */
export interface TlsCertificate {
  cert: string
  key: string
  /** `AB:CD:…`, as browsers and `openssl x509 -fingerprint -sha256` show it. */
  fingerprint256: string
  selfSigned: boolean
}

/** Reads a certificate and its key from PEM files. */
export function readCertificate(certFile: string, keyFile: string): TlsCertificate {
  const cert = readFileSync(certFile, 'utf8')
  const key = readFileSync(keyFile, 'utf8')
  return { cert, key, fingerprint256: new X509Certificate(cert).fingerprint256, selfSigned: false }
}

/**
 * Makes a self-signed certificate (ECDSA P-256, SHA-256, one year) for `hostname`, `localhost`,
 * 127.0.0.1 and ::1, with the `selfsigned` package (loaded only when needed).
 */
export async function selfSignedCertificate(hostname: string): Promise<TlsCertificate> {
  const { generate } = await import('selfsigned')
  const names = new Set([hostname.replace(/^\[|\]$/g, ''), 'localhost', '127.0.0.1', '::1'])
  const altNames = [...names].map((name) => (isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name }))
  const pems = await generate([{ name: 'commonName', value: hostname }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  })
  return { cert: pems.cert, key: pems.private, fingerprint256: new X509Certificate(pems.cert).fingerprint256, selfSigned: true }
}
