/**
 * Fixed-window rate limits kept in PostgreSQL, so that every app copy behind a load balancer
 * counts against the same limit. All counters of one check move in a single upsert statement:
 * the row locks make concurrent hits count exactly once each.
 */
import { preparedQuery, prisma } from './db.server.ts'

export type RateLimitRule = { name: string; limit: number; windowMs: number }

export type RateLimitResult =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; rule: string }

export type RateLimitCheck = { key: string; rules: RateLimitRule[] }

/** One counter a check moves: a (key, rule) pair in the rule's current window. */
type Counter = { id: string; rule: RateLimitRule; windowStart: Date; expiresAt: Date }

function countersFor(checks: RateLimitCheck[], now: Date): Counter[] {
  return checks.flatMap(({ key, rules }) =>
    rules.map((rule) => {
      const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs)
      return {
        id: `${rule.name}:${key}`,
        rule,
        windowStart,
        expiresAt: new Date(windowStart.getTime() + rule.windowMs),
      }
    }),
  )
}

/**
 * The upsert that counts one hit for every (key, rule) pair of `checks`, for use as a CTE
 * (`sql` returns "key" and "count" of each counter) inside a statement whose other parameters
 * come first: its own are numbered from `firstParameter`. `limits` gives the same counters'
 * keys and limits as two arrays, for a statement that acts only when none is over its limit.
 * `verdict` reads the returned rows.
 */
export function rateLimitUpsert(checks: RateLimitCheck[], now: Date, firstParameter = 1) {
  const counters = countersFor(checks, now)
  const p = (offset: number) => `$${firstParameter + offset}`
  return {
    counters: counters.length,
    sql: `INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
      VALUES ${counters.map((_, i) => `(${p(3 * i)}, ${p(3 * i + 1)}, 1, ${p(3 * i + 2)})`).join(', ')}
      ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1
      RETURNING "key", "count"`,
    values: counters.flatMap((c) => [c.id, c.windowStart, c.expiresAt]),
    limits: {
      keys: counters.map((c) => c.id),
      limits: counters.map((c) => c.rule.limit),
    },
    verdict(rows: Array<{ key: string; count: number }>): RateLimitResult {
      let blocked: { retryAfterSeconds: number; rule: string } | null = null
      for (const counter of counters) {
        const count = rows.find((row) => row.key === counter.id)?.count ?? 0
        if (count <= counter.rule.limit) continue
        const retryAfterSeconds = Math.max(
          1,
          Math.ceil((counter.expiresAt.getTime() - now.getTime()) / 1000),
        )
        if (!blocked || retryAfterSeconds > blocked.retryAfterSeconds)
          blocked = { retryAfterSeconds, rule: counter.rule.name }
      }
      return blocked ? { allowed: false, ...blocked } : { allowed: true }
    },
  }
}

/** Counts one hit for every (key, rule) pair; refused if any counter is over its limit. */
export async function consumeRateLimits(
  checks: RateLimitCheck[],
  now = new Date(),
): Promise<RateLimitResult> {
  const upsert = rateLimitUpsert(checks, now)
  if (upsert.counters === 0) return { allowed: true }
  // One statement text per number of counters, so it is prepared once per connection.
  const rows = await preparedQuery<{ key: string; count: number }>(
    `rate-limit-consume-${upsert.counters}`,
    upsert.sql,
    upsert.values,
  )
  return upsert.verdict(rows)
}

export function consumeRateLimit(
  key: string,
  rules: RateLimitRule[],
  now = new Date(),
): Promise<RateLimitResult> {
  return consumeRateLimits([{ key, rules }], now)
}

/** Removes counters whose window has passed (run by the maintenance sweep). */
export async function pruneRateLimits(now = new Date()): Promise<number> {
  const { count } = await prisma.rateLimitCounter.deleteMany({ where: { expiresAt: { lt: now } } })
  return count
}

/**
 * Whether `key` has already used up any of `rules` in the current window, without counting a
 * hit. For limits on failures only (staff sign-in): check first, count with consumeRateLimit
 * after a failure, so that successful sign-ins never lock anybody out.
 */
export async function isRateLimited(
  key: string,
  rules: RateLimitRule[],
  now = new Date(),
): Promise<RateLimitResult> {
  let blocked: { retryAfterSeconds: number; rule: string } | null = null
  for (const rule of rules) {
    const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs)
    const row = await prisma.rateLimitCounter.findUnique({
      where: { key_windowStart: { key: `${rule.name}:${key}`, windowStart } },
      select: { count: true, expiresAt: true },
    })
    if (row && row.count >= rule.limit) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((row.expiresAt.getTime() - now.getTime()) / 1000),
      )
      if (!blocked || retryAfterSeconds > blocked.retryAfterSeconds)
        blocked = { retryAfterSeconds, rule: rule.name }
    }
  }
  return blocked ? { allowed: false, ...blocked } : { allowed: true }
}
