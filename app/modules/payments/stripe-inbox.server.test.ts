// The webhook intake on real PostgreSQL: deliveries are real events from the Stripe emulator,
// signed by the test (so it can forge, repeat and fail them), and handled by handleStripeEvent.
import { describe, expect, inject, test } from 'vitest'
import { withAppEmulator } from '#tests/support/app-env.ts'
import { adminQuery } from '#tests/support/postgres.ts'
import { WEBHOOK_SECRET } from '../../../stripe-emulator/test-support.ts'
import type Stripe from 'stripe'

async function loadModules() {
  const [inbox, db, factories] = await Promise.all([
    import('./stripe-inbox.server.ts'),
    import('#app/utils/db.server.ts'),
    import('#tests/support/factories.ts'),
  ])
  return { inbox, prisma: db.prisma, factories }
}

const ctx = withAppEmulator(loadModules)

/** Pays a Checkout Session for a new pledge and answers the emulator's completed event. */
async function completedEvent(): Promise<{ event: Stripe.Event; pledgeId: string }> {
  const pledge = await ctx.mod.factories.createPledge({ status: 'PENDING', completedAt: null })
  const session = await ctx.t.stripe.checkout.sessions.create({
    mode: 'payment',
    client_reference_id: pledge.id,
    metadata: { pledge_id: pledge.id },
    customer_creation: 'always',
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: 'usd',
          unit_amount: pledge.amountMinor,
          product_data: { name: 'Gift to a test appeal' },
        },
      },
    ],
    success_url: 'http://lantern.test/donate/thanks?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://lantern.test/',
  })
  expect((await ctx.t.payByCard(session, '4242424242424242')).status).toBe(303)
  for await (const event of ctx.t.stripe.events.list({ type: 'checkout.session.completed' })) {
    if ((event.data.object as { id: string }).id === session.id)
      return { event, pledgeId: pledge.id }
  }
  throw new Error(`no checkout.session.completed event for ${session.id}`)
}

function signed(payload: string, secret = WEBHOOK_SECRET) {
  return ctx.t.stripe.webhooks.generateTestHeaderString({ payload, secret })
}

describe('receiving a delivery', () => {
  test('a delivery whose signature does not match is refused with 400 and stores nothing', async () => {
    const { event } = await completedEvent()
    const payload = JSON.stringify(event)

    const wrongSecret = await ctx.mod.inbox.receiveStripeWebhook(
      payload,
      signed(payload, 'whsec_not_ours'),
    )
    const tampered = await ctx.mod.inbox.receiveStripeWebhook(
      payload.replace('"livemode":false', '"livemode":true'),
      signed(payload),
    )
    const unsigned = await ctx.mod.inbox.receiveStripeWebhook(payload, null)

    expect([wrongSecret.status, tampered.status, unsigned.status]).toEqual([400, 400, 400])
    expect(await ctx.mod.prisma.stripeEvent.count()).toBe(0)
  })

  test('a signed delivery is answered 200 once it is stored, as delivered', async () => {
    const { event } = await completedEvent()
    const payload = JSON.stringify(event)

    const result = await ctx.mod.inbox.receiveStripeWebhook(payload, signed(payload))

    expect(result).toMatchObject({ status: 200, eventId: event.id })
    const stored = await ctx.mod.prisma.stripeEvent.findUniqueOrThrow({ where: { id: event.id } })
    expect(stored).toMatchObject({
      type: 'checkout.session.completed',
      objectId: (event.data.object as { id: string }).id,
      livemode: false,
      processedAt: null,
    })
    expect(stored.payload).toEqual(JSON.parse(payload))
  })

  test('the same event delivered ten times at once is stored once', async () => {
    const { event } = await completedEvent()
    const payload = JSON.stringify(event)

    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        ctx.mod.inbox.receiveStripeWebhook(payload, signed(payload)),
      ),
    )

    expect(results.map((result) => result.status)).toEqual(Array(10).fill(200))
    expect(await ctx.mod.prisma.stripeEvent.count()).toBe(1)
  })

  test('a burst of deliveries is stored together: each event once, each with one job, and one the database refuses is turned away alone', async () => {
    const { event } = await completedEvent()
    const ids = Array.from({ length: 30 }, (_, index) => `${event.id}_burst${index}`)
    const payloads = ids.map((id) => JSON.stringify({ ...event, id }))
    // Valid JSON that PostgreSQL's jsonb refuses (a NUL character): Stripe would retry it.
    const refused = JSON.stringify({ ...event, id: `${event.id}_nul`, note: 'a\u0000b' })

    const results = await Promise.all(
      [...payloads, refused, ...payloads.slice(0, 5)].map((payload) =>
        ctx.mod.inbox.receiveStripeWebhook(payload, signed(payload)),
      ),
    )

    expect(results.map((result) => result.status)).toEqual([
      ...Array(30).fill(200),
      503,
      ...Array(5).fill(200),
    ])
    const stored = await ctx.mod.prisma.stripeEvent.findMany({ select: { id: true } })
    expect(stored.map((row) => row.id).sort()).toEqual([...ids].sort())
    const jobs = await ctx.mod.prisma.$queryRaw<Array<{ eventId: string; jobs: number }>>`
      SELECT data->>'eventId' AS "eventId", count(*)::int AS jobs FROM pgboss.job
      WHERE name = 'stripe-event' AND data->>'eventId' LIKE ${`${event.id}_%`}
      GROUP BY 1`
    expect(jobs.map((job) => job.eventId).sort()).toEqual([...ids].sort())
    expect(jobs.every((job) => job.jobs === 1)).toBe(true)
  })

  test('while the database refuses connections the answer is 503, and the retry is stored', async () => {
    const { event } = await completedEvent()
    const payload = JSON.stringify(event)
    const admin = inject('databaseAdminUrl')
    const database = process.env.TEST_DATABASE_NAME as string
    // What Stripe meets when PostgreSQL is down: open connections end, new ones are refused.
    await adminQuery(
      admin,
      `ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`,
    )
    let down: Awaited<ReturnType<typeof ctx.mod.inbox.receiveStripeWebhook>>
    try {
      down = await ctx.mod.inbox.receiveStripeWebhook(payload, signed(payload))
    } finally {
      await adminQuery(admin, `ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`)
    }
    expect(down.status).toBe(503)
    expect(await ctx.mod.prisma.stripeEvent.count()).toBe(0)

    const retry = await ctx.mod.inbox.receiveStripeWebhook(payload, signed(payload))

    expect(retry.status).toBe(200)
    expect(await ctx.mod.prisma.stripeEvent.count()).toBe(1)
  })
})

describe('handling a stored event', () => {
  test('a completed Checkout Session becomes one gift, however often it is handled', async () => {
    const { event, pledgeId } = await completedEvent()

    await ctx.mod.inbox.handleStripeEvent(event)
    await Promise.all([
      ctx.mod.inbox.handleStripeEvent(event),
      ctx.mod.inbox.handleStripeEvent(event),
    ])

    const gifts = await ctx.mod.prisma.gift.findMany({ where: { pledgeId } })
    expect(gifts).toHaveLength(1)
    expect(gifts[0]).toMatchObject({ amountMinor: 4_500, currency: 'USD' })
  })
})
