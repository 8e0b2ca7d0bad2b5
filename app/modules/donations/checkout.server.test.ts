// Starting a gift on real PostgreSQL against the Stripe emulator: what the donate POST writes,
// what it leaves when Stripe cannot be reached, and what a refused or bad attempt changes.
import { describe, expect, test } from 'vitest'
import { pointAppAtEmulator, withAppEmulator } from '#tests/support/app-env.ts'
import { formData } from '#tests/support/forms.ts'
import { startTestEmulator } from '../../../stripe-emulator/test-support.ts'

// Imported only once the app points at the emulator: they read its configuration on load.
async function loadModules() {
  const [env, stripe, checkout, db, factories] = await Promise.all([
    import('#app/utils/env.server.ts'),
    import('#app/utils/stripe.server.ts'),
    import('./checkout.server.ts'),
    import('#app/utils/db.server.ts'),
    import('#tests/support/factories.ts'),
  ])
  return { env, stripe, checkout, prisma: db.prisma, factories }
}

const ctx = withAppEmulator(loadModules)

async function donate(
  campaign: { id: string },
  fields: Record<string, string> = {},
  clientIp = '203.0.113.9',
) {
  const row = await ctx.mod.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
  return ctx.mod.checkout.startDonation({
    campaign: row,
    formData: formData({ amount: '4500', frequency: 'ONE_TIME', ...fields }),
    clientIp,
  })
}

/** Everything a donate POST can write, counted. */
async function written() {
  const [donors, pledges, messages, counters] = await Promise.all([
    ctx.mod.prisma.donor.count(),
    ctx.mod.prisma.pledge.count(),
    ctx.mod.prisma.donorMessage.count(),
    ctx.mod.prisma.rateLimitCounter.count(),
  ])
  return { donors, pledges, messages, counters }
}

/** Runs `body` with other checkout limits, then puts the test ones back. */
async function withLimits(limits: Record<string, string>, body: () => Promise<void>) {
  const before = Object.fromEntries(Object.keys(limits).map((key) => [key, process.env[key]]))
  Object.assign(process.env, limits)
  ctx.mod.env.reloadEnv()
  try {
    await body()
  } finally {
    Object.assign(process.env, before)
    ctx.mod.env.reloadEnv()
  }
}

