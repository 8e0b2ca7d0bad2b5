import { describe, expect, test } from 'vitest'
import {
  base32Decode,
  base32Encode,
  generateTotpSecret,
  hotp,
  matchTotp,
  otpauthUri,
  totpCode,
  totpStep,
} from './totp.server.ts'

// RFC 6238 Appendix B: 8-digit codes for the ASCII seeds below at these Unix times.
const SEEDS = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
}
const VECTORS: Array<[number, string, string, string]> = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
]

describe('RFC 6238 test vectors', () => {
  test.each(VECTORS)('T = %i s', (seconds, sha1, sha256, sha512) => {
    const step = totpStep(seconds * 1000)
    expect(hotp(SEEDS.sha1, step, 8, 'sha1')).toBe(sha1)
    expect(hotp(SEEDS.sha256, step, 8, 'sha256')).toBe(sha256)
    expect(hotp(SEEDS.sha512, step, 8, 'sha512')).toBe(sha512)
  })

  test('the 6-digit SHA-1 code apps show is the last six digits of the same value', () => {
    const secret = base32Encode(SEEDS.sha1)
    expect(totpCode(secret, 59_000)).toBe('287082')
    expect(totpCode(secret, 1111111109_000)).toBe('081804')
  })
})

describe('base32', () => {
  test('RFC 4648 vectors, and decoding ignores case, spaces and padding', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI')
    expect(base32Encode(Buffer.from('f'))).toBe('MY')
    expect(base32Decode('mzxw 6ytb oi======').toString()).toBe('foobar')
    expect(base32Decode('JBSWY3DPEHPK3PXP').toString('hex')).toBe('48656c6c6f21deadbeef') // "Hello!" and 0xdeadbeef
    expect(() => base32Decode('NOT-BASE32!')).toThrow()
  })

  test('new secrets are 160 bits, different each time', () => {
    const secret = generateTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(base32Decode(secret)).toHaveLength(20)
    expect(generateTotpSecret()).not.toBe(secret)
  })
})

describe('matching a code', () => {
  const secret = 'JBSWY3DPEHPK3PXP'
  const now = 1_790_000_015_000
  const step = totpStep(now)

  test('accepts the current step and one step either side, and says which step matched', () => {
    expect(matchTotp(secret, totpCode(secret, now), now)).toBe(step)
    expect(matchTotp(secret, totpCode(secret, now - 30_000), now)).toBe(step - 1)
    expect(matchTotp(secret, totpCode(secret, now + 30_000), now)).toBe(step + 1)
  })

  test('refuses codes two steps away, wrong codes and malformed input', () => {
    expect(matchTotp(secret, totpCode(secret, now - 60_000), now)).toBeNull()
    expect(matchTotp(secret, totpCode(secret, now + 60_000), now)).toBeNull()
    const wrong = String((Number(totpCode(secret, now)) + 1) % 1_000_000).padStart(6, '0')
    expect(matchTotp(secret, wrong, now)).toBeNull()
    expect(matchTotp(secret, '12345', now)).toBeNull()
    expect(matchTotp(secret, 'abcdef', now)).toBeNull()
  })

  test('tolerates a space in the middle, as apps display codes', () => {
    const code = totpCode(secret, now)
    expect(matchTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(step)
  })
})

test('the otpauth URI names the issuer and account and carries the parameters', () => {
  const uri = new URL(otpauthUri('JBSWY3DPEHPK3PXP', 'ada@lantern.test'))
  expect(uri.protocol).toBe('otpauth:')
  expect(uri.host).toBe('totp')
  expect(decodeURIComponent(uri.pathname)).toBe('/Lantern:ada@lantern.test')
  expect(Object.fromEntries(uri.searchParams)).toEqual({
    secret: 'JBSWY3DPEHPK3PXP',
    issuer: 'Lantern',
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  })
})
