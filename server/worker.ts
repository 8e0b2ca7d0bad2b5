/**
 * The background worker of every app copy: pg-boss (docs/decisions/0014-job-queue.md) with one
 * handler per queue, registered here, the one place that imports the domains they call. Domains
 * send jobs through app/modules/jobs/queue.server.ts, which imports none of them, so no folder
 * depends back on this one.
 *
 * pg-boss gives each job to one worker at a time (SKIP LOCKED), retries failures with backoff,
 * and puts back the job of a worker that died once the job's expiry has passed; its supervisor
 * runs every MAINTENANCE_INTERVAL_SECONDS in one copy at a time, so a short job (15–20 s expiry)
 * whose worker was killed is running again within 30 s.
 */
import PgBoss from 'pg-boss'
import { emailCampaignUpdateJob } from '#app/modules/campaigns/campaign-update-email.server.ts'
import { sendMonthlyGiftNotice } from '#app/modules/payments/monthly-notice-email.server.ts'
import { eraseDonorJob } from '#app/modules/donors/erasure.server.ts'
import { sendSignInLinkJob } from '#app/modules/donors/sign-in.server.ts'
import { syncRecentPayouts } from '#app/modules/finance/payouts.server.ts'
import { generateAnnualStatementsJob } from '#app/modules/finance/statements.server.ts'
import {
  QUEUES,
  QUEUE_NAMES,
  QUEUE_SCHEMA,
  queueClient,
  sendJob,
  sendReceiptJob,
  type QueueName,
} from '#app/modules/jobs/queue.server.ts'
import { sendDedicationEmail } from '#app/modules/donations/dedication-email.server.ts'
import { repairDonorCustomers } from '#app/modules/payments/customers.server.ts'
import { fulfilCheckoutSession } from '#app/modules/payments/fulfilment.server.ts'
import {
  processStripeEvent,
  requeueUnprocessedEvents,
} from '#app/modules/payments/stripe-inbox.server.ts'
import { sendGiftReceipt } from '#app/modules/receipts/receipt-email.server.ts'
import { giftsOwedReceipts } from '#app/modules/receipts/receipts.server.ts'
import { runRetention } from '#app/modules/retention/retention.server.ts'
import { sendGivingAlarmEmail } from '#app/modules/safety/alarm-email.server.ts'
import { pruneSpentChallenges } from '#app/modules/safety/challenge.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'

/** How often expired (abandoned) jobs are noticed; also archiving of finished jobs. */
export const MAINTENANCE_INTERVAL_SECONDS = 5
/** Failed jobs stay (and can be retried from the staff screen) this long. */
export const FAILED_JOB_RETENTION_DAYS = 90
/** How long stopping waits for running jobs. */
const STOP_GRACE_MS = 10_000
/** Sessions are re-fetched once this long past their expiry (Stripe expires them itself). */
const EXPIRY_GRACE_MS = 2 * 60 * 1000

export type Handler = (data: Record<string, unknown>, job: { id: string }) => Promise<unknown>

/** What runs each queue's jobs. */
const HANDLERS: Record<QueueName, Handler> = {
  'stripe-event': (data) => processStripeEvent(String(data.eventId)),
  'receipt-send': (data) => sendGiftReceipt(String(data.giftId)),
  'monthly-gift-notice': (data) => sendMonthlyGiftNotice(String(data.noticeId)),
  'campaign-update-email': (data) => emailCampaignUpdateJob(String(data.updateId)),
  'donor-sign-in-email': (data) => sendSignInLinkJob(String(data.email), new Date(), data.locale),
  'annual-statements': (data, job) => generateAnnualStatementsJob(data, job),
  'payouts-sync': (data) => syncRecentPayouts({ days: Number(data.days ?? 30) }),
  'maintenance-sweep': () => sweepOnce(),
  'stripe-customers-repair': () => repairDonorCustomers(),
  'dedication-email': (data) => sendDedicationEmail(String(data.pledgeId)),
  'donor-erasure': (data) => eraseDonorJob(String(data.donorId)),
  'giving-alarm-email': (data) => sendGivingAlarmEmail(data),
}

