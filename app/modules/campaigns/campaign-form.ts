/**
 * The campaign editor's schema, shared by the browser and the server (the authority). Money is
 * parsed by the money module in the chosen currency; dates are entered and shown in UTC.
 * Rules that need the database (slug taken, goal and currency locked once gifts exist) live in
 * ./campaign-admin.server.ts.
 *
 * Each language other than English (./campaign-content.ts) has optional fields of its own:
 * `translations.<code>.title|summary|story` and `amounts[i].translations.<code>`. A language is
 * all or nothing: once any of its fields is filled, each one is required, under the English
 * limits, so a translated page never falls back to English line by line.
 */
import { z } from 'zod'
import { TRANSLATION_LOCALES, languageName } from '#app/modules/campaigns/campaign-content.ts'
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

export const TEXT_LIMITS = { title: 120, summary: 280, story: 20_000, impact: 140 } as const
const LABELS = { title: 'title', summary: 'summary', story: 'story', impact: 'impact line' }

/** One optional text per translation language, e.g. `{ ko: '…' }`. */
const perLanguage = <T extends z.ZodTypeAny>(field: T) =>
  z
    .object(Object.fromEntries(TRANSLATION_LOCALES.map((code) => [code, field.optional()])))
    .optional()

const optionalText = z.string().trim()

const amountRow = z.object({
  amount: z.string({ required_error: 'Enter an amount' }).trim(),
  impact: text('impact line', TEXT_LIMITS.impact),
  translations: perLanguage(optionalText),
})

export type CampaignTranslationValue = {
  locale: string
  title: string
  summary: string
  story: string
}

export const campaignFormSchema = z
  .object({
    title: text('title', TEXT_LIMITS.title),
    slug: z
      .string({ required_error: 'Enter the web address' })
      .trim()
      .min(3, 'Use at least 3 characters')
      .max(80, 'Keep the web address under 80 characters')
      .regex(
        SLUG_PATTERN,
        'Use lower-case letters, digits and single hyphens, like winter-shelter',
      ),
    summary: text('summary', TEXT_LIMITS.summary),
    story: text('story', TEXT_LIMITS.story),
    translations: perLanguage(
      z.object({
        title: optionalText.optional(),
        summary: optionalText.optional(),
        story: optionalText.optional(),
      }),
    ),
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

    const translations: CampaignTranslationValue[] = []
    const impactTranslations = value.amounts.map(
      () => [] as Array<{ locale: string; impact: string }>,
    )
    for (const code of TRANSLATION_LOCALES) {
      const fields = value.translations?.[code] ?? {}
      const impacts = value.amounts.map((row) => row.translations?.[code] ?? '')
      if (![fields.title, fields.summary, fields.story, ...impacts].some(Boolean)) continue
      const language = languageName(code)
      const check = (path: Array<string | number>, field: keyof typeof LABELS, input = '') => {
        const label = `${LABELS[field]} in ${language}`
        if (!input) fail(path, `Enter the ${label}, or leave every ${language} field empty`)
        else if (input.length > TEXT_LIMITS[field])
          fail(
            path,
            `Keep the ${label} under ${TEXT_LIMITS[field].toLocaleString('en-US')} characters`,
          )
        return input
      }
      const row = {
        locale: code,
        title: check(['translations', code, 'title'], 'title', fields.title),
        summary: check(['translations', code, 'summary'], 'summary', fields.summary),
        story: check(['translations', code, 'story'], 'story', fields.story),
      }
      impacts.forEach((impact, index) => {
        impactTranslations[index]?.push({
          locale: code,
          impact: check(['amounts', index, 'translations', code], 'impact', impact),
        })
      })
      translations.push(row)
    }

    const amounts: Array<{
      amountMinor: number
      impact: string
      translations: Array<{ locale: string; impact: string }>
    }> = []
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
      amounts.push({
        amountMinor: parsed.amountMinor,
        impact: row.impact,
        translations: impactTranslations[index] ?? [],
      })
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
      translations,
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
  translations: Array<{ locale: string; title: string; summary: string; story: string }>
  suggestedAmounts: Array<{
    currency: string
    amountMinor: number
    impact: string
    translations: Array<{ locale: string; impact: string }>
  }>
}) {
  const byLocale = <T extends { locale: string }, V>(rows: T[], pick: (row: T) => V) =>
    Object.fromEntries(rows.map((row) => [row.locale, pick(row)]))
  const inCurrency = (code: string) =>
    campaign.suggestedAmounts.filter((row) => row.currency === code)
  return {
    title: campaign.title,
    slug: campaign.slug,
    summary: campaign.summary,
    story: campaign.story,
    translations: byLocale(campaign.translations, ({ title, summary, story }) => ({
      title,
      summary,
      story,
    })),
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
      translations: byLocale(row.translations, (translation) => translation.impact),
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
