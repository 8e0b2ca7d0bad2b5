// Fulfilment on real PostgreSQL against the Stripe emulator: Checkout Sessions are made and paid
// on the emulator for pledges written by the factories, then fulfilled by session id, as the
// webhook handler and the thank-you page both do.
import { describe, expect, test } from 'vitest'
import { withAppEmulator } from '#tests/support/app-env.ts'
import type Stripe from 'stripe'

async function loadModules() {
  const [fulfilment, db, factories] = await Promise.all([
    import('./fulfilment.server.ts'),
    import('#app/utils/db.server.ts'),
    import('#tests/support/factories.ts'),
  ])
  return { fulfilment, prisma: db.prisma, factories }
}

const ctx = withAppEmulator(loadModules)

async function pendingPledge(frequency: 'ONE_TIME' | 'MONTHLY' | 'ANNUAL' = 'ONE_TIME') {
  return ctx.mod.factories.createPledge({
    status: 'PENDING',
    completedAt: null,
    frequency,
    amountMinor: 4_500,
  })
}

/** A Checkout Session for the pledge, shaped like the one the donate form creates. */
function sessionFor(
  pledge: { id: string },
  mode: 'payment' | 'subscription' = 'payment',
  interval: 'month' | 'year' = 'month',
) {
  const metadata = { pledge_id: pledge.id }
  return ctx.t.stripe.checkout.sessions.create({
    mode,
    client_reference_id: pledge.id,
    metadata,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: 'usd',
          unit_amount: 4_500,
          product_data: { name: 'Gift to a test appeal' },
          ...(mode === 'subscription' ? { recurring: { interval } } : {}),
        },
      },
    ],
    success_url: 'http://lantern.test/donate/thanks?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://lantern.test/',
    ...(mode === 'subscription'
      ? { subscription_data: { metadata } }
      : { customer_creation: 'always' as const, payment_intent_data: { metadata } }),
  })
}

async function paidSession(
  pledge: { id: string },
  mode: 'payment' | 'subscription' = 'payment',
  interval: 'month' | 'year' = 'month',
) {
  const session = await sessionFor(pledge, mode, interval)
  const paid = await ctx.t.payByCard(session, '4242424242424242')
  expect(paid.status).toBe(303)
  return session
}

function giftsOf(pledgeId: string) {
  return ctx.mod.prisma.gift.findMany({ where: { pledgeId }, orderBy: { receivedAt: 'asc' } })
}

describe('one-off gifts', () => {
  test('a paid session records one gift for the amount paid and fulfils the pledge', async () => {
    const pledge = await pendingPledge()
    const session = await paidSession(pledge)

    const result = await ctx.mod.fulfilment.fulfilCheckoutSession(session.id)

    expect(result?.status).toBe('FULFILLED')
    const gifts = await giftsOf(pledge.id)
    expect(gifts).toHaveLength(1)
    expect(gifts[0]).toMatchObject({
      amountMinor: 4_500,
      currency: 'USD',
      stripeCheckoutSessionId: session.id,
      status: 'SUCCEEDED',
    })
    expect(gifts[0]?.stripeChargeId).toMatch(/^ch_/)
    const stored = await ctx.mod.prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })
    expect(stored).toMatchObject({ status: 'FULFILLED', stripeCheckoutSessionId: session.id })
  })

  test('the name typed on the form becomes the donor’s name once the gift is paid', async () => {
    const donor = await ctx.mod.factories.createDonor({ name: 'Old Name' })
    const pledge = await ctx.mod.factories.createPledge({
      donorId: donor.id,
      donorName: 'New Name',
      status: 'PENDING',
      completedAt: null,
      amountMinor: 4_500,
    })
    const session = await sessionFor(pledge)
    await ctx.mod.fulfilment.fulfilCheckoutSession(session.id)
    const unpaid = await ctx.mod.prisma.donor.findUniqueOrThrow({ where: { id: donor.id } })
    expect(unpaid.name).toBe('Old Name')

    await ctx.t.payByCard(session, '4242424242424242')
    await ctx.mod.fulfilment.fulfilCheckoutSession(session.id)
    const paid = await ctx.mod.prisma.donor.findUniqueOrThrow({ where: { id: donor.id } })
    expect(paid.name).toBe('New Name')
  })

  test('the same session fulfilled again, and twice at once, still has one gift', async () => {
    const pledge = await pendingPledge()
    const session = await paidSession(pledge)

    await ctx.mod.fulfilment.fulfilCheckoutSession(session.id)
    await Promise.all([
      ctx.mod.fulfilment.fulfilCheckoutSession(session.id),
      ctx.mod.fulfilment.fulfilCheckoutSession(session.id),
    ])

    expect(await giftsOf(pledge.id)).toHaveLength(1)
    const totals = await ctx.mod.prisma.campaignTotals.findUniqueOrThrow({
      where: { campaignId: pledge.campaignId },
    })
    expect({ raised: Number(totals.raisedMinor), gifts: totals.giftCount }).toEqual({
      raised: 4_500,
      gifts: 1,
    })
  })

  test('two first fulfilments racing each other record one gift', async () => {
    const pledge = await pendingPledge()
    const session = await paidSession(pledge)

    await Promise.all(
      Array.from({ length: 5 }, () => ctx.mod.fulfilment.fulfilCheckoutSession(session.id)),
    )

    expect(await giftsOf(pledge.id)).toHaveLength(1)
  })

  test('an unpaid session records no gift and leaves the pledge pending', async () => {
    const pledge = await pendingPledge()
    const session = await sessionFor(pledge)

    const result = await ctx.mod.fulfilment.fulfilCheckoutSession(session.id)

    expect(result?.status).toBe('PENDING')
    expect(await giftsOf(pledge.id)).toHaveLength(0)
  })

  test('an expired session records no gift and abandons the pledge', async () => {
    const pledge = await pendingPledge()
    const session = await sessionFor(pledge)
    await ctx.t.control('clock/advance', { seconds: 25 * 60 * 60 })
    const expired = await ctx.t.stripe.checkout.sessions.retrieve(session.id)
    expect(expired.status).toBe('expired')

    const result = await ctx.mod.fulfilment.fulfilCheckoutSession(session.id)

    expect(result?.status).toBe('ABANDONED')
    expect(await giftsOf(pledge.id)).toHaveLength(0)
  })

  test('a session that is not a Lantern pledge records nothing', async () => {
    const session = await ctx.t.donationSession()
    await ctx.t.payByCard(session, '4242424242424242')

    expect(await ctx.mod.fulfilment.fulfilCheckoutSession(session.id)).toBeNull()
    expect(await ctx.mod.prisma.gift.count()).toBe(0)
  })
})

