/**
 * The gifts ledger's filter, read from a GET query string. Pure (no database), so the ledger
 * page and the CSV export parse the same parameters the same way:
 *
 * | parameter   | value                                                                  |
 * | ----------- | ---------------------------------------------------------------------- |
 * | `from`,`to` | `YYYY-MM-DD`, UTC days, both inclusive; `to` before `from` is an error |
 * | `campaign`  | a campaign id                                                          |
 * | `fund`      | a fund code (RESCUE, …)                                                |
 * | `status`    | a GiftStatus (SUCCEEDED, PARTIALLY_REFUNDED, REFUNDED, DISPUTED, …)    |
 * | `frequency` | ONE_TIME, MONTHLY or ANNUAL                                            |
 * | `currency`  | an ISO code Lantern supports (USD, KRW, …)                             |
 * | `method`    | a payment method: card, sepa_debit, cheque, bank_transfer, cash, …     |
 * | `refunded`  | `1`: only gifts with money refunded (pending refunds count)            |
 * | `disputed`  | `1`: only gifts that have (or had) a dispute                           |
 * | `source`    | STRIPE (online) or OFFLINE                                             |
 * | `q`         | a donor email (exact, any case), a receipt number (LAN-2026-000123) or |
 * |             | a Stripe id: cs_ (Checkout Session), pi_, ch_, in_ or sub_             |
 * | `after`     | opaque cursor: the page after this row (newest first)                  |
 * | `before`    | opaque cursor: the page before this row                                |
 *
 * Empty values mean "any". A bad value is reported against its parameter, never ignored, so a
 * finance officer never reads totals of a different set than the one they asked for.
 */
import { z } from 'zod'
import { Fund } from '#app/generated/prisma/enums.ts'
import { FREQUENCIES } from './frequency.ts'
import { CURRENCY_CODES, type CurrencyCode } from './money.ts'

export const GIFT_STATUSES = [
  'SUCCEEDED',
  'PARTIALLY_REFUNDED',
  'REFUNDED',
  'DISPUTED',
  'DISPUTE_LOST',
] as const
export const GIFT_FREQUENCIES = FREQUENCIES
export const GIFT_SOURCES = ['STRIPE', 'OFFLINE'] as const

/** The parameters above, in the order the filter form shows them. */
export const LEDGER_FILTER_KEYS = [
  'from',
  'to',
  'campaign',
  'fund',
  'status',
  'frequency',
  'currency',
  'method',
  'refunded',
  'disputed',
  'source',
  'q',
] as const
export type LedgerFilterKey = (typeof LEDGER_FILTER_KEYS)[number]

/** Which Gift column a Stripe id prefix is searched in. */
export const STRIPE_ID_KINDS = {
  cs: 'checkoutSession',
  pi: 'paymentIntent',
  ch: 'charge',
  in: 'invoice',
  sub: 'subscription',
} as const
export type StripeIdKind = (typeof STRIPE_ID_KINDS)[keyof typeof STRIPE_ID_KINDS]

export type LedgerSearch =
  | { kind: 'email'; email: string }
  | { kind: 'receipt'; number: string }
  | { kind: 'stripe'; field: StripeIdKind; id: string }

/** A row's position in the (receivedAt DESC, id DESC) order. */
export type LedgerCursor = { receivedAt: Date; id: string }

export const RECEIPT_NUMBER = /^LAN-\d{4}-\d{6}$/
const STRIPE_ID = /^(cs|pi|ch|in|sub)_[A-Za-z0-9_]{1,250}$/
const DAY = /^\d{4}-\d{2}-\d{2}$/
const CUID_LIKE = /^[A-Za-z0-9_-]{1,64}$/

