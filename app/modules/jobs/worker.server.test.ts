// The background worker end to end: webhook deliveries stored in the inbox, pg-boss jobs on
// real PostgreSQL, the Stripe emulator, and a real SMTP server (the test sink) for receipts.
// The environment is set before any import that reads it (the mailer, the database client).
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import type { AddressInfo } from 'node:net'
import type Stripe from 'stripe'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { pointAppAtEmulator, emulatorAppEnv } from '#tests/support/app-env.ts'
import { formData } from '#tests/support/forms.ts'
import { startSmtpSink } from '#tests/support/smtp-sink.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import {
  WEBHOOK_SECRET,
  startTestEmulator,
  type TestEmulator,
} from '../../../stripe-emulator/test-support.ts'

const sink = await startSmtpSink()
process.env.SMTP_URL = sink.url
let t: TestEmulator
const { prisma } = await import('#app/utils/db.server.ts')
const { closeMailer } = await import('#app/modules/email/mailer.server.ts')
const inbox = await import('#app/modules/payments/stripe-inbox.server.ts')
const { startDonation } = await import('#app/modules/donations/checkout.server.ts')
const { createCampaign } = await import('#tests/support/factories.ts')
const { queueClient } = await import('./queue.server.ts')
const { listFailedJobs, retryFailedJob } = await import('./failed-jobs.server.ts')
const { runQueuedJobs, startWorker } = await import('#server/worker.ts')

setupTestDatabase()

beforeAll(async () => {
  t = await startTestEmulator()
  await pointAppAtEmulator(t.emulator.url)
})
afterAll(async () => {
  closeMailer()
  await sink.close()
  await t.emulator.close()
})
beforeEach(async () => {
  await t.control('reset', {})
  // pg-boss's tables are outside the public schema the test database empties.
  await prisma.$executeRawUnsafe('DELETE FROM pgboss.job')
  await prisma.$executeRawUnsafe('DELETE FROM pgboss.archive')
})

const stops: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
})

async function worker(options: { supervise?: boolean } = {}) {
  const started = await startWorker({
    databaseUrl: process.env.DATABASE_URL as string,
    supervise: options.supervise ?? false,
  })
  stops.push(() => started.stop())
  return started
}

/** A donor gives 45.00 USD by card on the emulator; no webhook is delivered yet. */
async function donateAndPay(email: string) {
  const campaign = await createCampaign({ currency: 'USD' })
  const row = await prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
  const outcome = await startDonation({
    campaign: row,
    formData: formData({ amount: '4500', frequency: 'ONE_TIME', email }),
    clientIp: '203.0.113.9',
  })
  if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`)
  const paid = await t.post(outcome.url, {
    email,
    name: 'Ada Donor',
    payment_method: 'card',
    card_number: '4242424242424242',
    card_expiry: '12 / 34',
    card_cvc: '123',
  })
  expect(paid.status).toBe(303)
  return campaign
}

async function allEvents(): Promise<Stripe.Event[]> {
  const events: Stripe.Event[] = []
  for await (const event of t.stripe.events.list({ limit: 100 })) events.push(event)
  return events.reverse()
}

function deliver(event: Stripe.Event) {
  const payload = JSON.stringify(event)
  const header = t.stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })
  return inbox.receiveStripeWebhook(payload, header)
}

async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

describe('the worker', () => {
  test('stored events become one gift and one receipt email, however often Stripe delivers them', async () => {
    const email = `once-${Date.now()}@example.org`
    const campaign = await donateAndPay(email)
    const events = await allEvents()
    expect(events.map((e) => e.type)).toContain('checkout.session.completed')
    // Every event three times, concurrently, as Stripe may redeliver.
    const answers = await Promise.all([...events, ...events, ...events].map(deliver))
    expect(answers.every((answer) => answer.status === 200)).toBe(true)

    // Two app copies' workers on the one database.
    await worker()
    await worker()
    await sink.waitFor((mail) => mail.to.includes(email), 15_000)
    await eventually(
      async () => (await prisma.stripeEvent.count({ where: { processedAt: null } })) === 0,
      15_000,
    )
    // Redelivered after processing: acknowledged, nothing more happens.
    for (const event of events) expect((await deliver(event)).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 2_000))

    const gifts = await prisma.gift.findMany({ where: { campaignId: campaign.id } })
    expect(gifts).toHaveLength(1)
    expect(gifts[0]).toMatchObject({ amountMinor: 4500, currency: 'USD' })
    const receipts = await prisma.receipt.findMany({ where: { giftId: gifts[0]?.id } })
    expect(receipts).toHaveLength(1)
    expect(receipts[0]?.emailedAt).not.toBeNull()
    const mails = sink.messages().filter((mail) => mail.to.includes(email))
    expect(mails).toHaveLength(1)
    expect(mails[0]?.subject).toBe(`Your gift receipt ${receipts[0]?.number}`)
    expect(await prisma.stripeEvent.count()).toBe(events.length)
  })

  test('a stored event whose job was never queued is queued by the sweep', async () => {
    const email = `swept-${Date.now()}@example.org`
    await donateAndPay(email)
    for (const event of await allEvents()) expect((await deliver(event)).status).toBe(200)
    // As if every send after the store had failed.
    await prisma.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = 'stripe-event'`)
    expect(await runQueuedJobs('stripe-event')).toBe(0)

    const { sweepOnce } = await import('#server/worker.ts')
    const soon = new Date(Date.now() + 60_000)
    const swept = await sweepOnce(soon)
    expect(swept.events).toBe(await prisma.stripeEvent.count())
    expect(await runQueuedJobs('stripe-event')).toBe(swept.events)
    expect(await prisma.gift.count()).toBe(1)
    expect(await prisma.stripeEvent.count({ where: { processedAt: null } })).toBe(0)
    // Sweeping again queues nothing: every event has had its one job.
    expect((await sweepOnce(soon)).events).toBe(0)
  })
})

