/**
 * TOTP (RFC 6238 over RFC 4226): HMAC-SHA-1, 6 digits, 30-second steps, one step of clock drift
 * either way. Written on node:crypto so the second factor depends on no extra package.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const TOTP_STEP_MS = 30_000
export const TOTP_DIGITS = 6
const DRIFT_STEPS = 1
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function base32Encode(bytes: Uint8Array): string {
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31]
  return out
}

/** Decodes base32 (RFC 4648), ignoring case, spaces and padding as authenticator apps do. */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '')
  const out: number[] = []
  let bits = 0
  let value = 0
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char)
    if (index === -1) throw new Error('not base32')
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/** A new 160-bit secret (the length RFC 4226 recommends), in base32. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20))
}

export function totpStep(at: number = Date.now()): number {
  return Math.floor(at / TOTP_STEP_MS)
}

/** The HOTP value for one counter (RFC 4226 §5.3), for a raw key and any hash RFC 6238 names. */
export function hotp(
  key: Uint8Array,
  counter: number,
  digits = TOTP_DIGITS,
  algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1',
): string {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const digest = createHmac(algorithm, key).update(message).digest()
  const offset = (digest[digest.length - 1] as number) & 0x0f
  const binary = digest.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 10 ** digits).padStart(digits, '0')
}

export function totpCode(secretBase32: string, at: number = Date.now()): string {
  return hotp(base32Decode(secretBase32), totpStep(at))
}

/**
 * The step whose code matches `code` (current step first, then one either side), or null.
 * The caller must refuse a step that was already used (see two-factor.server.ts).
 */
export function matchTotp(
  secretBase32: string,
  code: string,
  at: number = Date.now(),
): number | null {
  const given = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(given)) return null
  const key = base32Decode(secretBase32)
  const current = totpStep(at)
  for (const step of [current, current - DRIFT_STEPS, current + DRIFT_STEPS]) {
    if (timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(given))) return step
  }
  return null
}

/** The otpauth:// URI authenticator apps read (Google's Key URI format). */
export function otpauthUri(secretBase32: string, accountEmail: string, issuer = 'Lantern'): string {
  const label = encodeURIComponent(`${issuer}:${accountEmail}`)
  const query = new URLSearchParams({
    secret: secretBase32,
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_STEP_MS / 1000),
  })
  return `otpauth://totp/${label}?${query.toString()}`
}