/** `2026-11-21` → that UTC midnight, or null when it is not a real calendar day. */
export function parseUtcDay(value: string): Date | null {
  if (!DAY.test(value)) return null
  const date = new Date(`${value}T00:00:00.000Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? date : null
}

/** Opaque to the browser: base64url of "<receivedAt ISO>|<gift id>". */
export function encodeCursor(cursor: LedgerCursor): string {
  // btoa, not Buffer: this module also runs in the browser. The text is ASCII only.
  return btoa(`${cursor.receivedAt.toISOString()}|${cursor.id}`)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')
}

export function decodeCursor(value: string): LedgerCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null
  let text: string
  try {
    text = atob(value.replace(/-/g, '+').replace(/_/g, '/'))
  } catch {
    return null
  }
  const [iso, id, ...rest] = text.split('|')
  if (!iso || !id || rest.length > 0 || !CUID_LIKE.test(id)) return null
  const receivedAt = new Date(iso)
  if (Number.isNaN(receivedAt.getTime()) || receivedAt.toISOString() !== iso) return null
  return { receivedAt, id }
}

/** What `q` asks for, or null when it is none of the searchable things. */
export function classifySearch(raw: string): LedgerSearch | null {
  const text = raw.trim()
  if (text.includes('@')) {
    const email = z.string().max(254).email().safeParse(text)
    return email.success ? { kind: 'email', email: email.data.toLowerCase() } : null
  }
  if (RECEIPT_NUMBER.test(text.toUpperCase()))
    return { kind: 'receipt', number: text.toUpperCase() }
  const stripe = STRIPE_ID.exec(text)
  if (stripe) {
    const prefix = stripe[1] as keyof typeof STRIPE_ID_KINDS
    return { kind: 'stripe', field: STRIPE_ID_KINDS[prefix], id: text }
  }
  return null
}

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess(blankToUndefined, schema.optional())

const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  optional(z.enum(values, { errorMap: () => ({ message }) }))

const day = (label: string) =>
  optional(
    z
      .string()
      .refine((value) => parseUtcDay(value) !== null, `Enter the ${label} date as YYYY-MM-DD`),
  )

const flag = (message: string) =>
  optional(z.enum(['1', 'on', 'true', 'yes'], { errorMap: () => ({ message }) })).transform(
    (value) => value !== undefined,
  )

const cursor = optional(
  z.string().transform((value, ctx) => {
    const decoded = decodeCursor(value)
    if (!decoded) {
      ctx.addIssue({ code: 'custom', message: 'That page link is not valid; start again' })
      return z.NEVER
    }
    return decoded
  }),
)

export const ledgerFilterSchema = z
  .object({
    from: day('start'),
    to: day('end'),
    campaign: optional(z.string().regex(CUID_LIKE, 'Choose a campaign from the list')),
    fund: choice(Object.values(Fund) as [Fund, ...Fund[]], 'Choose a fund from the list'),
    status: choice(GIFT_STATUSES, 'Choose a status from the list'),
    frequency: choice(GIFT_FREQUENCIES, 'Choose one-time, monthly or annual'),
    currency: choice(
      CURRENCY_CODES as [CurrencyCode, ...CurrencyCode[]],
      'Choose a currency from the list',
    ),
    method: optional(
      z.string().regex(/^[a-z][a-z_]{0,39}$/, 'Choose a payment method from the list'),
    ),
    refunded: flag('Tick the box or leave it empty'),
    disputed: flag('Tick the box or leave it empty'),
    source: choice(GIFT_SOURCES, 'Choose online or offline'),
    q: optional(z.string().trim().max(300, 'Search for one email, receipt number or Stripe id')),
    after: cursor,
    before: cursor,
  })
  .transform((value, ctx) => {
    let failed = false
    const fail = (path: string, message: string) => {
      failed = true
      ctx.addIssue({ code: 'custom', path: [path], message })
    }
    const from = value.from ? parseUtcDay(value.from) : null
    const to = value.to ? parseUtcDay(value.to) : null
    if (from && to && to < from) fail('to', 'The end date must be on or after the start date')
    let search: LedgerSearch | undefined
    if (value.q) {
      const classified = classifySearch(value.q)
      if (classified) search = classified
      else
        fail(
          'q',
          'Search for a donor email, a receipt number (LAN-2026-000123) or a Stripe id (cs_, pi_, ch_, in_, sub_)',
        )
    }
    if (value.after && value.before) fail('after', 'That page link is not valid; start again')
    if (failed) return z.NEVER
    return { ...value, search }
  })

export type LedgerFilter = z.output<typeof ledgerFilterSchema>

export type LedgerFilterParse =
  { ok: true; filter: LedgerFilter } | { ok: false; fieldErrors: Partial<Record<string, string[]>> }

/** Parses a query string; bad values come back as field errors keyed by parameter. */
export function parseLedgerFilter(searchParams: URLSearchParams): LedgerFilterParse {
  const input: Record<string, string> = {}
  for (const key of [...LEDGER_FILTER_KEYS, 'after', 'before'] as const) {
    const value = searchParams.get(key)
    if (value !== null) input[key] = value
  }
  const parsed = ledgerFilterSchema.safeParse(input)
  if (parsed.success) return { ok: true, filter: parsed.data }
  return { ok: false, fieldErrors: parsed.error.flatten().fieldErrors }
}

/** The filter's own parameters (no cursor) as a query string, for page links and exports. */
export function ledgerFilterQuery(searchParams: URLSearchParams): URLSearchParams {
  const query = new URLSearchParams()
  for (const key of LEDGER_FILTER_KEYS) {
    const value = searchParams.get(key)
    if (value !== null && value.trim() !== '') query.set(key, value)
  }
  return query
}
