/**
 * What of a processed Stripe event payload is kept once it is old enough: what reconciliation
 * and an auditor need (ids, types, amounts, currencies, fees, balance transactions, statuses,
 * dates), and nothing that names or locates a person. An allowlist, not a denylist: a field
 * Stripe adds later (a new kind of customer detail) is dropped without anyone noticing it.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/** Keys kept with their value (strings, numbers and booleans), and objects walked into. */
const KEPT_KEYS = new Set([
  'id',
  'object',
  'type',
  'created',
  'livemode',
  'api_version',
  'currency',
  'status',
  'mode',
  'payment_status',
  'reason',
  'reporting_category',
  'exchange_rate',
  'interval',
  'billing_reason',
  'available_on',
  'arrival_date',
  'period_start',
  'period_end',
  'paid',
  'refunded',
  'captured',
  'data',
  'previous_attributes',
  'lines',
  'refunds',
  'fee_details',
  'plan',
  'price',
  'recurring',
  'has_more',
])

/** References to other Stripe objects: an id string, or the expanded object (walked into). */
const REFERENCE_KEYS = new Set([
  'balance_transaction',
  'payment_intent',
  'latest_charge',
  'charge',
  'invoice',
  'subscription',
  'customer',
  'payout',
  'refund',
  'dispute',
  'source',
  'source_transaction',
  'checkout_session',
  'product',
])

function isAmountKey(key: string): boolean {
  return /(^|_)(amount|fee|net|total|subtotal)(_|$)/.test(key)
}

function keeps(key: string): boolean {
  return KEPT_KEYS.has(key) || REFERENCE_KEYS.has(key) || isAmountKey(key)
}

export function scrubStripePayload(value: Json): Json {
  if (Array.isArray(value)) return value.map(scrubStripePayload)
  if (value === null || typeof value !== 'object') return value
  const kept: { [key: string]: Json } = {}
  for (const [key, inner] of Object.entries(value)) {
    if (!keeps(key)) continue
    kept[key] = scrubStripePayload(inner)
  }
  return kept
}
