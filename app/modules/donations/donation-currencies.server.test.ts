// Which currencies a donor may give in on an appeal, on real PostgreSQL with the staff rates.
import { expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createCampaign } from '#tests/support/factories.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { donationCurrencies, isOfferedCurrency } from './donation-currencies.server.ts'

setupTestDatabase()

const NOW = new Date('2026-06-01T12:00:00Z')
const own = [
  { currency: 'USD', amountMinor: 2_500, impact: 'A week of food' },
  { currency: 'USD', amountMinor: 5_000, impact: 'A month of medicine' },
]

async function usdRate(quote: string, rate: string) {
  await prisma.exchangeRate.create({
    data: { base: 'USD', quote, rate, effectiveAt: new Date('2026-05-01T00:00:00Z') },
  })
}

test('a Korean page starts in won: rounded from the appeal at the staff rate, impact kept', async () => {
  await usdRate('KRW', '1350')
  const giving = await donationCurrencies(
    { currency: 'USD', suggestedAmounts: own },
    { requested: null, locale: 'ko', now: NOW },
  )
  expect(giving).toMatchObject({ appealCurrency: 'USD', currency: 'KRW', chosenBy: 'default' })
  expect(giving.options).toEqual([
    { currency: 'USD', proposed: false, amounts: own },
    {
      currency: 'KRW',
      proposed: true,
      amounts: [
        { amountMinor: 35_000, impact: 'A week of food' },
        { amountMinor: 70_000, impact: 'A month of medicine' },
      ],
    },
  ])
  // English starts in the appeal's currency; `?currency=` wins when it is offered.
  const english = await donationCurrencies(
    { currency: 'USD', suggestedAmounts: own },
    { requested: null, locale: 'en', now: NOW },
  )
  expect(english.currency).toBe('USD')
  const picked = await donationCurrencies(
    { currency: 'USD', suggestedAmounts: own },
    { requested: 'KRW', locale: 'en', now: NOW },
  )
  expect(picked).toMatchObject({ currency: 'KRW', chosenBy: 'url' })
})

test("a manager's amounts override the proposal; a currency with neither is not offered", async () => {
  const campaign = await createCampaign({ currency: 'USD' })
  const giving = await donationCurrencies(
    {
      currency: 'USD',
      suggestedAmounts: [
        ...own,
        { currency: 'JPY', amountMinor: 3_000, impact: '' },
        { currency: 'JPY', amountMinor: 8_000, impact: '' },
      ],
    },
    { requested: 'EUR', locale: 'ko', now: NOW },
  )
  // No KRW rate and no KRW amounts: Korean falls back to the appeal's currency; EUR is refused.
  expect(giving.currency).toBe('USD')
  expect(giving.options.map((option) => option.currency)).toEqual(['USD', 'JPY'])
  expect(giving.options[1]).toEqual({
    currency: 'JPY',
    proposed: false,
    amounts: [
      { amountMinor: 3_000, impact: 'A week of food' },
      { amountMinor: 8_000, impact: 'A month of medicine' },
    ],
  })
  expect(await isOfferedCurrency(campaign, 'EUR', NOW)).toBe(false)
  expect(await isOfferedCurrency(campaign, 'USD', NOW)).toBe(true)
  expect(await isOfferedCurrency(campaign, 'XYZ', NOW)).toBe(false)
  await usdRate('EUR', '0.92')
  expect(await isOfferedCurrency(campaign, 'EUR', NOW)).toBe(true)
})
