// Giving end to end below the browser: the donate form's server side, the real Stripe SDK
// against the emulator, signed webhook deliveries into the inbox, and the ledger on real
// PostgreSQL. Deliveries are made by the test, so it can duplicate, shuffle and fail them.
import { afterAll, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest'
import { adminQuery } from '#tests/support/postgres.ts'
import { pointAppAtEmulator } from '#tests/support/app-env.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import {
  WEBHOOK_SECRET,
  startTestEmulator,
  type TestEmulator,
} from '../../stripe-emulator/test-support.ts'
import type Stripe from 'stripe'
import { formData } from '#tests/support/forms.ts'

let t: TestEmulator
let mod: Awaited<ReturnType<typeof loadModules>>

async function loadModules() {
  const [env, stripe, inbox, checkout, fulfilment, db, factories, worker] = await Promise.all([
    import('#app/utils/env.server.ts'),
    import('#app/utils/stripe.server.ts'),
    import('#app/modules/payments/stripe-inbox.server.ts'),
    import('#app/modules/donations/checkout.server.ts'),
    import('#app/modules/payments/fulfilment.server.ts'),
    import('#app/utils/db.server.ts'),
    import('#tests/support/factories.ts'),
    import('#server/worker.ts'),
  ])
  return { env, stripe, inbox, checkout, fulfilment, prisma: db.prisma, factories, worker }
}

beforeAll(async () => {
  t = await startTestEmulator()
  await pointAppAtEmulator(t.emulator.url)
  mod = await loadModules()
})

afterAll(async () => {
  await t.emulator.close()
})

setupTestDatabase()
beforeEach(() => t.control('reset', {}))

async function donate(
  campaign: { id: string },
  fields: Record<string, string> = {},
  clientIp = '203.0.113.9',
) {
  const row = await mod.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
  return mod.checkout.startDonation({
    campaign: row,
    formData: formData({
      amount: '4500',
      frequency: 'ONE_TIME',
      email: `d${Math.random()}@example.org`,
      ...fields,
    }),
    clientIp,
  })
}

