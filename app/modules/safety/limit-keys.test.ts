import { describe, expect, test } from 'vitest'
import { addressLimitKey, emailLimitKey } from './limit-keys.ts'

describe('emailLimitKey', () => {
  test('folds case, a +tag and surrounding space into one mailbox', () => {
    expect(emailLimitKey(' Ada.Lovelace+gift1@Example.ORG ')).toBe('ada.lovelace@example.org')
    expect(emailLimitKey('ada.lovelace+x+y@example.org')).toBe('ada.lovelace@example.org')
  })

  test('drops the dots Gmail ignores, and treats googlemail.com as gmail.com', () => {
    expect(emailLimitKey('A.d.A+test@gmail.com')).toBe('ada@gmail.com')
    expect(emailLimitKey('a.da@googlemail.com')).toBe('ada@gmail.com')
  })

  test('keeps the dots of providers that deliver them to different people', () => {
    expect(emailLimitKey('a.da@example.org')).not.toBe(emailLimitKey('ada@example.org'))
  })

  test('four hundred plus-addressed variants are one key', () => {
    const keys = new Set(
      Array.from({ length: 400 }, (_, i) => emailLimitKey(`Card.Tester+${i}@GMAIL.com`)),
    )
    expect([...keys]).toEqual(['cardtester@gmail.com'])
  })
})

describe('addressLimitKey', () => {
  test('keeps IPv4 addresses as they are', () => {
    expect(addressLimitKey('203.0.113.9')).toBe('203.0.113.9')
    expect(addressLimitKey('203.0.113.10')).not.toBe(addressLimitKey('203.0.113.9'))
  })

  test('reads IPv4-mapped IPv6 as the IPv4 address it carries', () => {
    expect(addressLimitKey('::ffff:203.0.113.9')).toBe('203.0.113.9')
    expect(addressLimitKey('::FFFF:cb00:7109')).toBe('203.0.113.9')
  })

  test('groups IPv6 addresses by their /64, however they are written', () => {
    const key = addressLimitKey('2001:db8:85a3:12::1')
    expect(key).toBe('2001:db8:85a3:12::/64')
    expect(addressLimitKey('2001:0db8:85a3:0012:ffff:ffff:ffff:fffe')).toBe(key)
    expect(addressLimitKey('[2001:db8:85a3:12:a::b]')).toBe(key)
    expect(addressLimitKey('2001:db8:85a3:13::1')).not.toBe(key)
    expect(addressLimitKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(addressLimitKey('::1')).toBe('0:0:0:0::/64')
  })

  test('an IPv6 /64 with a dotted tail is still its /64', () => {
    expect(addressLimitKey('64:ff9b::203.0.113.9')).toBe('64:ff9b:0:0::/64')
  })
})
