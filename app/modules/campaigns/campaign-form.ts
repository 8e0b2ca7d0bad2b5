/**
 * The campaign editor's schema, shared by the browser and the server (the authority). Money is
 * parsed by the money module in the chosen currency; dates are entered and shown in UTC.
 * Rules that need the database (slug taken, goal and currency locked once gifts exist) live in
 * ./campaign-admin.server.ts.
 */
import { z } from 'zod'
import { FUNDS } from '#app/modules/campaigns/funds.ts'
import {
  CURRENCY_CODES,
  checkGiftAmount,
  parseAmount,
  toMajorString,
  type CurrencyCode,
} from '#app/modules/ledger/money.ts'

export const MIN_SUGGESTED_AMOUNTS = 1
export const MAX_SUGGESTED_AMOUNTS = 6
export const MAX_ALLOWED_TERMS = 100
/** Lower-case words joined by single hyphens: `winter-shelter-2026`. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const MAX_GOAL_DIGITS = 13

const text = (label: string, max: number) =>
  z
    .string({ required_error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .max(max, `Keep the ${label} under ${max} characters`)

/** `2026-05-01T09:30` (a datetime-local value, read as UTC) → Date. */
export function parseUtcDateTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null
  const date = new Date(`${value}:00Z`)
  return Number.isNaN(date.getTime()) ? null : date
}

export function toUtcDateTimeInput(date: Date | string | null | undefined): string {
  if (!date) return ''
  return new Date(date).toISOString().slice(0, 16)
}

/** Splits the allowed-terms box on commas and new lines; keeps each term once. */
export function parseAllowedTerms(value: string | undefined): string[] {
  const terms = (value ?? '')
    .split(/[,\n]/)
    .map((term) => term.trim())
    .filter(Boolean)
  return [...new Set(terms)]
}

/** Lower-case kebab slug from a title: "Winter Shelter 2026!" → "winter-shelter-2026". */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
}

const amountRow = z.object({
  amount: z.string({ required_error: 'Enter an amount' }).trim(),
  impact: text('impact line', 140),
})

export const campaignFormSchema = z
  .object({
    title: text('title', 120),
    slug: z
      .string({ required_error: 'Enter the web address' })
      .trim()
      .min(3, 'Use at least 3 characters')
      .max(80, 'Keep the web address under 80 characters')
      .regex(
        SLUG_PATTERN,
        'Use lower-case letters, digits and single hyphens, like winter-shelter',
      ),
    summary: text('summary', 280),
    story: text('story', 20_000),
    fund: z.enum(FUNDS, { required_error: 'Choose a fund', invalid_type_error: 'Choose a fund' }),
    currency: z.enum(CURRENCY_CODES as [CurrencyCode, ...CurrencyCode[]], {
      required_error: 'Choose a currency',
      invalid_type_error: 'Choose a currency',
    }),
    goal: z.string({ required_error: 'Enter the goal' }).trim(),
    startsAt: z.string().optional(),
    endsAt: z.string().optional(),
    featured: z.boolean().default(false),
    allowedTerms: z.string().max(4_000, 'Keep the list under 4,000 characters').optional(),
    amounts: z
      .array(amountRow, { required_error: 'Add at least one suggested amount' })
      .min(MIN_SUGGESTED_AMOUNTS, 'Add at least one suggested amount')
      .max(MAX_SUGGESTED_AMOUNTS, `Offer at most ${MAX_SUGGESTED_AMOUNTS} suggested amounts`),
    /** Amounts for donors giving in another currency, `otherAmounts.KRW` = "10000 30000". */
    otherAmounts: z
      .object(
        Object.fromEntries(
          CURRENCY_CODES.map((code) => [
            code,
            z.string().trim().max(200, 'Keep the list under 200 characters').optional(),
          ]),
        ),
      )
      .default({}),
  })
  .transform((value, ctx) => {
    let failed = false
    const fail = (path: Array<string | number>, message: string) => {
      failed = true
      ctx.addIssue({ code: 'custom', path, message })
    }
    const goal = parseAmount(value.goal, value.currency)
    let goalMinor = 0
    if (!goal.ok) fail(['goal'], goal.error)
    else if (goal.amountMinor <= 0) fail(['goal'], 'Enter a goal above zero')
    else if (String(goal.amountMinor).length > MAX_GOAL_DIGITS)
      fail(['goal'], 'That goal is too large')
    else goalMinor = goal.amountMinor

    const amounts: Array<{ amountMinor: number; impact: string }> = []
    const seen = new Set<number>()
    value.amounts.forEach((row, index) => {
      const parsed = parseAmount(row.amount, value.currency)
      if (!parsed.ok) return fail(['amounts', index, 'amount'], parsed.error)
      const limit = checkGiftAmount(parsed.amountMinor, value.currency)
      if (limit) return fail(['amounts', index, 'amount'], limit)
      if (seen.has(parsed.amountMinor)) {
        return fail(['amounts', index, 'amount'], 'This amount is already offered')
      }
      seen.add(parsed.amountMinor)
      amounts.push({ amountMinor: parsed.amountMinor, impact: row.impact })
    })

    const otherAmounts = parseOtherAmounts(value.currency, value.otherAmounts, fail)

    const startsAt = value.startsAt ? parseUtcDateTime(value.startsAt) : null
    const endsAt = value.endsAt ? parseUtcDateTime(value.endsAt) : null
    if (value.startsAt && !startsAt) fail(['startsAt'], 'Enter a date and time')
    if (value.endsAt && !endsAt) fail(['endsAt'], 'Enter a date and time')
    if (startsAt && endsAt && endsAt <= startsAt)
      fail(['endsAt'], 'The end must be after the start')

    const allowedTerms = parseAllowedTerms(value.allowedTerms)
    if (allowedTerms.length > MAX_ALLOWED_TERMS) {
      fail(['allowedTerms'], `List at most ${MAX_ALLOWED_TERMS} terms`)
    }
    if (allowedTerms.some((term) => term.length > 60)) {
      fail(['allowedTerms'], 'Keep each term under 60 characters')
    }
    if (failed) return z.NEVER
    return {
      title: value.title,
      slug: value.slug,
      summary: value.summary,
      story: value.story,
      fund: value.fund,
      currency: value.currency,
      goalMinor,
      startsAt,
      endsAt,
      featured: value.featured,
      allowedTerms,
      amounts,
      otherAmounts,
    }
  })