async function donateAndPay(
  campaign: { id: string },
  fields: Record<string, string> = {},
  card = '4242424242424242',
) {
  const outcome = await donate(campaign, fields)
  if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`)
  const sessionId = new URL(outcome.url).pathname.split('/').pop() as string
  const paid = await t.post(outcome.url, {
    email: 'donor@example.org',
    name: 'Ada Donor',
    payment_method: 'card',
    card_number: card,
    card_expiry: '12 / 34',
    card_cvc: '123',
  })
  return { sessionId, paid, url: outcome.url }
}

async function allEvents(): Promise<Stripe.Event[]> {
  const events: Stripe.Event[] = []
  for await (const event of t.stripe.events.list({ limit: 100 })) events.push(event)
  return events.reverse()
}

function deliver(event: Stripe.Event, options: { timestamp?: number; secret?: string } = {}) {
  const payload = JSON.stringify(event)
  const header = t.stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
    timestamp: options.timestamp,
  })
  return mod.inbox.receiveStripeWebhook(payload, header)
}

/** Processes every stored, unprocessed event once, as its job would; returns how many worked. */
async function processStored(): Promise<number> {
  const events = await mod.prisma.stripeEvent.findMany({
    where: { processedAt: null },
    orderBy: { receivedAt: 'asc' },
    select: { id: true },
  })
  let processed = 0
  for (const { id } of events) {
    // A failure (an event about a gift not recorded yet) is retried in a later round.
    if (await mod.inbox.processStripeEvent(id).catch(() => null)) processed++
  }
  return processed
}

async function processAll() {
  for (let round = 0; round < 10; round++) if ((await processStored()) === 0) return
}

async function totalsOf(campaignId: string) {
  const totals = await mod.prisma.campaignTotals.findUnique({ where: { campaignId } })
  return {
    raised: Number(totals?.raisedMinor ?? 0),
    gifts: totals?.giftCount ?? 0,
    donors: totals?.donorCount ?? 0,
  }
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}

describe('webhook deliveries', () => {
  test('the same completed event delivered 20 times concurrently records one gift', async () => {
    const campaign = await mod.factories.createCampaign()
    const { sessionId, paid } = await donateAndPay(campaign)
    expect(paid.status).toBe(303)
    const completed = (await allEvents()).find((e) => e.type === 'checkout.session.completed')
    expect(completed).toBeDefined()

    const results = await Promise.all(
      Array.from({ length: 20 }, () => deliver(completed as Stripe.Event)),
    )
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(await mod.prisma.stripeEvent.count()).toBe(1)
    // One job for the one stored event, whichever of three workers takes it.
    const ran = await Promise.all([
      mod.worker.runQueuedJobs('stripe-event'),
      mod.worker.runQueuedJobs('stripe-event'),
      mod.worker.runQueuedJobs('stripe-event'),
    ])
    expect(ran.reduce((sum, n) => sum + n, 0)).toBe(1)

    const gifts = await mod.prisma.gift.findMany({ where: { campaignId: campaign.id } })
    expect(gifts).toHaveLength(1)
    expect(gifts[0]).toMatchObject({
      amountMinor: 4500,
      currency: 'USD',
      stripeCheckoutSessionId: sessionId,
    })
    expect(await totalsOf(campaign.id)).toEqual({ raised: 4500, gifts: 1, donors: 1 })
    const pledge = await mod.prisma.pledge.findFirstOrThrow({
      where: { stripeCheckoutSessionId: sessionId },
    })
    expect(pledge.status).toBe('FULFILLED')
  })

  test('every event of two gifts, shuffled and duplicated, gives the same final state', async () => {
    const campaign = await mod.factories.createCampaign({ currency: 'KRW', goalMinor: 10_000_000n })
    await donateAndPay(campaign, {
      amount: 'other',
      otherAmount: '50,000',
      email: 'same@example.org',
    })
    await donateAndPay(campaign, {
      amount: 'other',
      otherAmount: '30000',
      email: 'same@example.org',
      coverFee: 'on',
    })
    const events = await allEvents()
    expect(events.length).toBeGreaterThan(8)
    for (const event of shuffle([...events, ...events.slice(0, 4)]))
      expect((await deliver(event)).status).toBe(200)
    await processAll()

    const gifts = await mod.prisma.gift.findMany({
      where: { campaignId: campaign.id },
      orderBy: { amountMinor: 'asc' },
    })
    expect(gifts.map((g) => [g.amountMinor, g.feeCoverMinor])).toEqual([
      [31_120, 1_120],
      [50_000, 0],
    ])
    expect(gifts.every((g) => g.stripeFeeMinor !== null && g.netMinor !== null)).toBe(true)
    expect(await totalsOf(campaign.id)).toEqual({ raised: 81_120, gifts: 2, donors: 1 })
    expect(await mod.prisma.stripeEvent.count({ where: { processedAt: null } })).toBe(0)
  })

  test('the thank-you page may fulfil before any webhook: still one gift', async () => {
    const campaign = await mod.factories.createCampaign()
    const { sessionId } = await donateAndPay(campaign)
    const first = await mod.fulfilment.fulfilCheckoutSession(sessionId)
    expect(first).toMatchObject({ status: 'FULFILLED' })
    expect(await mod.prisma.gift.count()).toBe(1)
    for (const event of await allEvents()) await deliver(event)
    await processAll()
    expect(await mod.prisma.gift.count()).toBe(1)
    expect(await totalsOf(campaign.id)).toEqual({ raised: 4500, gifts: 1, donors: 1 })
  })

  test('a bad signature or a stale timestamp is refused with 400 and stores nothing', async () => {
    const campaign = await mod.factories.createCampaign()
    await donateAndPay(campaign)
    const completed = (await allEvents()).find(
      (e) => e.type === 'checkout.session.completed',
    ) as Stripe.Event
    expect(await deliver(completed, { secret: 'whsec_wrong' })).toMatchObject({ status: 400 })
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600
    expect(await deliver(completed, { timestamp: tenMinutesAgo })).toMatchObject({ status: 400 })
    const tampered = JSON.stringify(completed)
    const header = t.stripe.webhooks.generateTestHeaderString({
      payload: tampered,
      secret: WEBHOOK_SECRET,
    })
    expect(
      await mod.inbox.receiveStripeWebhook(tampered.replace('4500', '9999'), header),
    ).toMatchObject({ status: 400 })
    expect(await mod.inbox.receiveStripeWebhook(tampered, null)).toMatchObject({ status: 400 })
    expect(await mod.prisma.stripeEvent.count()).toBe(0)
  })

  test('while the database is down a delivery gets 503; the retry records the gift', async () => {
    const campaign = await mod.factories.createCampaign()
    await donateAndPay(campaign)
    const completed = (await allEvents()).find(
      (e) => e.type === 'checkout.session.completed',
    ) as Stripe.Event
    const admin = inject('databaseAdminUrl')
    const database = process.env.TEST_DATABASE_NAME as string
    await adminQuery(
      admin,
      `ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`,
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}'`,
    )
    try {
      expect(await deliver(completed)).toMatchObject({ status: 503 })
    } finally {
      await adminQuery(admin, `ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`)
    }
    expect(await deliver(completed)).toMatchObject({ status: 200 })
    await processAll()
    expect(await totalsOf(campaign.id)).toEqual({ raised: 4500, gifts: 1, donors: 1 })
  })
})

