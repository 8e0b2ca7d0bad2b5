// The FINANCE rate table on real PostgreSQL: bad input is refused at the field and stores
// nothing; a rate is stored with its audit entry and counts the gifts that waited for it.
import { describe, expect, test } from 'vitest'
import { formData } from '#tests/support/forms.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const { addExchangeRate, rateTable } = await import('./exchange-rates.server.ts')
const { prisma } = await import('#app/utils/db.server.ts')
const { createCampaign, createGift } = await import('#tests/support/factories.ts')
const { createStaffUser } = await import('#tests/support/staff.ts')

setupTestDatabase()

const NOW = new Date('2026-11-21T09:00:00Z')
const GOOD = { base: 'KRW', quote: 'USD', rate: '0.00075', effectiveOn: '2026-11-20' }

async function finance() {
  const { user } = await createStaffUser({ roles: ['FINANCE'] })
  return { actor: { id: user.id, email: user.email }, ipAddress: '203.0.113.9' }
}

function fieldErrors(outcome: Awaited<ReturnType<typeof addExchangeRate>>) {
  if (outcome.kind !== 'invalid') throw new Error(`expected invalid, got ${outcome.kind}`)
  return outcome.result.error ?? {}
}

describe('addExchangeRate refuses bad input at the field, storing nothing', () => {
  test.each([
    ['no rate', { rate: '' }, 'rate', /Enter the rate/],
    ['zero rate', { rate: '0.000' }, 'rate', /above zero/],
    ['negative rate', { rate: '-1.2' }, 'rate', /number like/],
    ['too many decimals', { rate: '0.0000000000001' }, 'rate', /12 decimal/],
    ['a comma for decimals', { rate: '0,00075' }, 'rate', /number like/],
    ['same currency twice', { quote: 'KRW' }, 'quote', /two different/],
    ['unknown currency', { base: 'XYZ' }, 'base', /from currency/],
    ['impossible date', { effectiveOn: '2026-02-30' }, 'effectiveOn', /Enter a date/],
    ['future date', { effectiveOn: '2026-11-22' }, 'effectiveOn', /future/],
  ])('%s', async (_name, change, field, message) => {
    const outcome = await addExchangeRate(formData({ ...GOOD, ...change }), await finance(), NOW)

    expect(fieldErrors(outcome)[field]?.join(' ')).toMatch(message)
    expect(await prisma.exchangeRate.count()).toBe(0)
    expect(await prisma.auditLog.count({ where: { action: 'exchange_rate.create' } })).toBe(0)
  })
})

test('a rate is stored exactly, audited, and counts the gifts that waited for it', async () => {
  const campaign = await createCampaign({ currency: 'USD' })
  await prisma.campaignTotals.create({
    data: { campaignId: campaign.id, giftCount: 1, donorCount: 1, estimatedGiftCount: 1 },
  })
  const waiting = await createGift({
    campaignId: campaign.id,
    currency: 'KRW',
    amountMinor: 30_000,
    convertedCurrency: 'USD',
    convertedAmountMinor: 0,
    conversionSource: 'MISSING',
    receivedAt: new Date('2026-11-20T12:00:00Z'),
  })
  const staff = await finance()

  const outcome = await addExchangeRate(formData(GOOD), staff, NOW)

  if (outcome.kind !== 'saved') throw new Error('expected the rate to be saved')
  expect(outcome.counted).toBe(1)
  const rate = await prisma.exchangeRate.findUniqueOrThrow({ where: { id: outcome.rateId } })
  expect(rate).toMatchObject({
    base: 'KRW',
    quote: 'USD',
    effectiveAt: new Date('2026-11-20T00:00:00Z'),
    createdById: staff.actor.id,
  })
  expect(rate.rate.toString()).toBe('0.00075')
  expect(await prisma.gift.findUniqueOrThrow({ where: { id: waiting.id } })).toMatchObject({
    convertedAmountMinor: 2_250,
    conversionSource: 'ESTIMATED',
    conversionRateId: rate.id,
  })
  expect(
    await prisma.campaignTotals.findUniqueOrThrow({ where: { campaignId: campaign.id } }),
  ).toMatchObject({ raisedMinor: 2_250n, estimatedGiftCount: 1 })
  const [audit] = await prisma.auditLog.findMany({ where: { action: 'exchange_rate.create' } })
  expect(audit).toMatchObject({
    actorEmail: staff.actor.email,
    entityType: 'ExchangeRate',
    entityId: rate.id,
    ipAddress: '203.0.113.9',
    after: { ...GOOD, waitingGiftsCounted: 1 },
  })

  const table = await rateTable()
  expect(table.rates).toEqual([
    expect.objectContaining({
      base: 'KRW',
      quote: 'USD',
      rate: '0.00075',
      createdBy: staff.actor.email,
    }),
  ])
  expect(table.waiting).toEqual([])
})
