import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { DEMO_USD_PER_UNIT, seedDatabase } from '../../../prisma/seed.ts'
import { USD_PER_UNIT } from '../../../stripe-emulator/money.ts'
import { daysLeft, getPublicCampaign, listPublicCampaigns } from './campaigns.server.ts'

setupTestDatabase()

const NOW = new Date('2026-06-01T12:00:00Z')
const DAY_MS = 24 * 60 * 60 * 1000

async function createCampaign(
  slug: string,
  fields: Partial<Parameters<typeof prisma.campaign.create>[0]['data']> = {},
) {
  return prisma.campaign.create({
    data: {
      slug,
      title: `Campaign ${slug}`,
      summary: 'Summary',
      story: '## Story\n\n<script>alert(1)</script> and [a link](https://example.org)',
      fund: 'SHELTER',
      currency: 'KRW',
      goalMinor: 10_000_000n,
      status: 'PUBLISHED',
      ...fields,
    },
  })
}

describe('public visibility', () => {
  test('only published or closed campaigns that have started are public', async () => {
    await createCampaign('published')
    await createCampaign('closed', { status: 'CLOSED' })
    await createCampaign('draft', { status: 'DRAFT' })
    await createCampaign('archived', { status: 'ARCHIVED' })
    await createCampaign('scheduled', { startsAt: new Date(NOW.getTime() + DAY_MS) })
    await createCampaign('started', { startsAt: new Date(NOW.getTime() - DAY_MS) })

    const slugs = (await listPublicCampaigns(NOW)).map((c) => c.slug)
    expect(slugs.sort()).toEqual(['closed', 'published', 'started'])
    for (const hidden of ['draft', 'archived', 'scheduled', 'missing']) {
      expect(await getPublicCampaign(hidden, NOW), hidden).toBeNull()
    }
  })

  test('a campaign page carries its totals, amounts in order and a safe story', async () => {
    const campaign = await createCampaign('with-totals', {
      endsAt: new Date(NOW.getTime() + 2.5 * DAY_MS),
    })
    await prisma.campaignTotals.create({
      data: { campaignId: campaign.id, raisedMinor: 4_250_000n, giftCount: 90, donorCount: 80 },
    })
    await prisma.suggestedAmount.createMany({
      data: [
        {
          campaignId: campaign.id,
          currency: 'USD',
          amountMinor: 50_000,
          impact: 'Second',
          position: 1,
        },
        {
          campaignId: campaign.id,
          currency: 'USD',
          amountMinor: 10_000,
          impact: 'First',
          position: 0,
        },
      ],
    })
    const page = await getPublicCampaign('with-totals', NOW)
    expect(page).toMatchObject({
      currency: 'KRW',
      goalMinor: 10_000_000,
      raisedMinor: 4_250_000,
      giftCount: 90,
      donorCount: 80,
      daysLeft: 3,
      closed: false,
      suggestedAmounts: [
        { amountMinor: 10_000, impact: 'First' },
        { amountMinor: 50_000, impact: 'Second' },
      ],
    })
    expect(page?.storyHtml).not.toContain('<script')
    expect(page?.storyHtml).toContain('rel="noopener nofollow"')
  })

  test('a campaign without a totals row shows zero progress', async () => {
    await createCampaign('no-gifts-yet')
    expect(await getPublicCampaign('no-gifts-yet', NOW)).toMatchObject({
      raisedMinor: 0,
      giftCount: 0,
      donorCount: 0,
    })
  })

  test('a campaign past its end date is shown as closed', async () => {
    await createCampaign('ended', { endsAt: new Date(NOW.getTime() - DAY_MS) })
    expect(await getPublicCampaign('ended', NOW)).toMatchObject({ closed: true, daysLeft: 0 })
  })
})

test('daysLeft rounds up partial days and is null without a deadline', () => {
  expect(daysLeft(null, NOW)).toBeNull()
  expect(daysLeft(new Date(NOW.getTime() + 1), NOW)).toBe(1)
  expect(daysLeft(new Date(NOW.getTime() + 10 * DAY_MS), NOW)).toBe(10)
})

describe('the seed', () => {
  test('publishes one campaign per fund, in at least two currencies including KRW', async () => {
    await seedDatabase(prisma, NOW)
    const cards = await listPublicCampaigns(NOW)
    expect(new Set(cards.map((c) => c.fund))).toEqual(
      new Set(['RESCUE', 'NUTRITION', 'MEDICAL', 'SHELTER', 'SURVIVORS', 'RESETTLEMENT']),
    )
    expect(new Set(cards.map((c) => c.currency)).size).toBeGreaterThanOrEqual(2)
    expect(cards.some((c) => c.currency === 'KRW')).toBe(true)
    expect(cards.some((c) => c.daysLeft !== null)).toBe(true)
    expect(cards.filter((c) => c.featured)).toHaveLength(1)
    for (const card of cards) expect(card.raisedMinor, card.slug).toBeGreaterThan(0)
  })

  test('is idempotent', async () => {
    await seedDatabase(prisma, NOW)
    await seedDatabase(prisma, NOW)
    expect(await prisma.campaign.count()).toBe(8)
    expect(await prisma.campaignTotals.count()).toBe(8)
    expect(await prisma.exchangeRate.count()).toBe(4)
  })

  test("keeps demo rates to USD, the emulator's own, so dollar appeals take other currencies", async () => {
    await seedDatabase(prisma, NOW)
    const rates = await prisma.exchangeRate.findMany({ orderBy: { base: 'asc' } })
    expect(rates.map((rate) => [rate.base, rate.quote, rate.rate.toString()])).toEqual(
      Object.entries(DEMO_USD_PER_UNIT).map(([base, rate]) => [base, 'USD', rate]),
    )
    for (const [base, rate] of Object.entries(DEMO_USD_PER_UNIT))
      expect(USD_PER_UNIT[base.toLowerCase()]).toBe(rate)
  })
})

describe('estimated conversions', () => {
  test('a total that counts a gift at an estimated rate is marked estimated', async () => {
    const settled = await createCampaign('settled')
    const estimated = await createCampaign('estimated')
    await prisma.campaignTotals.create({
      data: { campaignId: settled.id, raisedMinor: 30_000n, giftCount: 1, donorCount: 1 },
    })
    await prisma.campaignTotals.create({
      data: {
        campaignId: estimated.id,
        raisedMinor: 30_000n,
        giftCount: 1,
        donorCount: 1,
        estimatedGiftCount: 1,
      },
    })

    expect((await getPublicCampaign('settled', NOW))?.estimated).toBe(false)
    expect((await getPublicCampaign('estimated', NOW))?.estimated).toBe(true)
  })
})
