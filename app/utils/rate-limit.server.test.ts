import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import {
  consumeRateLimits,
  consumeRateLimitsCounting,
  releaseRateLimits,
  pruneRateLimits,
  retryAfterSeconds,
  type RateLimit,
} from './rate-limit.server.ts'

setupTestDatabase()

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const at = (iso: string) => new Date(iso)
/** Five a minute and twenty an hour from one address. */
const perIp = (ip: string): RateLimit[] => [
  { key: `ip:${ip}`, limit: 5, windowMs: MINUTE },
  { key: `ip:${ip}`, limit: 20, windowMs: HOUR },
]
const ALLOWED = { allowed: true, retryAfterMs: 0 }

describe('consumeRateLimits', () => {
  test('allows up to the limit in a window, then refuses with the time to wait', async () => {
    const now = at('2026-01-01T10:00:10Z')
    for (let i = 0; i < 5; i++)
      expect(await consumeRateLimits(perIp('1.2.3.4'), now)).toEqual(ALLOWED)
    const refused = await consumeRateLimits(perIp('1.2.3.4'), now)
    expect(refused).toEqual({ allowed: false, retryAfterMs: 50_000, key: 'ip:1.2.3.4' })
    expect(retryAfterSeconds(refused)).toBe(50)
    // Another key is counted separately; the next minute starts afresh.
    expect(await consumeRateLimits(perIp('5.6.7.8'), now)).toEqual(ALLOWED)
    expect(await consumeRateLimits(perIp('1.2.3.4'), at('2026-01-01T10:01:00Z'))).toEqual(ALLOWED)
  })

  test('the hourly window holds across minutes, and a minute and an hour never share a counter', async () => {
    // 10:00:00 starts both a minute and an hour: they must still be counted apart.
    for (let minute = 0; minute < 4; minute++) {
      for (let i = 0; i < 5; i++) {
        const now = new Date(at('2026-01-01T10:00:00Z').getTime() + minute * MINUTE)
        expect((await consumeRateLimits(perIp('9.9.9.9'), now)).allowed).toBe(true)
      }
    }
    const result = await consumeRateLimits(perIp('9.9.9.9'), at('2026-01-01T10:05:00Z'))
    expect(result).toEqual({ allowed: false, retryAfterMs: 55 * MINUTE, key: 'ip:9.9.9.9' })
  })

  test('several keys move together; the longest wait wins; a refused hit still counts', async () => {
    const now = at('2026-01-01T10:30:00Z')
    const limits = (email: string): RateLimit[] => [
      { key: 'checkout:ip:7.7.7.7', limit: 3, windowMs: MINUTE },
      { key: `checkout:email:${email}`, limit: 2, windowMs: HOUR },
    ]
    expect(await consumeRateLimits(limits('a@example.org'), now)).toEqual(ALLOWED)
    expect(await consumeRateLimits(limits('a@example.org'), now)).toEqual(ALLOWED)
    // The email is used up (an hour to wait); the address has one hit left.
    expect(await consumeRateLimits(limits('a@example.org'), now)).toEqual({
      allowed: false,
      retryAfterMs: 30 * MINUTE,
      key: 'checkout:email:a@example.org',
    })
    // The address's third hit was counted with the refusal: the next one is over its limit.
    expect(await consumeRateLimits(limits('b@example.org'), now)).toEqual({
      allowed: false,
      retryAfterMs: MINUTE,
      key: 'checkout:ip:7.7.7.7',
    })
  })

  test('N parallel hits allow exactly the limit and each is counted once', async () => {
    const now = at('2026-01-01T11:00:00Z')
    const limits: RateLimit[] = [
      { key: 'burst', limit: 10, windowMs: MINUTE },
      { key: 'burst-hour', limit: 100, windowMs: HOUR },
    ]
    const results = await Promise.all(
      Array.from({ length: 30 }, () => consumeRateLimits(limits, now)),
    )
    expect(results.filter((r) => r.allowed)).toHaveLength(10)
    const rows = await prisma.rateLimitCounter.findMany({ orderBy: { key: 'asc' } })
    expect(rows.map((row) => row.count)).toEqual([30, 30])
  })

  test('expired windows are pruned', async () => {
    await consumeRateLimits(perIp('old'), at('2026-01-01T08:00:00Z'))
    await consumeRateLimits(perIp('new'), at('2026-01-01T10:00:00Z'))
    expect(await pruneRateLimits(at('2026-01-01T10:00:30Z'))).toBe(2)
    expect(await prisma.rateLimitCounter.count()).toBe(2)
  })
})

describe('releaseRateLimits', () => {
  test('gives back one hit of the current window, never below zero', async () => {
    const now = at('2026-01-01T10:00:10Z')
    const failures: RateLimit[] = [{ key: 'failures:a@b.org', limit: 2, windowMs: MINUTE }]
    expect(await consumeRateLimits(failures, now)).toEqual(ALLOWED)
    expect(await consumeRateLimits(failures, now)).toEqual(ALLOWED)
    await releaseRateLimits(failures, now)
    expect(await consumeRateLimits(failures, now)).toEqual(ALLOWED)
    expect(await consumeRateLimits(failures, now)).toEqual({
      allowed: false,
      retryAfterMs: 50_000,
      key: 'failures:a@b.org',
    })
    // A release in a later window does not touch this one, and nothing goes negative.
    await releaseRateLimits(failures, at('2026-01-01T10:01:00Z'))
    for (let i = 0; i < 5; i++) await releaseRateLimits(failures, now)
    expect(await prisma.rateLimitCounter.findMany({ select: { count: true } })).toEqual([
      { count: 0 },
    ])
  })

  test('parallel hits are counted once each, and the counts come back by key', async () => {
    const now = at('2026-01-01T10:00:10Z')
    const limits: RateLimit[] = [
      { key: 'pair', limit: 5, windowMs: MINUTE },
      { key: 'wide', limit: 1000, windowMs: MINUTE },
    ]
    const results = await Promise.all(
      Array.from({ length: 40 }, () => consumeRateLimitsCounting(limits, now)),
    )
    expect(results.filter((r) => r.verdict.allowed)).toHaveLength(5)
    const wideCounts = results.map((r) => r.counts.get('wide')).sort((a, b) => a! - b!)
    expect(wideCounts).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
  })
})
