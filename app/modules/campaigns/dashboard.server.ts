/**
 * A campaign's dashboard figures, each one SQL aggregate over Gift or Pledge (no rows are
 * loaded into memory). Amounts stay integers of minor units with their currency; "raised" is
 * net of refunds and lost disputes, like the campaign's totals row.
 */
import { Prisma } from '#app/generated/prisma/client.ts'
import type { GiftFrequency } from '#app/modules/ledger/frequency.ts'
import { prisma } from '#app/utils/db.server.ts'

export const DASHBOARD_DAYS = 60
const DAY_MS = 24 * 60 * 60 * 1000

// The counted rule of ledger/counted.ts, summed in the database; no GREATEST(0, …) is needed
// because Gift_money_check keeps refunds plus lost disputes within the amount.
const NET = Prisma.sql`("amountMinor" - "refundedMinor" - "disputeLostMinor")`

export type DailyPoint = { day: string; currency: string; raisedMinor: number; gifts: number }

/** UTC midnight `days - 1` days before `now`'s day: the first day of the chart. */
function firstDay(now: Date, days: number) {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return new Date(today - (days - 1) * DAY_MS)
}

const toNumber = (value: bigint | number | null) => Number(value ?? 0)

export async function campaignDashboard(campaignId: string, now = new Date()) {
  const since = firstDay(now, DASHBOARD_DAYS)
  const [daily, totals, byFrequency, byCurrency, conversion, sources] = await Promise.all([
    prisma.$queryRaw<Array<{ day: Date; currency: string; raised: bigint; gifts: bigint }>>`
      SELECT date_trunc('day', "receivedAt" AT TIME ZONE 'UTC') AS day, currency,
             sum(${NET}) AS raised, count(*) AS gifts
      FROM "Gift" WHERE "campaignId" = ${campaignId} AND "receivedAt" >= ${since}
      GROUP BY 1, 2 ORDER BY 1`,
    prisma.$queryRaw<Array<{ gifts: bigint; donors: bigint }>>`
      SELECT count(*) AS gifts, count(DISTINCT "donorId") AS donors
      FROM "Gift" WHERE "campaignId" = ${campaignId}`,
    prisma.$queryRaw<Array<{ frequency: string; currency: string; gifts: bigint; raised: bigint }>>`
      SELECT frequency::text AS frequency, currency, count(*) AS gifts, sum(${NET}) AS raised
      FROM "Gift" WHERE "campaignId" = ${campaignId} GROUP BY 1, 2 ORDER BY 1, 2`,
    prisma.$queryRaw<Array<{ currency: string; gifts: bigint; raised: bigint; gross: bigint }>>`
      SELECT currency, count(*) AS gifts, sum(${NET}) AS raised, sum("amountMinor") AS gross
      FROM "Gift" WHERE "campaignId" = ${campaignId} GROUP BY 1 ORDER BY 3 DESC`,
    prisma.$queryRaw<Array<{ started: bigint; completed: bigint }>>`
      SELECT count(*) AS started, count(*) FILTER (WHERE status = 'FULFILLED') AS completed
      FROM "Pledge" WHERE "campaignId" = ${campaignId}`,
    prisma.$queryRaw<Array<{ source: string | null; started: bigint; completed: bigint }>>`
      SELECT "utmSource" AS source, count(*) AS started,
             count(*) FILTER (WHERE status = 'FULFILLED') AS completed
      FROM "Pledge" WHERE "campaignId" = ${campaignId}
      GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST LIMIT 20`,
  ])

  const currencies = byCurrency.map((row) => row.currency)
  const dailyByKey = new Map(
    daily.map((row) => [`${row.day.toISOString().slice(0, 10)}|${row.currency}`, row]),
  )
  // Every day of the window, also days without gifts, for each currency the campaign took.
  const days: DailyPoint[] = []
  for (let index = 0; index < DASHBOARD_DAYS; index++) {
    const day = new Date(since.getTime() + index * DAY_MS).toISOString().slice(0, 10)
    for (const currency of currencies) {
      const row = dailyByKey.get(`${day}|${currency}`)
      days.push({
        day,
        currency,
        raisedMinor: toNumber(row?.raised ?? 0n),
        gifts: toNumber(row?.gifts ?? 0n),
      })
    }
  }
  const started = toNumber(conversion[0]?.started ?? 0n)
  const completed = toNumber(conversion[0]?.completed ?? 0n)
  return {
    since: since.toISOString().slice(0, 10),
    daily: days,
    gifts: toNumber(totals[0]?.gifts ?? 0n),
    donors: toNumber(totals[0]?.donors ?? 0n),
    byFrequency: byFrequency.map((row) => ({
      frequency: row.frequency as GiftFrequency,
      currency: row.currency,
      gifts: toNumber(row.gifts),
      raisedMinor: toNumber(row.raised),
    })),
    byCurrency: byCurrency.map((row) => ({
      currency: row.currency,
      gifts: toNumber(row.gifts),
      raisedMinor: toNumber(row.raised),
      /** Gross gifts divided by their count, rounded half up to a whole minor unit. */
      averageGiftMinor: Math.floor(
        (toNumber(row.gross) * 2 + toNumber(row.gifts)) / (2 * toNumber(row.gifts)),
      ),
    })),
    conversion: {
      started,
      completed,
      /** Whole percent, floored; null before any checkout started. */
      percent: started ? Math.floor((completed * 100) / started) : null,
    },
    sources: sources.map((row) => ({
      source: row.source,
      started: toNumber(row.started),
      completed: toNumber(row.completed),
    })),
  }
}

export type CampaignDashboard = Awaited<ReturnType<typeof campaignDashboard>>
