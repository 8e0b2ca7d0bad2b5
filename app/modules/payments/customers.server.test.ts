// One Stripe Customer per donor, on real PostgreSQL against the Stripe emulator: a returning
// donor's Checkout reuses their customer, and the repair job mends donors from before that,
// who have a customer per gift, so that their billing portal shows their subscription.
import { describe, expect, test } from 'vitest'
import { withAppEmulator } from '#tests/support/app-env.ts'
import { formData } from '#tests/support/forms.ts'

async function loadModules() {
  const [customers, fulfilment, checkout, manage, db, factories] = await Promise.all([
    import('./customers.server.ts'),
    import('./fulfilment.server.ts'),
    import('#app/modules/donations/checkout.server.ts'),
    import('#app/modules/donations/manage-gift.server.ts'),
    import('#app/utils/db.server.ts'),
    import('#tests/support/factories.ts'),
  ])
  return { customers, fulfilment, checkout, manage, prisma: db.prisma, factories }
}

const ctx = withAppEmulator(loadModules)
const EMAIL = 'returning@example.org'

/** Pays a Checkout Session on the emulator's hosted page, then fulfils it as the webhook does. */
async function payAndFulfil(sessionUrl: string, sessionId: string) {
  const paid = await ctx.t.post(sessionUrl, {
    email: EMAIL,
    name: 'Ada Donor',
    payment_method: 'card',
    card_number: '4242424242424242',
    card_expiry: '12 / 34',
    card_cvc: '123',
  })
  expect(paid.status).toBe(303)
  await ctx.mod.fulfilment.fulfilCheckoutSession(sessionId)
}

/** What the donor sees in the billing portal opened for a pledge. */
async function portalOf(pledgeId: string) {
  const url = await ctx.mod.manage.openBillingPortal(pledgeId)
  if (!url) throw new Error('no portal for this pledge')
  return (await fetch(url)).text()
}

/** A gift made the way Checkout was used before: a new customer for every session. */
async function legacyGift(donorId: string, campaignId: string, mode: 'payment' | 'subscription') {
  const pledge = await ctx.mod.factories.createPledge({
    donorId,
    campaignId,
    status: 'PENDING',
    completedAt: null,
    frequency: mode === 'payment' ? 'ONE_TIME' : 'MONTHLY',
  })
  const metadata = { pledge_id: pledge.id }
  const session = await ctx.t.stripe.checkout.sessions.create({
    mode,
    client_reference_id: pledge.id,
    customer_email: EMAIL,
    metadata,
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: 'usd',
          unit_amount: 4_500,
          product_data: { name: 'Gift to a test appeal' },
          ...(mode === 'subscription' ? { recurring: { interval: 'month' as const } } : {}),
        },
      },
    ],
    success_url: 'http://lantern.test/donate/thanks?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://lantern.test/',
    ...(mode === 'subscription'
      ? { subscription_data: { metadata } }
      : { customer_creation: 'always' as const, payment_intent_data: { metadata } }),
  })
  await payAndFulfil(String(session.url), session.id)
  const completed = await ctx.t.stripe.checkout.sessions.retrieve(session.id)
  return { pledgeId: pledge.id, customerId: String(completed.customer) }
}

describe('one Stripe Customer per donor', () => {
  test('a donor who gave once and then monthly sees the monthly gift in the billing portal', async () => {
    const campaign = await ctx.mod.factories.createCampaign({ currency: 'USD' })
    const row = await ctx.mod.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
    const give = async (frequency: 'ONE_TIME' | 'MONTHLY') => {
      const outcome = await ctx.mod.checkout.startDonation({
        campaign: row,
        formData: formData({ amount: '4500', frequency, email: EMAIL }),
        clientIp: '203.0.113.9',
      })
      if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`)
      const pledge = await ctx.mod.prisma.pledge.findFirstOrThrow({
        where: { frequency },
        orderBy: { createdAt: 'desc' },
      })
      await payAndFulfil(outcome.url, pledge.stripeCheckoutSessionId!)
      return ctx.t.stripe.checkout.sessions.retrieve(pledge.stripeCheckoutSessionId!)
    }
    const once = await give('ONE_TIME')
    const monthly = await give('MONTHLY')

    const donor = await ctx.mod.prisma.donor.findUniqueOrThrow({ where: { email: EMAIL } })
    expect(donor.stripeCustomerId).toMatch(/^cus_/)
    expect([once.customer, monthly.customer]).toEqual([
      donor.stripeCustomerId,
      donor.stripeCustomerId,
    ])
    expect((await ctx.t.stripe.customers.list({ email: EMAIL })).data).toHaveLength(1)
    const gifts = await ctx.mod.prisma.gift.findMany({ select: { stripeCustomerId: true } })
    expect(gifts).toEqual([
      { stripeCustomerId: donor.stripeCustomerId },
      { stripeCustomerId: donor.stripeCustomerId },
    ])

    const pledge = await ctx.mod.prisma.pledge.findFirstOrThrow({ where: { frequency: 'MONTHLY' } })
    const page = await portalOf(pledge.id)
    expect(page).toContain('$45.00 per month')
    expect(page).not.toContain('You have no active recurring gifts')
  })

  test('the repair job gives donors with several customers the one billed for their subscription', async () => {
    const donor = await ctx.mod.factories.createDonor({ email: EMAIL })
    const campaign = await ctx.mod.factories.createCampaign({ currency: 'USD' })
    const once = await legacyGift(donor.id, campaign.id, 'payment')
    const monthly = await legacyGift(donor.id, campaign.id, 'subscription')
    expect(once.customerId).not.toBe(monthly.customerId)
    // Data as it was before customers were recorded per pledge and gift: the first one only.
    await ctx.mod.prisma.pledge.updateMany({ data: { stripeCustomerId: null } })
    await ctx.mod.prisma.gift.updateMany({ data: { stripeCustomerId: null } })
    await ctx.mod.prisma.donor.update({
      where: { id: donor.id },
      data: { stripeCustomerId: once.customerId },
    })
    expect(await portalOf(monthly.pledgeId)).toContain('You have no active recurring gifts')

    expect(await ctx.mod.customers.repairDonorCustomers()).toEqual({
      pledges: 2,
      gifts: 2,
      donors: 1,
    })
    const repaired = await ctx.mod.prisma.donor.findUniqueOrThrow({
      where: { id: donor.id },
      include: { pledges: true, gifts: true },
    })
    expect(repaired.stripeCustomerId).toBe(monthly.customerId)
    expect(Object.fromEntries(repaired.pledges.map((p) => [p.id, p.stripeCustomerId]))).toEqual({
      [once.pledgeId]: once.customerId,
      [monthly.pledgeId]: monthly.customerId,
    })
    expect(Object.fromEntries(repaired.gifts.map((g) => [g.pledgeId, g.stripeCustomerId]))).toEqual(
      { [once.pledgeId]: once.customerId, [monthly.pledgeId]: monthly.customerId },
    )
    expect(await portalOf(monthly.pledgeId)).toContain('$45.00 per month')

    // Run again (every boot): nothing left to change.
    expect(await ctx.mod.customers.repairDonorCustomers()).toEqual({
      pledges: 0,
      gifts: 0,
      donors: 0,
    })
  })
})
