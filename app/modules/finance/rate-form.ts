/**
 * The exchange rate form's schema, shared by the browser and the server: a pair of Lantern's
 * currencies, a rate as exact decimal text (never a float), and the UTC day it takes effect.
 */
import { z } from 'zod'
import { CURRENCY_CODES } from '#app/modules/ledger/money.ts'
import { parseUtcDate } from './offline-gift-form.ts'

/** What the ExchangeRate column holds: Decimal(24, 12). */
const RATE = /^\d{1,12}(?:\.\d{1,12})?$/

const currency = (what: string) =>
  z.enum(CURRENCY_CODES as [string, ...string[]], {
    errorMap: () => ({ message: `Choose the ${what} currency` }),
  })

export const rateSchema = z
  .object({
    base: currency('from'),
    quote: currency('to'),
    rate: z
      .string({ required_error: 'Enter the rate' })
      .trim()
      .min(1, 'Enter the rate')
      .refine(
        (value) => RATE.test(value),
        'Enter a number like 0.00075 or 1330.5 (up to 12 decimal places)',
      )
      .refine((value) => !/^[0.]+$/.test(value), 'The rate must be above zero'),
    effectiveOn: z
      .string({ required_error: 'Enter the date the rate takes effect' })
      .trim()
      .refine((value) => parseUtcDate(value) !== null, 'Enter a date like 2026-11-21'),
  })
  .refine((value) => value.base !== value.quote, {
    path: ['quote'],
    message: 'Choose two different currencies',
  })
