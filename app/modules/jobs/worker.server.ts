/**
 * Background work of every app copy, coordinated through PostgreSQL only:
 * - process stored Stripe events (woken at once by NOTIFY, and polled as a fallback);
 * - send receipts still owed, for gifts of the last 30 days (idempotent, so a crash never loses
 *   one; app/modules/receipts/receipts.server.ts, giftsOwedReceipts);
 * - re-fetch Checkout Sessions still open after their expiry (a lost webhook loses no gift);
 * - prune expired rate-limit counters;
 * - run batch jobs (the Job table), and schedule the payout sync.
 * Sweeps run under a PostgreSQL advisory lock, so one copy does them at a time.
 */
import pg from 'pg'
import { JOB_HANDLERS } from '#app/modules/jobs/job-handlers.server.ts'
import { JOBS_CHANNEL, enqueueJobOnce, processDueJobs } from '#app/modules/jobs/jobs.server.ts'
import { fulfilCheckoutSession } from '#app/modules/payments/fulfilment.server.ts'
import { EVENTS_CHANNEL, processDueEvents } from '#app/modules/payments/stripe-inbox.server.ts'
import { sendGiftReceipt } from '#app/modules/receipts/receipt-email.server.ts'
import { giftsOwedReceipts } from '#app/modules/receipts/receipts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { pruneRateLimits } from '#app/utils/rate-limit.server.ts'

const SWEEP_LOCK_KEY = 7_214_001
/** Sessions are re-fetched once this long past their expiry (Stripe expires them itself). */
const EXPIRY_GRACE_MS = 2 * 60 * 1000

export type WorkerOptions = { databaseUrl: string; pollMs?: number; sweepMs?: number }

/** Sends a gift's receipt exactly once, even with several workers racing for it. */
export async function deliverReceipt(giftId: string): Promise<void> {
  await prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`receipt:${giftId}`}))`
      await sendGiftReceipt(giftId)
    },
    { timeout: 60_000 },
  )
}

async function deliverReceipts(giftIds: string[]) {
  for (const giftId of new Set(giftIds)) {
    try {
      await deliverReceipt(giftId)
    } catch (error) {
      logger.warn({ err: error, giftId }, 'receipt not sent yet; the sweep will retry')
    }
  }
}

export async function sweepOnce(
  now = new Date(),
): Promise<{ sessions: number; receipts: number; pruned: number }> {
  const stale = await prisma.pledge.findMany({
    where: {
      status: 'PENDING',
      stripeCheckoutSessionId: { not: null },
      checkoutExpiresAt: { lt: new Date(now.getTime() - EXPIRY_GRACE_MS) },
    },
    select: { stripeCheckoutSessionId: true },
    take: 100,
  })
  for (const { stripeCheckoutSessionId } of stale) {
    try {
      await fulfilCheckoutSession(stripeCheckoutSessionId as string)
    } catch (error) {
      logger.warn(
        { err: error, sessionId: stripeCheckoutSessionId },
        'could not re-fetch an open session',
      )
    }
  }
  const unreceipted = await giftsOwedReceipts(now)
  await deliverReceipts(unreceipted)
  const pruned = await pruneRateLimits(now)
  // Payouts are synced on payout.* webhooks; this schedule catches any that were missed.
  if (JOB_HANDLERS['payouts-sync']) await enqueueJobOnce('payouts-sync', { days: 30 })
  return { sessions: stale.length, receipts: unreceipted.length, pruned }
}

export function startWorker(options: WorkerOptions): { stop(): Promise<void>; wake(): void } {
  const pollMs = options.pollMs ?? 1_000
  const sweepMs = options.sweepMs ?? 60_000
  let stopped = false
  let running: Promise<void> | null = null
  let wakeTimer: NodeJS.Timeout | null = null
  const listener = new pg.Client({ connectionString: options.databaseUrl })

  const drain = async () => {
    for (;;) {
      const batch = await processDueEvents(20)
      await deliverReceipts(batch.giftIds)
      if (batch.processed + batch.failed === 0 || stopped) return
    }
  }
  // Batch jobs run in a loop of their own, so a long one never holds up webhook processing.
  let jobsRunning: Promise<void> | null = null
  const runJobs = () => {
    if (stopped || jobsRunning) return
    jobsRunning = (async () => {
      while (!stopped && (await processDueJobs(JOB_HANDLERS, 1)) > 0) {
        // one job at a time, until none is due
      }
    })()
      .catch((error: unknown) => logger.error({ err: error }, 'job processing failed'))
      .finally(() => {
        jobsRunning = null
      })
  }
  const run = () => {
    if (stopped || running) return
    running = drain()
      .catch((error: unknown) => logger.error({ err: error }, 'event processing failed'))
      .finally(() => {
        running = null
      })
  }
  const wake = () => {
    if (wakeTimer) clearTimeout(wakeTimer)
    wakeTimer = setTimeout(() => {
      run()
      runJobs()
    }, 0)
  }
  const sweep = async () => {
    if (stopped) return
    try {
      const { rows } = await listener.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1) AS locked',
        [SWEEP_LOCK_KEY],
      )
      if (!rows[0]?.locked) return
      try {
        const result = await sweepOnce()
        if (result.sessions + result.receipts > 0) logger.info(result, 'maintenance sweep')
      } finally {
        await listener.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK_KEY])
      }
    } catch (error) {
      logger.error({ err: error }, 'maintenance sweep failed')
    }
  }

  listener
    .connect()
    .then(() => listener.query(`LISTEN ${EVENTS_CHANNEL}; LISTEN ${JOBS_CHANNEL}`))
    .then(() => listener.on('notification', wake))
    .catch((error: unknown) =>
      logger.error({ err: error }, 'could not LISTEN for Stripe events; polling only'),
    )
  listener.on('error', (error) => logger.warn({ err: error }, 'worker listener connection error'))
  const pollTimer = setInterval(() => {
    run()
    runJobs()
  }, pollMs)
  const sweepTimer = setInterval(() => void sweep(), sweepMs)
  pollTimer.unref()
  sweepTimer.unref()
  run()

  return {
    wake,
    async stop() {
      stopped = true
      clearInterval(pollTimer)
      clearInterval(sweepTimer)
      if (wakeTimer) clearTimeout(wakeTimer)
      await running
      await jobsRunning
      await listener.end().catch(() => undefined)
    },
  }
}