/** Jobs fetched at once per queue, run concurrently; and how often an idle queue is polled. */
const FETCH: Record<QueueName, { batchSize: number; pollingIntervalSeconds: number }> = {
  'stripe-event': { batchSize: 5, pollingIntervalSeconds: 0.5 },
  'receipt-send': { batchSize: 5, pollingIntervalSeconds: 1 },
  'monthly-gift-notice': { batchSize: 5, pollingIntervalSeconds: 1 },
  'campaign-update-email': { batchSize: 1, pollingIntervalSeconds: 2 },
  'donor-sign-in-email': { batchSize: 5, pollingIntervalSeconds: 1 },
  'annual-statements': { batchSize: 1, pollingIntervalSeconds: 2 },
  'payouts-sync': { batchSize: 1, pollingIntervalSeconds: 2 },
  'maintenance-sweep': { batchSize: 1, pollingIntervalSeconds: 5 },
  'stripe-customers-repair': { batchSize: 1, pollingIntervalSeconds: 5 },
  'dedication-email': { batchSize: 5, pollingIntervalSeconds: 1 },
  'donor-erasure': { batchSize: 1, pollingIntervalSeconds: 2 },
  'giving-alarm-email': { batchSize: 5, pollingIntervalSeconds: 1 },
}

/** Cron schedules (UTC). Payouts are synced on payout.* webhooks; this catches missed ones. */
const SCHEDULES: Array<{ queue: QueueName; cron: string; data: Record<string, unknown> }> = [
  { queue: 'maintenance-sweep', cron: '* * * * *', data: {} },
  { queue: 'payouts-sync', cron: '*/10 * * * *', data: { days: 30 } },
]

/**
 * The once-a-minute sweep: queue stored events that never got a job, queue receipts still owed
 * (gifts of the last 30 days; giftsOwedReceipts), re-fetch Checkout Sessions still open after
 * their expiry (a lost webhook loses no gift), prune spent giving challenges, and apply
 * retention (app/modules/retention/).
 */
export async function sweepOnce(now = new Date()) {
  const events = await requeueUnprocessedEvents(now)
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
  const owed = await giftsOwedReceipts(now)
  for (const giftId of owed) await sendReceiptJob(giftId)
  const retention = await runRetention(now)
  const challenges = await pruneSpentChallenges(now)
  const result = { events, sessions: stale.length, receipts: owed.length, retention, challenges }
  const retained = Object.values(retention).reduce((sum, count) => sum + count, 0)
  if (events + stale.length + owed.length + retained + challenges > 0)
    logger.info(result, 'maintenance sweep')
  return result
}

export type WorkerOptions = {
  databaseUrl: string
  /** Which queues this worker takes jobs from (all by default). */
  queues?: QueueName[]
  /** Run the cron schedules and the supervisor (default true). */
  supervise?: boolean
}

export type Worker = { boss: PgBoss; stop(): Promise<void> }

function errorMessage(error: unknown) {
  if (!(error instanceof Error)) return String(error)
  // Prisma's messages open with the call's file path and a code frame; the cause is the last
  // paragraph, and it must survive the staff screen's 500-character cut wherever we are installed.
  const message = error.name.startsWith('PrismaClient')
    ? (error.message
        .trim()
        .split(/\n\s*\n/)
        .at(-1) ?? error.message)
    : error.message
  return `${error.name}: ${message.trim()}`
}

type FetchedJob = PgBoss.Job<Record<string, unknown>> & Partial<PgBoss.JobWithMetadata>

