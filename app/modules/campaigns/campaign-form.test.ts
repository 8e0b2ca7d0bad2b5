// The editor's per-currency amount lists (docs/decisions/0020).
import { expect, test } from 'vitest'
import { parseForm } from '#app/utils/forms.ts'
import { formData } from '#tests/support/forms.ts'
import { campaignFormSchema, toFormDefaults } from './campaign-form.ts'

const appeal = {
  title: 'Warm winter',
  slug: 'warm-winter',
  summary: 'Coats and blankets.',
  story: 'A story.',
  fund: 'SHELTER',
  currency: 'USD',
  goal: '10000',
  'amounts[0].amount': '25',
  'amounts[0].impact': 'A blanket',
  'amounts[1].amount': '50',
  'amounts[1].impact': 'A coat',
}

test('amounts for other currencies are parsed in that currency; the own one is ignored', () => {
  const submission = parseForm(
    formData({
      ...appeal,
      'otherAmounts.KRW': '10,000 30000; 50,000',
      'otherAmounts.JPY': '',
      'otherAmounts.USD': '1 2 3',
    }),
    campaignFormSchema,
  )
  expect(submission.status).toBe('success')
  expect(submission.status === 'success' && submission.value.otherAmounts).toEqual([
    { currency: 'KRW', amountMinor: 10_000 },
    { currency: 'KRW', amountMinor: 30_000 },
    { currency: 'KRW', amountMinor: 50_000 },
  ])
})

test('an amount outside the currency limits or repeated is an error at that currency', () => {
  const tooSmall = parseForm(
    formData({ ...appeal, 'otherAmounts.KRW': '5000' }),
    campaignFormSchema,
  )
  expect(tooSmall.status === 'error' && tooSmall.error?.['otherAmounts.KRW']).toEqual([
    '5000: The smallest gift online is ₩7,000',
  ])
  const twice = parseForm(formData({ ...appeal, 'otherAmounts.GBP': '20 20' }), campaignFormSchema)
  expect(twice.status === 'error' && twice.error?.['otherAmounts.GBP']).toEqual([
    '20: This amount is already offered',
  ])
})

test('the editor shows stored amounts per currency, in major units', () => {
  const defaults = toFormDefaults({
    ...appeal,
    goalMinor: 1_000_000,
    startsAt: null,
    endsAt: null,
    featured: false,
    allowedTerms: [],
    suggestedAmounts: [
      { currency: 'USD', amountMinor: 2_500, impact: 'A blanket', translations: [] },
      { currency: 'KRW', amountMinor: 30_000, impact: '', translations: [] },
      { currency: 'EUR', amountMinor: 2_000, impact: '', translations: [] },
    ],
    translations: [],
  })
  expect(defaults.amounts).toEqual([{ amount: '25.00', impact: 'A blanket', translations: {} }])
  expect(defaults.otherAmounts).toEqual({ EUR: '20.00', GBP: '', KRW: '30000', JPY: '' })
})
