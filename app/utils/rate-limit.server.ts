/**
 * Fixed-window rate limits kept in PostgreSQL, so that every app copy behind a load balancer
 * counts against the same limit. One upsert per rule: the row lock makes concurrent hits count
 * exactly once each.
 */
import { prisma } from './db.server.ts'

export type RateLimitRule = { name: string; limit: number; windowMs: number }

export type RateLimitResult =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; rule: string }

export async function consumeRateLimit(
  key: string,
  rules: RateLimitRule[],
  now = new Date(),
): Promise<RateLimitResult> {
  let blocked: { retryAfterSeconds: number; rule: string } | null = null
  for (const rule of rules) {
    const windowStart = new Date(Math.floor(now.getTime() / rule.windowMs) * rule.windowMs)
    const expiresAt = new Date(windowStart.getTime() + rule.windowMs)
    const counterKey = `${rule.name}:${key}`
    const [row] = await prisma.$queryRaw<Array<{ count: number }>>`
      INSERT INTO "RateLimitCounter" ("key", "windowStart", "count", "expiresAt")
      VALUES (${counterKey}, ${windowStart}, 1, ${expiresAt})
      ON CONFLICT ("key", "windowStart") DO UPDATE SET "count" = "RateLimitCounter"."count" + 1
      RETURNING "count"`
    if ((row?.count ?? 0) > rule.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000))
      if (!blocked || retryAfterSeconds > blocked.retryAfterSeconds)
        blocked = { retryAfterSeconds, rule: rule.name }
    }
  }
  return blocked ? { allowed: false, ...blocked } : { allowed: true }
}

/** Removes counters whose window has passed (run by the maintenance job). */
export async function pruneRateLimits(now = new Date()): Promise<number> {
  const { count } = await prisma.rateLimitCounter.deleteMany({ where: { expiresAt: { lt: now } } })
  return count
}