describe('refunds and disputes', () => {
  test('partial then full refund reduce the totals; a refund seen before its gift waits', async () => {
    const campaign = await mod.factories.createCampaign()
    const { sessionId } = await donateAndPay(campaign)
    const session = await t.stripe.checkout.sessions.retrieve(sessionId)
    await t.stripe.refunds.create({ payment_intent: String(session.payment_intent), amount: 1_000 })
    const events = await allEvents()
    const refundEvents = events.filter(
      (e) => e.type.startsWith('refund.') || e.type === 'charge.refunded',
    )
    expect(refundEvents.length).toBeGreaterThan(0)
    for (const event of refundEvents) await deliver(event)
    await processStored()
    expect(await mod.prisma.stripeEvent.count({ where: { processedAt: null } })).toBe(
      refundEvents.length,
    )

    for (const event of events) await deliver(event)
    await processAll()
    expect(await totalsOf(campaign.id)).toEqual({ raised: 3_500, gifts: 1, donors: 1 })
    expect(await mod.prisma.gift.findFirstOrThrow()).toMatchObject({
      refundedMinor: 1_000,
      status: 'PARTIALLY_REFUNDED',
    })

    await t.stripe.refunds.create({ payment_intent: String(session.payment_intent) })
    for (const event of await allEvents()) await deliver(event)
    await processAll()
    expect(await totalsOf(campaign.id)).toEqual({ raised: 0, gifts: 0, donors: 0 })
    expect(await mod.prisma.gift.findFirstOrThrow()).toMatchObject({
      refundedMinor: 4_500,
      status: 'REFUNDED',
    })
    expect(await mod.prisma.refund.count()).toBe(2)
  })
})

describe('monthly gifts', () => {
  test('the first month is counted once, and a renewal adds a second gift', async () => {
    const campaign = await mod.factories.createCampaign()
    const { sessionId } = await donateAndPay(campaign, { frequency: 'MONTHLY', amount: '2500' })
    for (const event of await allEvents()) await deliver(event)
    await processAll()
    expect(await totalsOf(campaign.id)).toEqual({ raised: 2_500, gifts: 1, donors: 1 })
    const pledge = await mod.prisma.pledge.findFirstOrThrow({
      where: { stripeCheckoutSessionId: sessionId },
    })
    expect(pledge).toMatchObject({
      status: 'FULFILLED',
      subscriptionStatus: 'active',
      frequency: 'MONTHLY',
    })
    expect(pledge.stripeSubscriptionId).toMatch(/^sub_/)

    await t.control('clock/advance', { seconds: 32 * 24 * 60 * 60 })
    for (const event of await allEvents()) await deliver(event)
    await processAll()
    const gifts = await mod.prisma.gift.findMany({ where: { pledgeId: pledge.id } })
    expect(gifts).toHaveLength(2)
    expect(new Set(gifts.map((g) => g.stripeInvoiceId)).size).toBe(2)
    expect(await totalsOf(campaign.id)).toEqual({ raised: 5_000, gifts: 2, donors: 1 })
  })
})