/** Resolves with the handler's result, or rejects once the job's expiry has passed. */
function withinExpiry<T>(work: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the job ran past its expiry of ${seconds} s`)),
      seconds * 1000,
    )
  })
  // A handler that finishes after its expiry must not be an unhandled rejection later.
  work.catch(() => undefined)
  return Promise.race([work, expired]).finally(() => clearTimeout(timer))
}

/**
 * Runs fetched jobs concurrently; each one is completed (its result kept as the job's output)
 * or failed (pg-boss then retries it with backoff, or after the last attempt keeps it FAILED).
 * Never rejects: when the outcome cannot be written (the database is down), that is logged and
 * the job stays active until its expiry, when pg-boss's supervisor puts it back for a retry.
 */
async function runJobs(
  boss: PgBoss,
  queue: QueueName,
  jobs: FetchedJob[],
  handler: Handler = HANDLERS[queue],
) {
  const { expireInSeconds } = QUEUES[queue]
  await Promise.all(
    jobs.map(async (job) => {
      let result: unknown
      try {
        result = await withinExpiry(handler(job.data ?? {}, { id: job.id }), expireInSeconds)
      } catch (error) {
        // Most failures are retried (e.g. an event about a gift not recorded yet); the last one
        // needs a person and shows on /admin/jobs.
        const last = job.retryLimit !== undefined && (job.retryCount ?? 0) >= job.retryLimit
        logger[last ? 'error' : 'info'](
          { queue, jobId: job.id, attempt: (job.retryCount ?? 0) + 1, error: errorMessage(error) },
          last ? 'job failed for good; see /admin/jobs' : 'job failed; it will be retried',
        )
        await boss
          .fail(queue, job.id, { message: errorMessage(error) })
          .catch((failure: unknown) => outcomeNotWritten(queue, job.id, failure))
        return
      }
      await boss
        .complete(queue, job.id, result ?? undefined)
        .catch((failure: unknown) => outcomeNotWritten(queue, job.id, failure))
    }),
  )
}

function outcomeNotWritten(queue: QueueName, jobId: string, error: unknown) {
  logger.warn(
    { queue, jobId, error: errorMessage(error) },
    "could not record a job's outcome; it is retried after its expiry",
  )
}

type Consumer = { stop(timeoutMs: number): Promise<void> }

/**
 * Takes the jobs of one queue: fetch a batch, run it, fetch again at once; when the queue is
 * empty (or the database unreachable), wait `pollingIntervalSeconds`. pg-boss's own `work()` is
 * not used: in pg-boss 10 it sends the complete/fail after a handler without awaiting it, so a
 * database outage at that moment is an unhandled rejection that ends the whole process
 * (docs/decisions/0017-job-loop-survives-database-outages.md). This loop uses pg-boss's public
 * fetch/complete/fail and awaits all of them.
 */
export function consumeQueue(
  boss: PgBoss,
  queue: QueueName,
  options: { batchSize: number; pollingIntervalSeconds: number },
  handler: Handler = HANDLERS[queue],
): Consumer {
  let stopping = false
  let wake: (() => void) | undefined
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  const loop = (async () => {
    while (!stopping) {
      let jobs: FetchedJob[] = []
      try {
        jobs = (await boss.fetch<Record<string, unknown>>(queue, {
          batchSize: options.batchSize,
          includeMetadata: true,
        })) as FetchedJob[]
      } catch (error) {
        if (!stopping)
          logger.warn({ queue, error: errorMessage(error) }, 'could not fetch jobs; trying again')
      }
      if (jobs.length > 0) await runJobs(boss, queue, jobs, handler)
      else if (!stopping) await pause(options.pollingIntervalSeconds * 1000)
    }
  })()
  return {
    async stop(timeoutMs) {
      stopping = true
      wake?.()
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        loop,
        new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]).finally(() => clearTimeout(timer))
    },
  }
}

/**
 * Runs the jobs of `queue` that are due now, in this process, until none is left (or `limit`
 * ran). For tests and one-off scripts; app copies run startWorker. Returns how many ran.
 */
export async function runQueuedJobs(queue: QueueName, limit = 100): Promise<number> {
  const boss = queueClient()
  let ran = 0
  while (ran < limit) {
    // Without metadata: its interval column does not come back through Prisma's raw queries.
    const jobs = await boss.fetch<Record<string, unknown>>(queue, { batchSize: 1 })
    if (!jobs?.length) break
    ran += jobs.length
    await runJobs(boss, queue, jobs)
  }
  return ran
}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const supervise = options.supervise ?? true
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: QUEUE_SCHEMA,
    application_name: 'lantern-worker',
    max: 4,
    // Our migrations create pg-boss's schema (version 24); a newer pg-boss migrates it here.
    migrate: true,
    supervise,
    schedule: supervise,
    maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
    // Finished jobs leave the job table after an hour (kept in pg-boss's archive for 30 days).
    archiveCompletedAfterSeconds: 60 * 60,
    archiveFailedAfterSeconds: FAILED_JOB_RETENTION_DAYS * 24 * 60 * 60,
    deleteAfterDays: 30,
  })
  boss.on('error', (error) => logger.error({ err: error }, 'job queue error'))
  await boss.start()

  for (const queue of QUEUE_NAMES) {
    // Created by the migration; this covers a queue added since, with the same policy.
    await boss.createQueue(queue, { name: queue, policy: QUEUES[queue].policy })
  }
  if (supervise) {
    for (const { queue, cron, data } of SCHEDULES) {
      const settings = QUEUES[queue]
      await boss.schedule(queue, cron, data, {
        retryLimit: settings.retryLimit,
        retryDelay: settings.retryDelaySeconds,
        expireInSeconds: settings.expireInSeconds,
      })
    }
    // Idempotent repair of data from before one customer per donor; one queued at a time.
    await sendJob('stripe-customers-repair', {}, { singletonKey: 'boot' })
  }

  const consumers = (options.queues ?? QUEUE_NAMES).map((queue) =>
    consumeQueue(boss, queue, FETCH[queue]),
  )

  return {
    boss,
    async stop() {
      // Waits for running jobs (up to 10 s); a job cut off is retried after its expiry.
      await Promise.all(consumers.map((consumer) => consumer.stop(STOP_GRACE_MS)))
      await boss.stop({ graceful: true, wait: true, timeout: STOP_GRACE_MS })
    },
  }
}
