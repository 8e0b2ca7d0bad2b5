/**
 * Batch jobs in PostgreSQL (the Job table): enqueued by staff or a schedule, claimed by any
 * app copy's worker with SKIP LOCKED under a lease, retried with backoff when they throw.
 * Handlers must be idempotent: a crash after the work but before the row is marked done runs
 * the job again. Handlers are registered by kind in job-handlers.server.ts.
 */
import { type Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'

export type JobHandler = (
  payload: Record<string, unknown>,
  job: { id: string },
) => Promise<Record<string, unknown> | void>

export const JOBS_CHANNEL = 'lantern_jobs'
const LEASE_SECONDS = 600
export const MAX_JOB_ATTEMPTS = 5

export async function enqueueJob(
  kind: string,
  payload: Record<string, unknown>,
  options: { createdById?: string | null; runAt?: Date } = {},
): Promise<{ id: string }> {
  const job = await prisma.job.create({
    data: {
      kind,
      payload: payload as Prisma.InputJsonValue,
      createdById: options.createdById ?? null,
      runAt: options.runAt ?? new Date(),
    },
    select: { id: true },
  })
  await prisma.$executeRaw`SELECT pg_notify(${JOBS_CHANNEL}, ${job.id})`
  return job
}

/** Claims one due job, or null. */
async function claimJob() {
  const [job] = await prisma.$queryRaw<
    Array<{ id: string; kind: string; payload: Record<string, unknown>; attempts: number }>
  >`
    UPDATE "Job" SET "status" = 'RUNNING', "attempts" = "attempts" + 1,
      "startedAt" = now(), "lockedUntil" = now() + make_interval(secs => ${LEASE_SECONDS})
    WHERE "id" = (
      SELECT "id" FROM "Job"
      WHERE ("status" = 'QUEUED' AND "runAt" <= now())
         OR ("status" = 'RUNNING' AND "lockedUntil" < now())
      ORDER BY "runAt" LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING "id", "kind", "payload", "attempts"`
  return job ?? null
}

/** Runs due jobs until none is left (or `limit` ran). Returns how many ran. */
export async function processDueJobs(
  handlers: Record<string, JobHandler>,
  limit = 10,
): Promise<number> {
  let ran = 0
  while (ran < limit) {
    const job = await claimJob()
    if (!job) break
    ran += 1
    const handler = handlers[job.kind]
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`)
      const result = (await handler(job.payload, { id: job.id })) ?? {}
      await prisma.job.update({
        where: { id: job.id },
        data: {
          status: 'SUCCEEDED',
          result: result as Prisma.InputJsonValue,
          finishedAt: new Date(),
          lockedUntil: null,
          lastError: null,
        },
      })
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      const final = job.attempts >= MAX_JOB_ATTEMPTS
      logger.warn({ err: error, jobId: job.id, kind: job.kind, final }, 'job failed')
      await prisma.job.update({
        where: { id: job.id },
        data: {
          status: final ? 'FAILED' : 'QUEUED',
          lastError: message.slice(0, 2000),
          lockedUntil: null,
          runAt: new Date(Date.now() + Math.min(2 ** job.attempts, 300) * 1000),
          ...(final ? { finishedAt: new Date() } : {}),
        },
      })
    }
  }
  return ran
}

/** Enqueues `kind` unless one is already queued or running (for schedules). */
export async function enqueueJobOnce(
  kind: string,
  payload: Record<string, unknown>,
): Promise<{ id: string } | null> {
  const active = await prisma.job.findFirst({
    where: { kind, status: { in: ['QUEUED', 'RUNNING'] } },
    select: { id: true },
  })
  if (active) return null
  return enqueueJob(kind, payload)
}