describe('startDonation', () => {
  test('writes the donor, the pledge and the message together, then sends the donor to Stripe', async () => {
    const campaign = await ctx.mod.factories.createCampaign()
    const outcome = await donate(campaign, {
      email: 'Min.Lee@Example.org',
      name: 'Min Lee',
      coverFee: 'on',
      updatesOptIn: 'on',
      showName: 'on',
      message: 'Stay strong',
      dedication: 'IN_HONOUR',
      dedicationName: 'Grandmother Kim',
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'winter',
    })
    expect(outcome.kind).toBe('redirect')

    const pledge = await ctx.mod.prisma.pledge.findFirstOrThrow({
      include: { donor: true, message: true },
    })
    expect(pledge).toMatchObject({
      campaignId: campaign.id,
      frequency: 'ONE_TIME',
      currency: campaign.currency,
      amountMinor: 4500,
      feeCoverMinor: 165,
      totalMinor: 4665,
      status: 'PENDING',
      anonymous: false,
      updatesOptIn: true,
      showName: true,
      displayName: 'Min',
      dedication: 'IN_HONOUR',
      dedicationName: 'Grandmother Kim',
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'winter',
      donorName: 'Min Lee',
      donor: { email: 'min.lee@example.org', name: null },
      message: {
        campaignId: campaign.id,
        displayName: 'Min',
        body: 'Stay strong',
        status: 'PENDING',
        spamReason: null,
      },
    })
    // The session carries the pledge's id, and the pledge the session's.
    const session = await ctx.t.stripe.checkout.sessions.retrieve(pledge.stripeCheckoutSessionId!)
    expect(outcome).toEqual({ kind: 'redirect', url: session.url })
    expect(session).toMatchObject({ client_reference_id: pledge.id, amount_total: 4665 })
    expect(pledge.checkoutExpiresAt?.getTime()).toBe(session.expires_at * 1000)
    // Three rate-limit counters (address per minute and hour, email per hour) and the two
    // card-testing velocity counters (site-wide and this appeal's Checkout Sessions per minute).
    expect(await written()).toEqual({ donors: 1, pledges: 1, messages: 1, counters: 5 })
  })

  test('an annual gift opens a yearly subscription in Checkout', async () => {
    const campaign = await ctx.mod.factories.createCampaign()
    const outcome = await donate(campaign, {
      email: 'yearly@example.org',
      frequency: 'ANNUAL',
      coverFee: 'on',
    })
    expect(outcome.kind).toBe('redirect')
    const pledge = await ctx.mod.prisma.pledge.findFirstOrThrow()
    expect(pledge).toMatchObject({ frequency: 'ANNUAL', totalMinor: 4665 })
    const sessionId = pledge.stripeCheckoutSessionId!
    const session = await ctx.t.stripe.checkout.sessions.retrieve(sessionId)
    expect(session).toMatchObject({ mode: 'subscription', amount_total: 4665 })
    const items = await ctx.t.stripe.checkout.sessions.listLineItems(sessionId)
    expect(items.data.map((item) => item.price?.recurring?.interval)).toEqual(['year', 'year'])
  })

  test('an unpaid checkout never changes the donor: the name waits on the pledge', async () => {
    const campaign = await ctx.mod.factories.createCampaign()
    const donor = await ctx.mod.factories.createDonor({ email: 'ada@example.org', name: 'Ada' })
    await donate(campaign, { email: 'ada@example.org', name: 'Someone Else' })
    await donate(campaign, { email: 'ADA@example.org' })
    await donate(campaign, { email: 'new@example.org', name: 'New Donor' })
    const donors = await ctx.mod.prisma.donor.findMany({
      include: { pledges: { orderBy: { createdAt: 'asc' } } },
      orderBy: { createdAt: 'asc' },
    })
    expect(donors.map(({ id, email, name }) => ({ id, email, name }))).toEqual([
      { id: donor.id, email: 'ada@example.org', name: 'Ada' },
      { id: expect.any(String), email: 'new@example.org', name: null },
    ])
    expect(donors[0]?.pledges.map((pledge) => pledge.donorName)).toEqual(['Someone Else', null])
    expect(donors[1]?.pledges.map((pledge) => pledge.donorName)).toEqual(['New Donor'])
  })

  test('an anonymous donor’s message is not kept', async () => {
    const campaign = await ctx.mod.factories.createCampaign()
    const outcome = await donate(campaign, {
      email: 'quiet@example.org',
      anonymous: 'on',
      message: 'For the families',
    })
    expect(outcome.kind).toBe('redirect')
    expect(await ctx.mod.prisma.pledge.findFirstOrThrow()).toMatchObject({
      anonymous: true,
      displayName: null,
    })
    expect(await ctx.mod.prisma.donorMessage.count()).toBe(0)
  })

  test('donor, pledge and message are written all or not at all', async () => {
    const campaign = await ctx.mod.factories.createCampaign()
    const row = await ctx.mod.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
    // A campaign the pledge cannot point at: the pledge fails after the donor was upserted.
    await expect(
      ctx.mod.checkout.startDonation({
        campaign: { ...row, id: 'no-such-campaign' },
        formData: formData({
          amount: '4500',
          frequency: 'ONE_TIME',
          email: 'new@example.org',
          message: 'Hello',
        }),
        clientIp: '203.0.113.9',
      }),
    ).rejects.toThrow()
    expect(await written()).toMatchObject({ donors: 0, pledges: 0, messages: 0 })
  })

  test('when Stripe cannot be reached: no money, a clear message, the pledge marked abandoned', async () => {
    const campaign = await ctx.mod.factories.createCampaign()
    // A port nobody listens on (the emulator's, once it is closed, is not reused this quickly).
    const down = await startTestEmulator()
    const downUrl = down.emulator.url
    await down.emulator.close()
    await pointAppAtEmulator(downUrl)
    try {
      const outcome = await donate(campaign, { email: 'offline@example.org' })
      expect(outcome).toEqual({
        kind: 'unavailable',
        message:
          'We could not reach our payment provider. No money was taken; please try again in a minute.',
      })
    } finally {
      await pointAppAtEmulator(ctx.t.emulator.url)
    }
    const pledges = await ctx.mod.prisma.pledge.findMany()
    expect(pledges).toEqual([
      expect.objectContaining({ status: 'ABANDONED', stripeCheckoutSessionId: null }),
    ])
  })

  test('rate limits per address and per email refuse with the time to wait, writing nothing', async () => {
    await withLimits(
      { CHECKOUT_LIMIT_IP_PER_MINUTE: '2', CHECKOUT_LIMIT_EMAIL_PER_HOUR: '3' },
      async () => {
        const campaign = await ctx.mod.factories.createCampaign()
        const byIp = []
        for (let i = 0; i < 3; i++)
          byIp.push(await donate(campaign, { email: `ip${i}@example.org` }, '198.51.100.1'))
        expect(byIp.map((o) => o.kind)).toEqual(['redirect', 'redirect', 'rate-limited'])
        const refused = byIp[2]
        if (refused?.kind !== 'rate-limited') throw new Error('expected a refusal')
        expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1)
        expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60)

        const byEmail = []
        for (let i = 0; i < 4; i++)
          byEmail.push((await donate(campaign, { email: 'one@example.org' }, `192.0.2.${i}`)).kind)
        expect(byEmail).toEqual(['redirect', 'redirect', 'redirect', 'rate-limited'])
        expect(await written()).toMatchObject({ donors: 3, pledges: 5 })
      },
    )
  })

  test('parallel attempts from one address get exactly the limit', async () => {
    await withLimits({ CHECKOUT_LIMIT_IP_PER_MINUTE: '4' }, async () => {
      const campaign = await ctx.mod.factories.createCampaign()
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          donate(campaign, { email: `p${i}@example.org` }, '198.51.100.7'),
        ),
      )
      expect(outcomes.filter((o) => o.kind === 'redirect')).toHaveLength(4)
      expect(outcomes.filter((o) => o.kind === 'rate-limited')).toHaveLength(6)
      expect(await ctx.mod.prisma.pledge.count()).toBe(4)
    })
  })

  test('bad input, the honeypot and a closed appeal change nothing, not even the counters', async () => {
    const campaign = await ctx.mod.factories.createCampaign()
    const bad: Array<Record<string, string>> = [
      { amount: '0', email: 'a@example.org' },
      { amount: 'other', otherAmount: 'abc', email: 'a@example.org' },
      { email: 'nope' },
      { email: 'a@example.org', dedication: 'IN_MEMORY' },
      { email: 'a@example.org', website: 'http://spam.example' },
    ]
    for (const fields of bad) expect((await donate(campaign, fields)).kind).toBe('invalid')
    const closed = await ctx.mod.factories.createCampaign({ endsAt: new Date(Date.now() - 1000) })
    expect(await donate(closed, { email: 'a@example.org' })).toMatchObject({
      kind: 'invalid',
      result: { error: { '': ['This appeal is no longer taking gifts.'] } },
    })
    expect(await written()).toEqual({ donors: 0, pledges: 0, messages: 0, counters: 0 })
  })

  test('a Korean donor gives ₩30,000 to a USD appeal: KRW pledge, Korean Checkout and pages', async () => {
    const campaign = await ctx.mod.factories.createCampaign({ currency: 'USD' })
    await ctx.mod.prisma.exchangeRate.create({
      data: { base: 'USD', quote: 'KRW', rate: '1350', effectiveAt: new Date(Date.now() - 60_000) },
    })
    const row = await ctx.mod.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
    const outcome = await ctx.mod.checkout.startDonation({
      campaign: row,
      formData: formData({
        currency: 'KRW',
        amount: 'other',
        otherAmount: '30,000',
        frequency: 'ONE_TIME',
        email: 'seoul@example.org',
      }),
      clientIp: '203.0.113.9',
      locale: 'ko',
    })
    expect(outcome.kind).toBe('redirect')
    const pledge = await ctx.mod.prisma.pledge.findFirstOrThrow()
    expect(pledge).toMatchObject({
      campaignId: campaign.id,
      currency: 'KRW',
      locale: 'ko',
      amountMinor: 30_000,
      totalMinor: 30_000,
    })
    const session = await ctx.t.stripe.checkout.sessions.retrieve(pledge.stripeCheckoutSessionId!)
    expect(session).toMatchObject({ locale: 'ko', currency: 'krw', amount_total: 30_000 })
    expect(new URL(session.success_url ?? '').pathname).toBe('/ko/donate/thanks')
    const cancel = new URL(session.cancel_url ?? '')
    expect(cancel.pathname + cancel.search).toBe(`/ko/campaigns/${row.slug}?currency=KRW`)
    const [item] = (await ctx.t.stripe.checkout.sessions.listLineItems(session.id)).data
    expect(item?.description).toBe(`${row.title} (구출) 후원`)
  })

  test('a currency with no rate and no amounts for the appeal is refused in the page language', async () => {
    const campaign = await ctx.mod.factories.createCampaign({ currency: 'USD' })
    const row = await ctx.mod.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
    const outcome = await ctx.mod.checkout.startDonation({
      campaign: row,
      formData: formData({
        currency: 'JPY',
        amount: '3000',
        frequency: 'ONE_TIME',
        email: 'tokyo@example.org',
      }),
      clientIp: '203.0.113.9',
      locale: 'ko',
    })
    expect(outcome).toMatchObject({
      kind: 'invalid',
      result: { error: { '': ['이 모금에서 제공하는 통화 중 하나를 선택해 주세요'] } },
    })
    expect(await written()).toEqual({ donors: 0, pledges: 0, messages: 0, counters: 0 })
  })

  test('a no-JavaScript POST on /ko gets its field errors in Korean', async () => {
    const campaign = await ctx.mod.factories.createCampaign({ currency: 'USD' })
    const row = await ctx.mod.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
    const post = (fields: Record<string, string>) =>
      ctx.mod.checkout.startDonation({
        campaign: row,
        formData: formData({ amount: 'other', frequency: 'ONE_TIME', ...fields }),
        clientIp: '203.0.113.9',
        locale: 'ko',
      })
    expect(await post({ otherAmount: '20', email: 'x' })).toMatchObject({
      kind: 'invalid',
      result: {
        error: { email: ['name@example.com과 같은 형식으로 이메일 주소를 입력해 주세요'] },
      },
    })
    expect(await post({ otherAmount: '2', email: 'seoul@example.org' })).toMatchObject({
      kind: 'invalid',
      result: { error: { otherAmount: ['온라인 후원은 최소 US$5부터 가능합니다'] } },
    })
    expect(await written()).toEqual({ donors: 0, pledges: 0, messages: 0, counters: 0 })
  })
})