describe('monthly gifts', () => {
  async function invoicesOf(subscriptionId: string) {
    const invoices: Stripe.Invoice[] = []
    for await (const invoice of ctx.t.stripe.invoices.list({ subscription: subscriptionId }))
      invoices.push(invoice)
    return invoices
  }

  test('each paid invoice of the subscription is one gift, however often it is recorded', async () => {
    const pledge = await pendingPledge('MONTHLY')
    const session = await paidSession(pledge, 'subscription')
    const completed = await ctx.t.stripe.checkout.sessions.retrieve(session.id)
    const subscriptionId = String(completed.subscription)

    await ctx.mod.fulfilment.fulfilCheckoutSession(session.id)
    const [first] = await giftsOf(pledge.id)
    expect(first).toMatchObject({
      amountMinor: 4_500,
      frequency: 'MONTHLY',
      stripeSubscriptionId: subscriptionId,
    })
    expect(first?.stripeInvoiceId).toMatch(/^in_/)

    // The next month's renewal is paid on the emulator's clock; its invoice becomes a gift.
    await ctx.t.control('clock/advance', { seconds: 32 * 24 * 60 * 60 })
    const renewal = (await invoicesOf(subscriptionId)).find(
      (invoice) => invoice.id !== first?.stripeInvoiceId && invoice.status === 'paid',
    )
    expect(renewal).toBeDefined()
    const recorded = await ctx.mod.fulfilment.recordInvoicePayment(renewal!.id)
    await ctx.mod.fulfilment.recordInvoicePayment(renewal!.id)

    expect(recorded).not.toBeNull()
    const gifts = await giftsOf(pledge.id)
    expect(gifts.map((gift) => gift.stripeInvoiceId)).toEqual([first?.stripeInvoiceId, renewal!.id])
    const stored = await ctx.mod.prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })
    expect(stored).toMatchObject({ status: 'FULFILLED', stripeSubscriptionId: subscriptionId })
  })
  test('an annual gift is a yearly subscription: one gift now, none at the next month', async () => {
    const pledge = await pendingPledge('ANNUAL')
    const session = await paidSession(pledge, 'subscription', 'year')
    const completed = await ctx.t.stripe.checkout.sessions.retrieve(session.id)
    const subscriptionId = String(completed.subscription)

    await ctx.mod.fulfilment.fulfilCheckoutSession(session.id)
    expect(await giftsOf(pledge.id)).toEqual([
      expect.objectContaining({ frequency: 'ANNUAL', stripeSubscriptionId: subscriptionId }),
    ])
    const stored = await ctx.mod.prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })
    const days = (stored.currentPeriodEnd!.getTime() - Date.now()) / (24 * 60 * 60 * 1000)
    expect(days).toBeGreaterThan(360)
    expect(stored.status).toBe('FULFILLED')

    await ctx.t.control('clock/advance', { seconds: 32 * 24 * 60 * 60 })
    expect((await invoicesOf(subscriptionId)).filter((i) => i.status === 'paid')).toHaveLength(1)
  })
})