describe('delayed payments and lost webhooks', () => {
  test('SEPA: awaiting payment until it settles, then a gift; a failed debit records none', async () => {
    const campaign = await mod.factories.createCampaign({ currency: 'EUR' })
    const pay = async (iban: string) => {
      const outcome = await donate(campaign)
      if (outcome.kind !== 'redirect') throw new Error(outcome.kind)
      await t.post(outcome.url, {
        email: 's@example.org',
        name: 'S',
        payment_method: 'sepa_debit',
        iban,
      })
      return new URL(outcome.url).pathname.split('/').pop() as string
    }
    const good = await pay('DE89370400440532013000')
    const bad = await pay('DE62370400440532013001')
    for (const event of await allEvents()) await deliver(event)
    await processAll()
    const statusOf = async (id: string) =>
      (await mod.prisma.pledge.findFirstOrThrow({ where: { stripeCheckoutSessionId: id } })).status
    expect(await statusOf(good)).toBe('AWAITING_PAYMENT')
    expect(await statusOf(bad)).toBe('AWAITING_PAYMENT')
    expect(await mod.prisma.gift.count()).toBe(0)

    await t.control('clock/advance', { seconds: 600 })
    for (const event of await allEvents()) await deliver(event)
    await processAll()
    expect(await statusOf(good)).toBe('FULFILLED')
    expect(await statusOf(bad)).toBe('FAILED')
    expect(await totalsOf(campaign.id)).toEqual({ raised: 4500, gifts: 1, donors: 1 })
  })

  test('the sweeper re-fetches a session whose webhooks never came', async () => {
    const campaign = await mod.factories.createCampaign()
    const { sessionId } = await donateAndPay(campaign)
    const abandoned = await donate(campaign)
    expect(abandoned.kind).toBe('redirect')
    // No webhook is delivered at all. Later than every session's expiry, the sweep runs:
    const later = new Date(Date.now() + 2 * 60 * 60 * 1000)
    await t.control('clock/advance', { seconds: 2 * 60 * 60 })
    await mod.worker.sweepOnce(later)
    expect(await totalsOf(campaign.id)).toEqual({ raised: 4500, gifts: 1, donors: 1 })
    const statuses = await mod.prisma.pledge.findMany({
      select: { status: true, stripeCheckoutSessionId: true },
    })
    expect(statuses.find((p) => p.stripeCheckoutSessionId === sessionId)?.status).toBe('FULFILLED')
    expect(statuses.find((p) => p.stripeCheckoutSessionId !== sessionId)?.status).toBe('ABANDONED')
  })
})

