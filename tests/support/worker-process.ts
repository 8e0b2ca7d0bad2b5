/**
 * A background worker in a process of its own, for tests that kill it (SIGKILL) mid-job. It
 * takes jobs from the queues named in WORKER_QUEUES (comma separated) and prints "worker ready"
 * once it polls. Configuration comes from the environment, as for the app.
 */
import type { QueueName } from '#app/modules/jobs/queue.server.ts'

const { startWorker } = await import('#server/worker.ts')
await startWorker({
  databaseUrl: process.env.DATABASE_URL ?? '',
  queues: (process.env.WORKER_QUEUES ?? 'stripe-event').split(',') as QueueName[],
  supervise: false,
})
process.stdout.write('worker ready\n')
