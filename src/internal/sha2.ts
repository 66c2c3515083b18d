/**
 * SHA-256, SHA-384 and SHA-512, synchronous, in plain 32-bit arithmetic: the three hashes the OP
 * uses (./hash.ts), in about a quarter of what @noble/hashes added to the worker script. The round
 * constants and initial values are computed at load from the primes they are defined by, not
 * written out: SHA-512's constants are the first 64 bits of the fractional parts of the cube roots
 * of the first 80 primes, SHA-256's the first 32 bits of the first 64 of them (FIPS 180-4 §4.2).
 * @see https://nvlpubs.nist.gov/nistpubs/FIPS/NIST.FIPS.180-4.pdf
 */

const primes: number[] = []
for (let n = 2; primes.length < 80; n++) if (primes.every((p) => n % p)) primes.push(n)

/** ⌊x^(1/k)⌋, by Newton's method from above. */
function integerRoot(x: bigint, k: bigint): bigint {
  let root = 1n << (BigInt(x.toString(2).length) / k + 1n)
  for (;;) {
    const next = ((k - 1n) * root + x / root ** (k - 1n)) / k
    if (next >= root) return root
    root = next
  }
}

/** The first 64 bits of the fractional part of the k-th root of each prime, as high and low words. */
function fractions(list: number[], k: bigint): Int32Array {
  const words = new Int32Array(list.length * 2)
  list.forEach((p, i) => {
    const bits = integerRoot(BigInt(p) << (64n * k), k)
    words[2 * i] = Number((bits >> 32n) & 0xffffffffn)
    words[2 * i + 1] = Number(bits & 0xffffffffn)
  })
  return words
}

/** SHA-512's round constants (§4.2.3), high and low words interleaved. */
const K512 = fractions(primes, 3n)
/** SHA-256's: the high words of SHA-512's first 64 (§4.2.2). */
const K256 = Int32Array.from({ length: 64 }, (_, i) => K512[2 * i]!)
/** Initial values (§5.3): square roots of the first 8 primes (SHA-256, SHA-512), of the next 8 (SHA-384). */
const H512 = fractions(primes.slice(0, 8), 2n)
const H384 = fractions(primes.slice(8, 16), 2n)
const H256 = Int32Array.from({ length: 8 }, (_, i) => H512[2 * i]!)

/** Half of a 64-bit word rotated right by `n` (under 32): `x` shifted, the other half `y`'s low bits coming in on the left. */
const rot = (x: number, y: number, n: number): number => (x >>> n) | (y << (32 - n))

/** The message padded to whole blocks, its length in bits at the end (§5.1), and a view on it. */
function pad(data: Uint8Array, block: number): DataView {
  const length = Math.ceil((data.length + 1 + block / 8) / block) * block
  const bytes = new Uint8Array(length)
  bytes.set(data)
  bytes[data.length] = 0x80
  const view = new DataView(bytes.buffer)
  view.setUint32(length - 8, Math.floor(data.length / 0x20000000))
  view.setUint32(length - 4, data.length * 8)
  return view
}

/** The state words, big-endian, first `bytes` of them. */
function output(state: Int32Array, bytes: number): Uint8Array {
  const out = new DataView(new ArrayBuffer(bytes))
  for (let i = 0; i < bytes / 4; i++) out.setInt32(4 * i, state[i]!)
  return new Uint8Array(out.buffer)
}

/** The message schedules, shared: the functions are synchronous. */
const w256 = new Int32Array(64)
const w512 = new Int32Array(160)

/** SHA-256 (FIPS 180-4 §6.2). */
export function sha256(data: Uint8Array): Uint8Array {
  const view = pad(data, 64)
  const h = H256.slice()
  const w = w256
  for (let block = 0; block < view.byteLength; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getInt32(block + 4 * i)
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!
      const y = w[i - 2]!
      w[i] = (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) + w[i - 7]! + w[i - 16]!
    }
    let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!, f = h[5]!, g = h[6]!, hh = h[7]!
    for (let i = 0; i < 64; i++) {
      const t1 = (hh + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K256[i]! + w[i]!) | 0
      const t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0
      hh = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h[0] = h[0]! + a
    h[1] = h[1]! + b
    h[2] = h[2]! + c
    h[3] = h[3]! + d
    h[4] = h[4]! + e
    h[5] = h[5]! + f
    h[6] = h[6]! + g
    h[7] = h[7]! + hh
  }
  return output(h, 32)
}