describe('starting a gift', () => {
  test('bad input creates nothing; a closed appeal takes no gifts', async () => {
    const campaign = await mod.factories.createCampaign()
    const bad: Array<Record<string, string>> = [
      { amount: '0' },
      { amount: 'other', otherAmount: 'abc' },
      { email: 'nope' },
    ]
    for (const fields of bad) {
      expect((await donate(campaign, fields)).kind).toBe('invalid')
    }
    const closed = await mod.factories.createCampaign({ endsAt: new Date(Date.now() - 1000) })
    const outcome = await donate(closed)
    expect(outcome).toMatchObject({
      kind: 'invalid',
      result: { error: { '': ['This appeal is no longer taking gifts.'] } },
    })
    expect(await mod.prisma.pledge.count()).toBe(0)
    expect(await mod.prisma.donor.count()).toBe(0)
  })

  test('the pledge is written first, and the session carries its id everywhere', async () => {
    const campaign = await mod.factories.createCampaign()
    const outcome = await donate(campaign, {
      coverFee: 'on',
      message: 'Stay strong',
      showName: 'on',
      name: 'Min Lee',
    })
    expect(outcome.kind).toBe('redirect')
    const pledge = await mod.prisma.pledge.findFirstOrThrow({ include: { message: true } })
    expect(pledge).toMatchObject({
      amountMinor: 4500,
      feeCoverMinor: 165,
      totalMinor: 4665,
      status: 'PENDING',
    })
    expect(pledge.message).toMatchObject({
      displayName: 'Min',
      body: 'Stay strong',
      status: 'PENDING',
    })
    const session = await t.stripe.checkout.sessions.retrieve(
      pledge.stripeCheckoutSessionId as string,
      {
        expand: ['line_items', 'payment_intent'],
      },
    )
    expect(session).toMatchObject({
      mode: 'payment',
      submit_type: 'donate',
      client_reference_id: pledge.id,
      amount_total: 4665,
      metadata: { pledge_id: pledge.id },
    })
    expect(session.success_url).toContain('/donate/thanks?session_id={CHECKOUT_SESSION_ID}')
    expect(session.expires_at - session.created).toBeGreaterThanOrEqual(30 * 60)
    expect(session.expires_at - session.created).toBeLessThanOrEqual(60 * 60)
  })

  test('times are written and read in UTC, whatever the time zone of the server', async () => {
    // The columns are `timestamp` holding UTC; pg reads and writes timestamps in the process's
    // time zone unless told otherwise.
    const { getCampaignForGiving } = await import('#app/modules/campaigns/campaigns.server.ts')
    const zone = process.env.TZ
    try {
      for (const timeZone of ['America/Los_Angeles', 'Asia/Seoul']) {
        process.env.TZ = timeZone
        const now = new Date()
        const hour = 60 * 60 * 1000
        const open = await mod.factories.createCampaign({ endsAt: new Date(now.getTime() + hour) })
        const closed = await mod.factories.createCampaign({
          startsAt: new Date(now.getTime() - 3 * hour),
          endsAt: new Date(now.getTime() - hour),
        })
        const openRow = await getCampaignForGiving(open.slug)
        const closedRow = await getCampaignForGiving(closed.slug)
        expect(openRow?.endsAt?.toISOString()).toBe(open.endsAt?.toISOString())
        expect(closedRow?.startsAt?.toISOString()).toBe(closed.startsAt?.toISOString())
        expect(mod.checkout.isTakingGifts(openRow!, now)).toBe(true)
        expect(mod.checkout.isTakingGifts(closedRow!, now)).toBe(false)

        const outcome = await donate(open, { message: 'Stay strong', showName: 'on', name: 'Min' })
        expect(outcome.kind).toBe('redirect')
        const pledge = await mod.prisma.pledge.findFirstOrThrow({
          where: { campaignId: open.id },
          include: { message: true, donor: true },
        })
        for (const written of [pledge.createdAt, pledge.updatedAt, pledge.donor.createdAt]) {
          expect(Math.abs(written.getTime() - now.getTime())).toBeLessThan(60_000)
        }
        expect(pledge.message?.createdAt.toISOString()).toBe(pledge.createdAt.toISOString())
        const session = await t.stripe.checkout.sessions.retrieve(
          pledge.stripeCheckoutSessionId as string,
        )
        expect(pledge.checkoutExpiresAt?.getTime()).toBe(session.expires_at * 1000)
      }
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
  })

  test('rate limits: per address and per email', async () => {
    Object.assign(process.env, {
      CHECKOUT_LIMIT_IP_PER_MINUTE: '3',
      CHECKOUT_LIMIT_EMAIL_PER_HOUR: '2',
    })
    mod.env.reloadEnv()
    try {
      const campaign = await mod.factories.createCampaign()
      const kinds = []
      for (let i = 0; i < 4; i++) kinds.push((await donate(campaign, {}, '198.51.100.1')).kind)
      expect(kinds).toEqual(['redirect', 'redirect', 'redirect', 'rate-limited'])
      const byEmail = []
      for (let i = 0; i < 3; i++)
        byEmail.push((await donate(campaign, { email: 'one@example.org' }, `192.0.2.${i}`)).kind)
      expect(byEmail).toEqual(['redirect', 'redirect', 'rate-limited'])
      // A refused attempt is counted but writes no donor and no pledge.
      expect(await mod.prisma.pledge.count()).toBe(5)
      expect(await mod.prisma.donor.count()).toBe(4)
    } finally {
      Object.assign(process.env, {
        CHECKOUT_LIMIT_IP_PER_MINUTE: '1000',
        CHECKOUT_LIMIT_EMAIL_PER_HOUR: '1000',
      })
      mod.env.reloadEnv()
    }
  })
})
