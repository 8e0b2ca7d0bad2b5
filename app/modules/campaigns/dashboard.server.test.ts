import { expect, test } from 'vitest'
import { createCampaign, createDonor, createGift, createPledge } from '#tests/support/factories.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { DASHBOARD_DAYS, campaignDashboard } from './dashboard.server.ts'

setupTestDatabase()

const NOW = new Date('2026-06-10T15:00:00Z')

test('aggregates gifts and pledges of one campaign', async () => {
  const campaign = await createCampaign()
  const other = await createCampaign()
  const donor = await createDonor()
  const at = (iso: string) => new Date(iso)
  await createGift({
    campaignId: campaign.id,
    donorId: donor.id,
    amountMinor: 4_500,
    receivedAt: at('2026-06-10T01:00:00Z'),
  })
  await createGift({
    campaignId: campaign.id,
    donorId: donor.id,
    amountMinor: 1_000,
    receivedAt: at('2026-06-10T23:00:00Z'),
    frequency: 'MONTHLY',
  })
  await createGift({
    campaignId: campaign.id,
    amountMinor: 2_000,
    refundedMinor: 500,
    receivedAt: at('2026-06-08T12:00:00Z'),
  })
  // Outside the chart's window but in the totals; another campaign's gift is not counted.
  await createGift({
    campaignId: campaign.id,
    amountMinor: 10_000,
    receivedAt: at('2026-01-01T00:00:00Z'),
  })
  await createGift({
    campaignId: other.id,
    amountMinor: 99_999,
    receivedAt: at('2026-06-10T01:00:00Z'),
  })
  await createPledge({ campaignId: campaign.id, status: 'PENDING', utmSource: 'newsletter' })
  await createPledge({ campaignId: campaign.id, status: 'ABANDONED', utmSource: 'newsletter' })

  const dashboard = await campaignDashboard(campaign.id, NOW)
  expect(dashboard.gifts).toBe(4)
  expect(dashboard.donors).toBe(3)
  expect(dashboard.daily).toHaveLength(DASHBOARD_DAYS)
  expect(dashboard.daily.at(-1)).toEqual({
    day: '2026-06-10',
    currency: 'USD',
    raisedMinor: 5_500,
    gifts: 2,
  })
  expect(dashboard.daily.find((d) => d.day === '2026-06-08')?.raisedMinor).toBe(1_500)
  expect(dashboard.daily[0]?.day).toBe('2026-04-12')
  expect(dashboard.byFrequency).toEqual([
    { frequency: 'MONTHLY', currency: 'USD', gifts: 1, raisedMinor: 1_000 },
    { frequency: 'ONE_TIME', currency: 'USD', gifts: 3, raisedMinor: 16_000 },
  ])
  // (4500 + 1000 + 2000 + 10000) / 4 = 4375 (gross, before refunds).
  expect(dashboard.byCurrency).toEqual([
    { currency: 'USD', gifts: 4, raisedMinor: 17_000, averageGiftMinor: 4_375 },
  ])
  // Four pledges made by the gift factory (fulfilled) and two that never completed.
  expect(dashboard.conversion).toEqual({ started: 6, completed: 4, percent: 66 })
  expect(dashboard.sources).toEqual([
    { source: null, started: 4, completed: 4 },
    { source: 'newsletter', started: 2, completed: 0 },
  ])
})

test('an appeal without gifts has empty figures', async () => {
  const campaign = await createCampaign()
  const dashboard = await campaignDashboard(campaign.id, NOW)
  expect(dashboard).toMatchObject({
    gifts: 0,
    donors: 0,
    daily: [],
    byCurrency: [],
    conversion: { percent: null },
  })
})
