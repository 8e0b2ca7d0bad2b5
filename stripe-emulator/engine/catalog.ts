import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { newId } from '../ids.ts'

/**
 * Decimal fields (`unit_amount_decimal`, `amount_decimal`) travel as JSON strings; SDK 23 turns
 * them into `Stripe.Decimal` and throws on anything else (reference §0 item 6). The cast only
 * bridges the SDK's parsed type and the wire value the emulator stores.
 */
export function wireDecimal(amount: number): Stripe.Decimal {
  return String(amount) as unknown as Stripe.Decimal
}

export interface ProductInput {
  name: string
  description: string | null
  metadata: Record<string, string>
}

export function createProduct(emu: Emulator, input: ProductInput): Stripe.Product {
  const now = emu.now()
  return emu.store.products.add({
    id: newId('prod'),
    object: 'product',
    active: true,
    created: now,
    default_price: null,
    description: input.description,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: input.metadata,
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: now,
    url: null,
  })
}

export interface PriceInput {
  currency: string
  unitAmount: number
  product: string
  recurring: { interval: Stripe.Price.Recurring.Interval; interval_count: number } | null
}

/** Prices made from `price_data` are inactive and private to the session, as on Stripe. */
export function createPrice(emu: Emulator, input: PriceInput): Stripe.Price {
  return emu.store.prices.add({
    id: newId('price'),
    object: 'price',
    active: false,
    billing_scheme: 'per_unit',
    created: emu.now(),
    currency: input.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: input.product,
    recurring: input.recurring && {
      ...input.recurring,
      meter: null,
      trial_period_days: null,
      usage_type: 'licensed',
    },
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: input.recurring ? 'recurring' : 'one_time',
    unit_amount: input.unitAmount,
    unit_amount_decimal: wireDecimal(input.unitAmount),
  })
}

/** The legacy Plan view of a recurring price, still present on subscription items. */
export function planOf(price: Stripe.Price): Stripe.Plan {
  const recurring = price.recurring
  if (!recurring) throw new Error(`${price.id} is not recurring`)
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: 'per_unit',
    created: price.created,
    currency: price.currency,
    interval: recurring.interval,
    interval_count: recurring.interval_count,
    livemode: false,
    metadata: {},
    meter: null,
    nickname: null,
    product: price.product,
    tiers_mode: null,
    transform_usage: null,
    trial_period_days: null,
    usage_type: 'licensed',
  }
}

export function createLineItem(
  price: Stripe.Price,
  quantity: number,
  description: string,
): Stripe.LineItem {
  const amount = (price.unit_amount ?? 0) * quantity
  return {
    id: newId('li'),
    object: 'item',
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description,
    metadata: {},
    price,
    quantity,
  }
}
