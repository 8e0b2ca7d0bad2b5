/**
 * Jobs that used up their retries wait here for a person: the staff screen lists them (with the
 * stored Stripe event for failed event processing) and retries one on request, audited.
 * pg-boss keeps failed jobs in its job table for FAILED_JOB_RETENTION_DAYS (server/worker.ts),
 * and `retry` works on exactly those.
 */
import { recordAudit, type AuditActor } from '#app/modules/staff/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { QUEUE_NAMES, QUEUE_SCHEMA, prismaDb, queueClient, type QueueName } from './queue.server.ts'

export type FailedJob = {
  id: string
  queue: QueueName
  data: Record<string, unknown>
  attempts: number
  error: string | null
  createdAt: Date
  failedAt: Date | null
  /** For 'stripe-event' jobs: the stored event's type. */
  eventType: string | null
}

type FailedRow = {
  id: string
  name: string
  data: Record<string, unknown> | null
  retry_count: number
  output: { message?: unknown; value?: { message?: unknown } } | null
  created_on: Date
  completed_on: Date | null
  event_type: string | null
}

function errorText(output: FailedRow['output']): string | null {
  const message = output?.message ?? output?.value?.message
  return typeof message === 'string' ? message.slice(0, 500) : null
}

/** The failed jobs, newest first. */
export async function listFailedJobs(take = 200): Promise<FailedJob[]> {
  const rows = await prisma.$queryRawUnsafe<FailedRow[]>(
    `SELECT j.id::text AS id, j.name, j.data, j.retry_count, j.output, j.created_on, j.completed_on,
       e."type" AS event_type
     FROM ${QUEUE_SCHEMA}.job j
     LEFT JOIN "StripeEvent" e ON j.name = 'stripe-event' AND e."id" = j.data->>'eventId'
     WHERE j.state = 'failed' AND j.name = ANY($1::text[])
     ORDER BY j.completed_on DESC NULLS LAST, j.id
     LIMIT $2`,
    QUEUE_NAMES,
    take,
  )
  return rows.map((row) => ({
    id: row.id,
    queue: row.name as QueueName,
    data: row.data ?? {},
    attempts: row.retry_count + 1,
    error: errorText(row.output),
    createdAt: row.created_on,
    failedAt: row.completed_on,
    eventType: row.event_type,
  }))
}

export type RetryOutcome = { kind: 'retried' } | { kind: 'refused'; message: string }

/** Puts one failed job back in its queue for one more attempt, audited in the same transaction. */
export async function retryFailedJob(
  input: { queue: string; jobId: string },
  ctx: { actor: AuditActor; ipAddress: string | null },
): Promise<RetryOutcome> {
  if (!(QUEUE_NAMES as string[]).includes(input.queue)) {
    return { kind: 'refused', message: 'That queue does not exist.' }
  }
  return prisma.$transaction(async (tx) => {
    const result = (await queueClient().retry(input.queue, input.jobId, {
      db: prismaDb(tx),
    })) as unknown as { affected: number }
    if (!result.affected) {
      return { kind: 'refused', message: 'That job is no longer failed; reload the page.' }
    }
    await recordAudit(
      {
        actor: ctx.actor,
        action: 'job.retry',
        entityType: 'Job',
        entityId: input.jobId,
        before: { state: 'failed' },
        after: { state: 'retry', queue: input.queue },
        ipAddress: ctx.ipAddress,
      },
      tx,
    )
    return { kind: 'retried' }
  })
}
