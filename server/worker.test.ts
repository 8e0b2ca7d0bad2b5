// The worker's job loop on a database of its own that goes away and comes back mid-job: the
// process keeps running (no unhandled rejection), and jobs are taken again once it is back.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import PgBoss from 'pg-boss'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ensureDatabase } from './database.ts'
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.ts'
import { consumeQueue } from './worker.ts'

let tempDir: string
const unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-worker-outage-'))
  process.on('unhandledRejection', onUnhandled)
})
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled)
  await rm(tempDir, { recursive: true, force: true })
})

async function until(condition: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

test(
  'a job finishing while the database is down neither ends the process nor stops the loop',
  { timeout: 120_000 },
  async () => {
    const port = await freePort()
    const dataDir = path.join(tempDir, 'pg')
    let database: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir, port })
    await ensureDatabase(database.adminUrl, 'lantern')
    const boss = new PgBoss({ connectionString: database.urlFor('lantern'), schema: 'pgboss' })
    const queueErrors: unknown[] = []
    boss.on('error', (error) => queueErrors.push(error))
    await boss.start()
    await boss.createQueue('maintenance-sweep')

    const ran: string[] = []
    let release: (() => void) | undefined
    const consumer = consumeQueue(
      boss,
      'maintenance-sweep',
      { batchSize: 1, pollingIntervalSeconds: 0.2 },
      async (data) => {
        ran.push(String(data.n))
        if (data.n === 1) await new Promise<void>((resolve) => (release = resolve))
        return { n: data.n }
      },
    )
    try {
      await boss.send('maintenance-sweep', { n: 1 })
      await until(() => ran.includes('1'), 'the first job to start')

      // The database goes away while the job runs; the job then finishes and its outcome
      // cannot be written. pg-boss's own work() would leave that as an unhandled rejection.
      await database.stop()
      release?.()
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      expect(unhandled).toEqual([])

      database = await startEmbeddedPostgres({ dataDir, port })
      await until(() => {
        boss.send('maintenance-sweep', { n: 2 }).catch(() => undefined)
        return ran.includes('2')
      }, 'a job after the database is back')
      expect(unhandled).toEqual([])
    } finally {
      await consumer.stop(5_000)
      await boss.stop({ graceful: false, wait: true, timeout: 5_000 }).catch(() => undefined)
      await database.stop()
    }
  },
)
