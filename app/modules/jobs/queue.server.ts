/**
 * The job queue (pg-boss, docs/decisions/0014-job-queue.md): what other domains import to send
 * background work. It imports no domain, so any domain may use it without a folder loop; the
 * handlers are registered in one place, server/worker.ts.
 *
 * Sends go through Prisma: on the shared client, or on a transaction client so that a job
 * commits (or rolls back) with the rows it is about (`tx`). pg-boss never opens connections of
 * its own here; the worker has its own pool.
 */
import { createHash } from 'node:crypto'
import PgBoss from 'pg-boss'
import type { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'

export const QUEUE_SCHEMA = 'pgboss'

type QueueSettings = {
  /**
   * pg-boss's queue policy, set when the queue is created (migration 20261201210000_job_queue).
   * 'short': at most one queued job per singleton key (sending again while one waits is a no-op).
   */
  policy: 'standard' | 'short'
  /** Retries after the first attempt; then the job is FAILED and waits on the staff screen. */
  retryLimit: number
  retryDelaySeconds: number
  /**
   * How long a job may stay active. A worker that was killed leaves its job active; pg-boss's
   * supervisor (every MAINTENANCE_INTERVAL_SECONDS, server/worker.ts) puts it back for retry once
   * this has passed. A job still running past it may run twice, so handlers are idempotent.
   */
  expireInSeconds: number
}

/**
 * Every queue and its settings. Short jobs expire after 15–20 s, so a job whose worker died is
 * picked up again within 30 s. A statements batch runs as a chain of jobs of about 8 s each
 * (app/modules/finance/statements.server.ts), so it too resumes within 30 s. A payouts sync
 * (a few Stripe list pages) may take minutes against a slow API: it is taken up again after at
 * most 5 minutes, and it is idempotent.
 */
export const QUEUES = {
  /** Process one stored Stripe event (data: { eventId }). */
  'stripe-event': { policy: 'standard', retryLimit: 12, retryDelaySeconds: 2, expireInSeconds: 15 },
  /** Issue, correct and email one gift's receipt (data: { giftId }). */
  'receipt-send': { policy: 'short', retryLimit: 10, retryDelaySeconds: 30, expireInSeconds: 20 },
  /** Email one recurring donor one notice: a change confirmed, a failed renewal, the end. */
  'monthly-gift-notice': {
    policy: 'standard',
    retryLimit: 10,
    retryDelaySeconds: 30,
    expireInSeconds: 20,
  },
  /** Email a published campaign update to the donors who asked (data: { updateId }). */
  'campaign-update-email': {
    policy: 'standard',
    retryLimit: 3,
    retryDelaySeconds: 60,
    expireInSeconds: 600,
  },
  /** Email a donor a single-use sign-in link, if the address is a donor's (data: { email }). */
  'donor-sign-in-email': {
    policy: 'standard',
    retryLimit: 3,
    retryDelaySeconds: 10,
    expireInSeconds: 20,
  },
  /** Generate a year's donor statements (data: { year, requestedById }). */
  'annual-statements': {
    policy: 'standard',
    retryLimit: 4,
    retryDelaySeconds: 30,
    expireInSeconds: 20,
  },
  /** Bring Stripe payouts of the last `days` days into the ledger (data: { days }). */
  'payouts-sync': {
    policy: 'standard',
    retryLimit: 4,
    retryDelaySeconds: 30,
    expireInSeconds: 300,
  },
  /** Record every pledge's and gift's Stripe Customer; one customer per donor (at boot). */
  'stripe-customers-repair': {
    policy: 'short',
    retryLimit: 3,
    retryDelaySeconds: 60,
    expireInSeconds: 600,
  },
  /** Tell the person a paid gift was dedicated to, once (data: { pledgeId }). */
  'dedication-email': {
    policy: 'short',
    retryLimit: 10,
    retryDelaySeconds: 30,
    expireInSeconds: 20,
  },
  /**
   * Erase one donor (data: { donorId }): Stripe calls, then one transaction. Every step converges,
   * so a retry after a failure or a killed worker finishes the work (docs/decisions/0026).
   */
  'donor-erasure': {
    policy: 'standard',
    retryLimit: 10,
    retryDelaySeconds: 30,
    expireInSeconds: 300,
  },
  /** Tell every ADMIN that a giving alarm tripped (data: { scope, level, reason, at }). */
  'giving-alarm-email': {
    policy: 'standard',
    retryLimit: 5,
    retryDelaySeconds: 30,
    expireInSeconds: 60,
  },
  /** Once a minute: re-enqueue stored events, owed receipts, stale sessions, prune counters. */
  'maintenance-sweep': {
    policy: 'standard',
    retryLimit: 0,
    retryDelaySeconds: 0,
    expireInSeconds: 55,
  },
} satisfies Record<string, QueueSettings>

export type QueueName = keyof typeof QUEUES
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[]

type Executor = { $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> }

/** pg-boss's `db` option on a Prisma client or transaction client. */
export function prismaDb(client: Executor): PgBoss.Db {
  return {
    async executeSql(text, values = []) {
      // pg would serialize job data itself; Prisma's raw parameters take JSON as text.
      const params = values.map((value: unknown) =>
        value === undefined
          ? null
          : value !== null &&
              typeof value === 'object' &&
              !(value instanceof Date) &&
              !Array.isArray(value)
            ? JSON.stringify(value)
            : value,
      )
      const rows = await client.$queryRawUnsafe<unknown[]>(text, ...params)
      return { rows }
    },
  }
}

declare global {
  var __lanternQueue: PgBoss | undefined
}

/**
 * Never started: it only builds pg-boss's statements, which run on Prisma (or on the `db` passed
 * to a call, e.g. a transaction).
 */
export function queueClient(): PgBoss {
  return (globalThis.__lanternQueue ??= new PgBoss({
    db: prismaDb(prisma),
    schema: QUEUE_SCHEMA,
  }))
}

/**
 * A stable job id for work that is done once (processing Stripe event X). pg-boss keeps one row
 * per id, so sending it again while that job is queued, running, retrying or failed does nothing.
 */
export function jobIdFor(queue: QueueName, key: string): string {
  const hex = createHash('sha256').update(`${queue}:${key}`).digest('hex')
  // Formatted as an RFC 4122 UUID (version 5 style bits), which pg-boss's id column requires.
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`
}

export type SendJobOptions = {
  /** Work done once: the same key is one job, whatever its state (see jobIdFor). */
  onceKey?: string
  /** On 'short' queues: while a job with this key waits, sending another does nothing. */
  singletonKey?: string
  /** Sends in this transaction: the job exists only if the transaction commits. */
  tx?: Prisma.TransactionClient
  startAfterSeconds?: number
}

/** Queues a job. Returns its id, or null when a job with the same key is already there. */
export async function sendJob(
  queue: QueueName,
  data: Record<string, unknown>,
  options: SendJobOptions = {},
): Promise<string | null> {
  const settings: QueueSettings = QUEUES[queue]
  return queueClient().send(queue, data, {
    ...(options.onceKey ? { id: jobIdFor(queue, options.onceKey) } : {}),
    ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    ...(options.tx ? { db: prismaDb(options.tx) } : {}),
    ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
    retryLimit: settings.retryLimit,
    retryDelay: settings.retryDelaySeconds,
    retryBackoff: settings.retryDelaySeconds > 0,
    expireInSeconds: settings.expireInSeconds,
  })
}

/**
 * Queues many jobs of work done once (see jobIdFor) in one statement: a key that already has its
 * job is skipped. For bursts (webhook intake, the sweep), where one `send` each would cost a
 * statement each.
 */
export async function sendOnceJobs(
  queue: QueueName,
  jobs: Array<{ onceKey: string; data: Record<string, unknown> }>,
): Promise<void> {
  if (jobs.length === 0) return
  const settings: QueueSettings = QUEUES[queue]
  await queueClient().insert(
    jobs.map((job) => ({
      name: queue,
      id: jobIdFor(queue, job.onceKey),
      data: job.data,
      retryLimit: settings.retryLimit,
      retryDelay: settings.retryDelaySeconds,
      retryBackoff: settings.retryDelaySeconds > 0,
      expireInSeconds: settings.expireInSeconds,
    })),
  )
}

/**
 * Queues the receipt of one gift: issue or correct it, then email the valid receipt once. Sent
 * for every new gift and after every refund or dispute, so a later job may find nothing to do.
 */
export function sendReceiptJob(giftId: string, tx?: Prisma.TransactionClient) {
  return sendJob('receipt-send', { giftId }, { singletonKey: giftId, tx })
}

/** Queues the dedication email of a pledge whose first gift was paid; once per pledge. */
export function sendDedicationJob(pledgeId: string, tx?: Prisma.TransactionClient) {
  return sendJob('dedication-email', { pledgeId }, { onceKey: pledgeId, tx })
}

export type JobRun = {
  id: string
  data: Record<string, unknown>
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED'
  attempts: number
  lastError: string | null
  result: unknown
  createdAt: Date
  finishedAt: Date | null
}

const STATUS: Record<string, JobRun['status']> = {
  created: 'QUEUED',
  retry: 'QUEUED',
  active: 'RUNNING',
  completed: 'SUCCEEDED',
  cancelled: 'FAILED',
  failed: 'FAILED',
}

/**
 * The latest jobs of a queue and how they went, newest first: from pg-boss's job table and its
 * archive (finished jobs are kept 30 days; worker settings in server/worker.ts).
 */
export async function recentJobs(queue: QueueName, take = 10): Promise<JobRun[]> {
  const rows = await prisma.$queryRawUnsafe<
    Array<{
      id: string
      data: Record<string, unknown> | null
      state: string
      retry_count: number
      output: Record<string, unknown> | null
      created_on: Date
      completed_on: Date | null
    }>
  >(
    `SELECT id::text AS id, data, state::text AS state, retry_count, output, created_on, completed_on
     FROM (SELECT id, data, state, retry_count, output, created_on, completed_on
           FROM ${QUEUE_SCHEMA}.job WHERE name = $1
           UNION ALL
           SELECT id, data, state, retry_count, output, created_on, completed_on
           FROM ${QUEUE_SCHEMA}.archive WHERE name = $1) runs
     ORDER BY created_on DESC, id LIMIT $2`,
    queue,
    take,
  )
  return rows.map((row) => {
    const status = STATUS[row.state] ?? 'QUEUED'
    const message = row.output?.message
    return {
      id: row.id,
      data: row.data ?? {},
      status,
      attempts: row.retry_count + (row.state === 'created' ? 0 : 1),
      lastError: status !== 'SUCCEEDED' && typeof message === 'string' ? message : null,
      result: status === 'SUCCEEDED' ? row.output : null,
      createdAt: row.created_on,
      finishedAt: row.completed_on,
    }
  })
}