/**
 * The per-currency lists (docs/decisions/0020): amounts separated by spaces or semicolons,
 * in that currency's major units, within its gift limits. The appeal's own currency is ignored
 * (its amounts are the list above); an empty list lets Lantern propose amounts at the rate.
 */
function parseOtherAmounts(
  appealCurrency: CurrencyCode,
  lists: Record<string, string | undefined>,
  fail: (path: Array<string | number>, message: string) => void,
) {
  const rows: Array<{ currency: CurrencyCode; amountMinor: number }> = []
  for (const currency of CURRENCY_CODES) {
    const list = lists[currency]
    if (currency === appealCurrency || !list) continue
    const entries = list.split(/[\s;]+/).filter(Boolean)
    const path = ['otherAmounts', currency]
    if (entries.length > MAX_SUGGESTED_AMOUNTS) {
      fail(path, `Offer at most ${MAX_SUGGESTED_AMOUNTS} suggested amounts`)
      continue
    }
    const seen = new Set<number>()
    for (const entry of entries) {
      const parsed = parseAmount(entry, currency)
      const problem = parsed.ok
        ? (checkGiftAmount(parsed.amountMinor, currency) ??
          (seen.has(parsed.amountMinor) ? 'This amount is already offered' : null))
        : parsed.error
      if (problem || !parsed.ok) {
        fail(path, `${entry}: ${problem}`)
        break
      }
      seen.add(parsed.amountMinor)
      rows.push({ currency, amountMinor: parsed.amountMinor })
    }
  }
  return rows
}

export type CampaignFormValue = z.output<typeof campaignFormSchema>
export type CampaignFormInput = z.input<typeof campaignFormSchema>

/** A stored campaign as the editor's default values (amounts shown in major units). */
export function toFormDefaults(campaign: {
  title: string
  slug: string
  summary: string
  story: string
  fund: string
  currency: string
  goalMinor: number | bigint
  startsAt: Date | string | null
  endsAt: Date | string | null
  featured: boolean
  allowedTerms: string[]
  suggestedAmounts: Array<{ currency: string; amountMinor: number; impact: string }>
}) {
  const inCurrency = (code: string) =>
    campaign.suggestedAmounts.filter((row) => row.currency === code)
  return {
    title: campaign.title,
    slug: campaign.slug,
    summary: campaign.summary,
    story: campaign.story,
    fund: campaign.fund,
    currency: campaign.currency,
    goal: toMajorString(campaign.goalMinor, campaign.currency),
    startsAt: toUtcDateTimeInput(campaign.startsAt),
    endsAt: toUtcDateTimeInput(campaign.endsAt),
    featured: campaign.featured,
    allowedTerms: campaign.allowedTerms.join(', '),
    amounts: inCurrency(campaign.currency).map((row) => ({
      amount: toMajorString(row.amountMinor, campaign.currency),
      impact: row.impact,
    })),
    otherAmounts: Object.fromEntries(
      CURRENCY_CODES.filter((code) => code !== campaign.currency).map((code) => [
        code,
        inCurrency(code)
          .map((row) => toMajorString(row.amountMinor, code))
          .join(' '),
      ]),
    ),
  }
}