describe('failures', () => {
  test('a failing job is retried; after its last attempt staff see it and can retry it', async () => {
    // An event id that is not stored (yet): processing it fails.
    const eventId = `evt_missing_${Date.now()}`
    await queueClient().send('stripe-event', { eventId }, { retryLimit: 1, retryDelay: 0 })

    expect(await runQueuedJobs('stripe-event', 1)).toBe(1)
    const [retrying] = await prisma.$queryRaw<Array<{ state: string; retry_count: number }>>`
      SELECT state::text AS state, retry_count FROM pgboss.job WHERE data->>'eventId' = ${eventId}`
    expect(retrying).toEqual({ state: 'retry', retry_count: 0 })
    expect(await listFailedJobs()).toEqual([])

    expect(await runQueuedJobs('stripe-event', 1)).toBe(1)
    const failed = await listFailedJobs()
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({
      queue: 'stripe-event',
      data: { eventId },
      attempts: 2,
      eventType: null,
    })
    expect(failed[0]?.error).toMatch(/not found|No record/i)

    // The event arrives; finance retries the job from the staff screen.
    await prisma.stripeEvent.create({
      data: {
        id: eventId,
        type: 'customer.created',
        livemode: false,
        payload: { id: eventId, type: 'customer.created', data: { object: {} } },
      },
    })
    const ctx = { actor: { id: null, email: 'finance@lantern.test' }, ipAddress: '127.0.0.1' }
    const job = failed[0] as { id: string; queue: string }
    expect(await retryFailedJob({ queue: job.queue, jobId: job.id }, ctx)).toEqual({
      kind: 'retried',
    })
    expect(await retryFailedJob({ queue: job.queue, jobId: job.id }, ctx)).toMatchObject({
      kind: 'refused',
    })
    expect(
      await prisma.auditLog.findFirstOrThrow({ where: { action: 'job.retry' } }),
    ).toMatchObject({ entityType: 'Job', entityId: job.id, actorEmail: 'finance@lantern.test' })
    expect(await runQueuedJobs('stripe-event')).toBe(1)
    expect(await listFailedJobs()).toEqual([])
    expect(
      (await prisma.stripeEvent.findUniqueOrThrow({ where: { id: eventId } })).processedAt,
    ).not.toBeNull()
  })

  test('an unknown queue or a job that is not failed is refused, not an error', async () => {
    const ctx = { actor: { id: null, email: 'finance@lantern.test' }, ipAddress: null }
    expect(
      await retryFailedJob({ queue: 'nope', jobId: '00000000-0000-4000-8000-000000000000' }, ctx),
    ).toEqual({ kind: 'refused', message: 'That queue does not exist.' })
    expect(
      await retryFailedJob(
        { queue: 'receipt-send', jobId: '00000000-0000-4000-8000-000000000000' },
        ctx,
      ),
    ).toMatchObject({ kind: 'refused' })
  })
})

describe('a worker killed mid-job', () => {
  let blackHole: Server
  let child: ChildProcess | undefined
  beforeAll(async () => {
    // A "Stripe" that accepts connections and never answers: the child's job hangs there.
    blackHole = createServer(() => undefined)
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve))
  })
  afterAll(async () => {
    child?.kill('SIGKILL')
    await new Promise((resolve) => blackHole.close(resolve))
  })

  test('its job is finished by another worker within 30 s', { timeout: 90_000 }, async () => {
    const email = `killed-${Date.now()}@example.org`
    await donateAndPay(email)
    const completed = (await allEvents()).find((e) => e.type === 'checkout.session.completed')
    expect((await deliver(completed as Stripe.Event)).status).toBe(200)

    const port = (blackHole.address() as AddressInfo).port
    let output = ''
    child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/worker-process.ts'], {
      env: {
        ...process.env,
        ...emulatorAppEnv(`http://127.0.0.1:${port}`),
        WORKER_QUEUES: 'stripe-event',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const exited = new Promise((resolve) => child?.on('exit', resolve))

    // The child has taken the job and is waiting on "Stripe".
    await eventually(async () => {
      const [row] = await prisma.$queryRaw<Array<{ state: string }>>`
        SELECT state::text AS state FROM pgboss.job WHERE name = 'stripe-event'`
      return row?.state === 'active'
    }, 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; worker output:\n${output}`)
    })
    child.kill('SIGKILL')
    await exited
    const killedAt = Date.now()
    expect(await prisma.gift.count()).toBe(0)

    // Another app copy's worker, with its supervisor, talking to the real emulator.
    await worker({ supervise: true })
    await eventually(async () => (await prisma.gift.count()) === 1, 30_000)
    const recoveredMs = Date.now() - killedAt
    expect(recoveredMs).toBeLessThan(30_000)
    await sink.waitFor((mail) => mail.to.includes(email), 15_000)
    expect(sink.messages().filter((mail) => mail.to.includes(email))).toHaveLength(1)
  })
})
