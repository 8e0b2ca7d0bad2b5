/**
 * Rows for tests, written with Prisma directly: sensible defaults, unique ids, and any field
 * overridable. Parents that are not given are created (a gift gets its own pledge, campaign and
 * donor), and a gift copies its pledge's campaign, donor, currency, frequency and amounts.
 * Importing this module connects to DATABASE_URL: in a test file, set the environment first.
 */
import { randomUUID } from 'node:crypto'
import { type Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'

function uniqueSuffix(): string {
  return randomUUID().slice(0, 8)
}

export function createCampaign(overrides: Partial<Prisma.CampaignUncheckedCreateInput> = {}) {
  const suffix = uniqueSuffix()
  return prisma.campaign.create({
    data: {
      slug: `appeal-${suffix}`,
      title: `Appeal ${suffix}`,
      summary: 'A test appeal.',
      story: 'A test story.',
      fund: 'RESCUE',
      currency: 'USD',
      goalMinor: 1_000_000n,
      status: 'PUBLISHED',
      publishedAt: new Date(),
      ...overrides,
    },
  })
}

export function createDonor(overrides: Partial<Prisma.DonorUncheckedCreateInput> = {}) {
  return prisma.donor.create({
    data: { email: `donor-${randomUUID()}@example.org`, name: 'Test Donor', ...overrides },
  })
}

export async function createPledge(overrides: Partial<Prisma.PledgeUncheckedCreateInput> = {}) {
  const campaignId = overrides.campaignId ?? (await createCampaign()).id
  const donorId = overrides.donorId ?? (await createDonor()).id
  const amountMinor = overrides.amountMinor ?? 4_500
  const feeCoverMinor = overrides.feeCoverMinor ?? 0
  return prisma.pledge.create({
    data: {
      frequency: 'ONE_TIME',
      currency: 'USD',
      status: 'FULFILLED',
      completedAt: new Date(),
      ...overrides,
      campaignId,
      donorId,
      amountMinor,
      feeCoverMinor,
      totalMinor: overrides.totalMinor ?? amountMinor + feeCoverMinor,
    },
  })
}

export async function createGift(overrides: Partial<Prisma.GiftUncheckedCreateInput> = {}) {
  const pledge = overrides.pledgeId
    ? await prisma.pledge.findUniqueOrThrow({ where: { id: overrides.pledgeId } })
    : await createPledge(pledgeFieldsOf(overrides))
  return prisma.gift.create({
    data: {
      campaignId: pledge.campaignId,
      donorId: pledge.donorId,
      frequency: pledge.frequency,
      currency: pledge.currency,
      amountMinor: pledge.totalMinor,
      feeCoverMinor: pledge.feeCoverMinor,
      stripePaymentIntentId: `pi_test_${randomUUID()}`,
      receivedAt: new Date(),
      // A fixture counts at its own amount unless the test sets its conversion.
      convertedCurrency: overrides.currency ?? pledge.currency,
      convertedAmountMinor: overrides.amountMinor ?? pledge.totalMinor,
      conversionSource: 'SAME',
      ...overrides,
      pledgeId: pledge.id,
    },
  })
}

/** The fields a gift shares with the pledge made for it; a gift's amount includes fee cover. */
function pledgeFieldsOf(gift: Partial<Prisma.GiftUncheckedCreateInput>) {
  const fields: Partial<Prisma.PledgeUncheckedCreateInput> = {}
  if (gift.campaignId) fields.campaignId = gift.campaignId
  if (gift.donorId) fields.donorId = gift.donorId
  if (gift.frequency) fields.frequency = gift.frequency
  if (gift.currency) fields.currency = gift.currency
  if (gift.feeCoverMinor !== undefined) fields.feeCoverMinor = gift.feeCoverMinor
  if (gift.amountMinor !== undefined)
    fields.amountMinor = gift.amountMinor - (gift.feeCoverMinor ?? 0)
  return fields
}
