import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { consumeRateLimit, isRateLimited, pruneRateLimits } from './rate-limit.server.ts'

setupTestDatabase()

const MINUTE = 60_000
const rules = [
  { name: 'ip-minute', limit: 5, windowMs: MINUTE },
  { name: 'ip-hour', limit: 20, windowMs: 60 * MINUTE },
]
const at = (iso: string) => new Date(iso)

describe('consumeRateLimit', () => {
  test('allows up to the limit in a window, then refuses with the time to wait', async () => {
    const now = at('2026-01-01T10:00:10Z')
    for (let i = 0; i < 5; i++)
      expect(await consumeRateLimit('1.2.3.4', rules, now)).toEqual({ allowed: true })
    expect(await consumeRateLimit('1.2.3.4', rules, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 50,
      rule: 'ip-minute',
    })
    // Another key is counted separately; the next minute starts afresh.
    expect(await consumeRateLimit('5.6.7.8', rules, now)).toEqual({ allowed: true })
    expect(await consumeRateLimit('1.2.3.4', rules, at('2026-01-01T10:01:00Z'))).toEqual({
      allowed: true,
    })
  })

  test('the hourly limit holds across minutes', async () => {
    for (let minute = 0; minute < 4; minute++) {
      for (let i = 0; i < 5; i++) {
        const now = new Date(at('2026-01-01T10:00:00Z').getTime() + minute * MINUTE)
        expect((await consumeRateLimit('9.9.9.9', rules, now)).allowed).toBe(true)
      }
    }
    const result = await consumeRateLimit('9.9.9.9', rules, at('2026-01-01T10:05:00Z'))
    expect(result).toMatchObject({ allowed: false, rule: 'ip-hour', retryAfterSeconds: 55 * 60 })
  })

  test('concurrent hits are each counted once (no lost updates)', async () => {
    const now = at('2026-01-01T11:00:00Z')
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        consumeRateLimit('burst', [{ name: 'b', limit: 10, windowMs: MINUTE }], now),
      ),
    )
    expect(results.filter((r) => r.allowed)).toHaveLength(10)
    const row = await prisma.rateLimitCounter.findFirstOrThrow({ where: { key: 'b:burst' } })
    expect(row.count).toBe(30)
  })

  test('expired windows are pruned', async () => {
    await consumeRateLimit('old', rules, at('2026-01-01T08:00:00Z'))
    await consumeRateLimit('new', rules, at('2026-01-01T10:00:00Z'))
    expect(await pruneRateLimits(at('2026-01-01T10:00:30Z'))).toBe(2)
    expect(await prisma.rateLimitCounter.count()).toBe(2)
  })
})

describe('isRateLimited', () => {
  test('reads the counter without counting; blocks once the limit is used up', async () => {
    const now = at('2026-01-01T10:00:10Z')
    const rule = [{ name: 'failures', limit: 2, windowMs: MINUTE }]
    expect(await isRateLimited('a@b.org', rule, now)).toEqual({ allowed: true })
    expect(await isRateLimited('a@b.org', rule, now)).toEqual({ allowed: true })
    await consumeRateLimit('a@b.org', rule, now)
    expect(await isRateLimited('a@b.org', rule, now)).toEqual({ allowed: true })
    await consumeRateLimit('a@b.org', rule, now)
    expect(await isRateLimited('a@b.org', rule, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 50,
      rule: 'failures',
    })
    expect(await isRateLimited('a@b.org', rule, at('2026-01-01T10:01:00Z'))).toEqual({
      allowed: true,
    })
  })
})