/**
 * SHA-512's compression over 64-bit words held as high and low 32-bit halves (§6.4), from the
 * initial value `init`; SHA-384 is the same from other initial values, cut to 48 bytes (§6.5).
 */
function sha512Words(data: Uint8Array, init: Int32Array, bytes: number): Uint8Array {
  const view = pad(data, 128)
  const h = init.slice()
  const w = w512
  const v = new Int32Array(16)
  for (let block = 0; block < view.byteLength; block += 128) {
    for (let i = 0; i < 32; i++) w[i] = view.getInt32(block + 4 * i)
    for (let i = 32; i < 160; i += 2) {
      const xh = w[i - 30]!, xl = w[i - 29]!, yh = w[i - 4]!, yl = w[i - 3]!
      // σ0 = ROTR1 ^ ROTR8 ^ SHR7, σ1 = ROTR19 ^ ROTR61 ^ SHR6
      const lo = ((rot(xl, xh, 1) ^ rot(xl, xh, 8) ^ rot(xl, xh, 7)) >>> 0) + ((rot(yl, yh, 19) ^ rot(yh, yl, 29) ^ rot(yl, yh, 6)) >>> 0) + (w[i - 13]! >>> 0) + (w[i - 31]! >>> 0)
      w[i] = (rot(xh, xl, 1) ^ rot(xh, xl, 8) ^ (xh >>> 7)) + (rot(yh, yl, 19) ^ rot(yl, yh, 29) ^ (yh >>> 6)) + w[i - 14]! + w[i - 32]! + Math.floor(lo / 0x100000000)
      w[i + 1] = lo
    }
    v.set(h)
    for (let i = 0; i < 160; i += 2) {
      const ah = v[0]!, al = v[1]!, bh = v[2]!, bl = v[3]!, ch = v[4]!, cl = v[5]!
      const eh = v[8]!, el = v[9]!, fh = v[10]!, fl = v[11]!, gh = v[12]!, gl = v[13]!
      // T1 = h + Σ1(e) + Ch(e, f, g) + K + W, Σ1 = ROTR14 ^ ROTR18 ^ ROTR41
      const t1l = (v[15]! >>> 0) + ((rot(el, eh, 14) ^ rot(el, eh, 18) ^ rot(eh, el, 9)) >>> 0) + (((el & fl) ^ (~el & gl)) >>> 0) + (K512[i + 1]! >>> 0) + (w[i + 1]! >>> 0)
      const t1h = v[14]! + (rot(eh, el, 14) ^ rot(eh, el, 18) ^ rot(el, eh, 9)) + ((eh & fh) ^ (~eh & gh)) + K512[i]! + w[i]! + Math.floor(t1l / 0x100000000)
      // T2 = Σ0(a) + Maj(a, b, c), Σ0 = ROTR28 ^ ROTR34 ^ ROTR39
      const t2l = ((rot(al, ah, 28) ^ rot(ah, al, 2) ^ rot(ah, al, 7)) >>> 0) + (((al & bl) ^ (al & cl) ^ (bl & cl)) >>> 0)
      const t2h = (rot(ah, al, 28) ^ rot(al, ah, 2) ^ rot(al, ah, 7)) + ((ah & bh) ^ (ah & ch) ^ (bh & ch)) + Math.floor(t2l / 0x100000000)
      const dl = (v[7]! >>> 0) + (t1l >>> 0)
      v.copyWithin(2, 0, 14)
      v[8] = v[8]! + t1h + Math.floor(dl / 0x100000000)
      v[9] = dl
      const al2 = (t1l >>> 0) + (t2l >>> 0)
      v[0] = t1h + t2h + Math.floor(al2 / 0x100000000)
      v[1] = al2
    }
    for (let i = 0; i < 16; i += 2) {
      const lo = (h[i + 1]! >>> 0) + (v[i + 1]! >>> 0)
      h[i] = h[i]! + v[i]! + Math.floor(lo / 0x100000000)
      h[i + 1] = lo
    }
  }
  return output(h, bytes)
}

/** SHA-384 (FIPS 180-4 §6.5). */
export const sha384 = (data: Uint8Array): Uint8Array => sha512Words(data, H384, 48)

/** SHA-512 (FIPS 180-4 §6.4). */
export const sha512 = (data: Uint8Array): Uint8Array => sha512Words(data, H512, 64)
