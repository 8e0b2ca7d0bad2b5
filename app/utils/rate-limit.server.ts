/**
 * Fixed-window rate limits kept in PostgreSQL, so that every app copy behind a load balancer
 * counts against the same limit. All counters of one call move in a single upsert statement:
 * the row locks make concurrent hits count exactly once each.
 */
import { prisma } from './db.server.ts'

/** At most `limit` hits on `key` per window of `windowMs` (windows start on multiples of it). */
export type RateLimit = { key: string; limit: number; windowMs: number }

export type RateLimitVerdict =
  { allowed: true; retryAfterMs: 0 } | { allowed: false; retryAfterMs: number; key: string }

/** One counter row: a key in one window of one length. */
type Counter = { id: string; limit: RateLimit; windowStart: Date; expiresAt: Date }

function countersFor(limits: RateLimit[], now: Date): Counter[] {
  const counters = new Map<string, Counter>()
  for (const limit of limits) {
    // The window length is part of the row's key: a minute and an hour that start at the same
    // instant are different counters.
    const id = `${limit.key}@${limit.windowMs}`
    const windowStart = new Date(Math.floor(now.getTime() / limit.windowMs) * limit.windowMs)
    const known = counters.get(id)
    // The same counter twice in one call counts once, against the stricter limit.
    if (known && known.limit.limit <= limit.limit) continue
    counters.set(id, {
      id,
      limit,
      windowStart,
      expiresAt: new Date(windowStart.getTime() + limit.windowMs),
    })
  }
  // Rows are always locked in the same order, so two calls over the same keys cannot deadlock.
  return [...counters.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** Refused if any counter has gone past its limit; the wait is that of the longest one. */
function verdict(
  counters: Counter[],
  counts: Map<string, number>,
  now: Date,
  over: (count: number, limit: number) => boolean,
): RateLimitVerdict {
  let refused: { retryAfterMs: number; key: string } | null = null
  for (const counter of counters) {
    if (!over(counts.get(counter.id) ?? 0, counter.limit.limit)) continue
    const retryAfterMs = counter.expiresAt.getTime() - now.getTime()
    if (!refused || retryAfterMs > refused.retryAfterMs)
      refused = { retryAfterMs, key: counter.limit.key }
  }
  return refused ? { allowed: false, ...refused } : { allowed: true, retryAfterMs: 0 }
}

/** Counts one hit on every limit; refused if any of them is now over its limit. */
export async function consumeRateLimits(
  limits: RateLimit[],
  now = new Date(),
): Promise<RateLimitVerdict> {
  return (await consumeRateLimitsCounting(limits, now)).verdict
}

/**
 * As consumeRateLimits, and also answers each limit's count after this hit (by its key), for
 * callers that slow down rather than refuse past a number of hits.
 */
export async function consumeRateLimitsCounting(
  limits: RateLimit[],
  now = new Date(),
): Promise<{ verdict: RateLimitVerdict; counts: Map<string, number> }> {
  const counters = countersFor(limits, now)
  if (counters.length === 0)
    return { verdict: { allowed: true, retryAfterMs: 0 }, counts: new Map() }
  const byId = await hit(counters)
  const counts = new Map(counters.map((c) => [c.limit.key, byId.get(c.id) ?? 0]))
  return { verdict: verdict(counters, byId, now, (count, limit) => count > limit), counts }
}

/** Adds one hit to every counter in one statement; answers each counter's count after it. */
async function hit(counters: Counter[]): Promise<Map<string, number>> {
  // The columns are `timestamp` holding UTC, as Prisma writes them; PostgreSQL ignores the
  // "Z" of an ISO string cast to `timestamp`.
  const rows = await prisma.$queryRaw<Array<{ key: string; count: number }>>`
    INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
    SELECT hit."key", hit."windowStart", 1, hit."expiresAt"
    FROM unnest(
      ${counters.map((c) => c.id)}::text[],
      ${counters.map((c) => c.windowStart.toISOString())}::text[]::timestamp(3)[],
      ${counters.map((c) => c.expiresAt.toISOString())}::text[]::timestamp(3)[]
    ) AS hit ("key", "windowStart", "expiresAt")
    ORDER BY hit."key"
    ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1
    RETURNING "key", "count"`
  return new Map(rows.map((row) => [row.key, Number(row.count)]))
}

/**
 * Counts one hit on each key in the current window of `windowMs` and answers the counts: for
 * figures that are compared with thresholds elsewhere (the giving guard), not refused here.
 */
export async function countHits(
  keys: string[],
  windowMs: number,
  now = new Date(),
): Promise<Map<string, number>> {
  const counters = countersFor(
    keys.map((key) => ({ key, limit: Number.MAX_SAFE_INTEGER, windowMs })),
    now,
  )
  if (counters.length === 0) return new Map()
  const counts = await hit(counters)
  return new Map(counters.map((c) => [c.limit.key, counts.get(c.id) ?? 0]))
}

/** The counts of the current window of `windowMs`, without counting a hit. */
export async function readHits(
  keys: string[],
  windowMs: number,
  now = new Date(),
): Promise<Map<string, number>> {
  const counters = countersFor(
    keys.map((key) => ({ key, limit: Number.MAX_SAFE_INTEGER, windowMs })),
    now,
  )
  if (counters.length === 0) return new Map()
  const rows = await prisma.rateLimitCounter.findMany({
    where: { OR: counters.map((c) => ({ key: c.id, windowStart: c.windowStart })) },
    select: { key: true, count: true },
  })
  const counts = new Map(rows.map((row) => [row.key, row.count]))
  return new Map(counters.map((c) => [c.limit.key, counts.get(c.id) ?? 0]))
}

/**
 * Gives back one hit counted by consumeRateLimits in the same window, for limits on failures
 * only (staff sign-in, second factor): the attempt is counted before it is checked, so that
 * parallel attempts cannot all pass a limit, and a success returns its hit afterwards.
 * Never goes below zero.
 */
export async function releaseRateLimits(limits: RateLimit[], now = new Date()): Promise<void> {
  const counters = countersFor(limits, now)
  if (counters.length === 0) return
  await prisma.$executeRaw`
    UPDATE "RateLimitCounter" AS counter SET "count" = GREATEST(counter."count" - 1, 0)
    FROM unnest(
      ${counters.map((c) => c.id)}::text[],
      ${counters.map((c) => c.windowStart.toISOString())}::text[]::timestamp(3)[]
    ) AS hit ("key", "windowStart")
    WHERE counter."key" = hit."key" AND counter."windowStart" = hit."windowStart"`
}

/** Whole seconds to wait, for a Retry-After header or a message (at least one). */
export function retryAfterSeconds(verdict: { retryAfterMs: number }): number {
  return Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))
}

/**
 * Removes counters whose window has passed, at most `limit` of them (retention runs it in
 * batches from the maintenance sweep).
 */
export async function pruneRateLimits(now = new Date(), limit = 10_000): Promise<number> {
  return prisma.$executeRaw`
    DELETE FROM "RateLimitCounter" WHERE ctid IN (
      SELECT ctid FROM "RateLimitCounter" WHERE "expiresAt" < ${now} LIMIT ${limit})`
}
