import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { createLineItem, createPrice, createProduct } from '../engine/catalog.ts'
import {
  formatMinor,
  isSupportedCurrency,
  MAXIMUM_AMOUNT_MINOR,
  minimumChargeMinor,
  SUPPORTED_CURRENCIES,
} from '../money.ts'
import type { Params } from '../params.ts'
import { invalidRequest, missingParam } from '../wire.ts'

type Interval = Stripe.Price.Recurring.Interval

/** Stripe caps a recurring interval at three years. */
const MAX_INTERVAL_COUNT: Record<Interval, number> = { day: 1095, week: 156, month: 36, year: 3 }

/** A validated line item; objects are only made once every item is valid. */
interface LineItemPlan {
  params: Params
  quantity: number
  price:
    | { existing: Stripe.Price }
    | {
        currency: string
        unitAmount: number
        product:
          | { existing: Stripe.Product }
          | { name: string; description: string | null; metadata: Record<string, string> }
        recurring: { interval: Interval; interval_count: number } | null
      }
}

function parseUnitAmount(data: Params): number {
  const amount = data.integer('unit_amount', { min: 0 })
  const decimal = data.string('unit_amount_decimal')
  if (amount !== undefined && decimal !== undefined) {
    throw invalidRequest(
      'You may only specify one of these parameters: unit_amount, unit_amount_decimal.',
      data.name('unit_amount_decimal'),
    )
  }
  if (decimal !== undefined) {
    if (!/^\d+(\.\d{1,12})?$/.test(decimal))
      throw invalidRequest(`Invalid decimal: ${decimal}`, data.name('unit_amount_decimal'))
    if (!Number.isInteger(Number(decimal))) {
      throw invalidRequest(
        'The Stripe emulator supports only whole minor units.',
        data.name('unit_amount_decimal'),
      )
    }
    return Number(decimal)
  }
  if (amount === undefined) throw missingParam(data.name('unit_amount'))
  return amount
}

function parseRecurring(data: Params): { interval: Interval; interval_count: number } | null {
  const recurring = data.object('recurring')?.allowOnly(['interval', 'interval_count'])
  if (!recurring) return null
  const interval = recurring.string<Interval>('interval', {
    required: true,
    oneOf: ['day', 'week', 'month', 'year'],
  }) as Interval
  const count =
    recurring.integer('interval_count', { min: 1, max: MAX_INTERVAL_COUNT[interval] }) ?? 1
  return { interval, interval_count: count }
}

function parsePriceData(
  emu: Emulator,
  data: Params,
): Extract<LineItemPlan['price'], { currency: string }> {
  data.allowOnly([
    'currency',
    'product',
    'product_data',
    'unit_amount',
    'unit_amount_decimal',
    'recurring',
    'tax_behavior',
  ])
  const currency = (data.string('currency', { required: true }) as string).toLowerCase()
  if (!isSupportedCurrency(currency)) {
    throw invalidRequest(
      `Invalid currency: ${currency}. The Stripe emulator supports: ${SUPPORTED_CURRENCIES.join(', ')}.`,
      data.name('currency'),
    )
  }
  data.string('tax_behavior', { oneOf: ['exclusive', 'inclusive', 'unspecified'] })
  const productId = data.string('product')
  const productData = data.object('product_data')
  if (productId !== undefined && productData) {
    throw invalidRequest(
      'You may only specify one of these parameters: product, product_data.',
      data.name('product'),
    )
  }
  let product: Extract<LineItemPlan['price'], { currency: string }>['product']
  if (productId !== undefined) {
    product = { existing: emu.store.products.referenced(productId, data.name('product')) }
  } else if (productData) {
    productData.allowOnly(['name', 'description', 'images', 'metadata', 'tax_code', 'unit_label'])
    productData.strings('images')
    productData.string('tax_code')
    productData.string('unit_label')
    product = {
      name: productData.string('name', { required: true }) as string,
      description: productData.string('description') ?? null,
      metadata: productData.newMetadata(),
    }
  } else {
    throw missingParam(data.name('product_data'))
  }
  return { currency, unitAmount: parseUnitAmount(data), product, recurring: parseRecurring(data) }
}

function parseLineItem(emu: Emulator, item: Params): LineItemPlan {
  item.allowOnly(['price', 'price_data', 'quantity'])
  const priceId = item.string('price')
  const data = item.object('price_data')
  if ((priceId === undefined) === (data === undefined)) {
    throw invalidRequest(
      'You must specify either `price` or `price_data` (and not both).',
      item.name('price'),
    )
  }
  const quantity = item.integer('quantity', { required: true, min: 1, max: 999_999 }) as number
  const price = data
    ? parsePriceData(emu, data)
    : { existing: emu.store.prices.referenced(priceId as string, item.name('price')) }
  return { params: item, quantity, price }
}

const currencyOf = (plan: LineItemPlan) =>
  'existing' in plan.price ? plan.price.existing.currency : plan.price.currency
const unitAmountOf = (plan: LineItemPlan) =>
  'existing' in plan.price ? (plan.price.existing.unit_amount ?? 0) : plan.price.unitAmount
const recurringOf = (plan: LineItemPlan) =>
  'existing' in plan.price ? plan.price.existing.recurring : plan.price.recurring

function checkModeRules(plans: LineItemPlan[], mode: 'payment' | 'subscription'): void {
  const recurring = plans.filter((plan) => recurringOf(plan))
  if (mode === 'payment') {
    if (plans.length > 100)
      throw invalidRequest(
        'You can only pass up to 100 line items in `payment` mode.',
        'line_items',
      )
    const first = recurring[0]
    if (first) {
      throw invalidRequest(
        'You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.',
        first.params.name('price_data'),
      )
    }
    return
  }
  if (recurring.length === 0) {
    throw invalidRequest(
      'You must provide at least one recurring price in `subscription` mode when using prices.',
      'line_items',
    )
  }
  if (recurring.length > 20 || plans.length - recurring.length > 20) {
    throw invalidRequest(
      'Subscription mode accepts up to 20 recurring and 20 one-time line items.',
      'line_items',
    )
  }
  const [first, ...others] = recurring.map((plan) => recurringOf(plan))
  if (
    others.some(
      (other) =>
        other?.interval !== first?.interval || other?.interval_count !== first?.interval_count,
    )
  ) {
    throw invalidRequest(
      'All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.',
      'line_items',
    )
  }
}

/**
 * Validates `line_items` like Stripe (price xor price_data, one currency, recurring only in
 * subscription mode, the currency's minimum charge) and then creates their products, prices and
 * line items.
 */
export function lineItemsFrom(
  emu: Emulator,
  params: Params,
  mode: 'payment' | 'subscription',
): { lineItems: Stripe.LineItem[]; currency: string; amountTotal: number } {
  const plans = params.objects('line_items').map((item) => parseLineItem(emu, item))
  if (plans.length === 0) throw missingParam('line_items')
  checkModeRules(plans, mode)
  const currency = currencyOf(plans[0] as LineItemPlan)
  const mismatch = plans.find((plan) => currencyOf(plan) !== currency)
  if (mismatch)
    throw invalidRequest(
      'All line items must have the same currency.',
      mismatch.params.name('price_data'),
    )
  const amountTotal = plans.reduce((sum, plan) => sum + unitAmountOf(plan) * plan.quantity, 0)
  const minimum = minimumChargeMinor(currency)
  if (amountTotal < minimum) {
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${formatMinor(minimum, currency)} ${currency}`,
      'line_items',
      'amount_too_small',
    )
  }
  if (amountTotal > MAXIMUM_AMOUNT_MINOR) {
    throw invalidRequest(
      `The Checkout Session's total amount due must be no more than ${formatMinor(MAXIMUM_AMOUNT_MINOR, currency)} ${currency}`,
      'line_items',
      'amount_too_large',
    )
  }
  const lineItems = plans.map((plan) => {
    if ('existing' in plan.price) {
      const productName = emu.store.products.get(String(plan.price.existing.product))?.name ?? ''
      return createLineItem(plan.price.existing, plan.quantity, productName)
    }
    const { product: productPlan } = plan.price
    const product =
      'existing' in productPlan ? productPlan.existing : createProduct(emu, productPlan)
    const price = createPrice(emu, {
      currency,
      unitAmount: plan.price.unitAmount,
      product: product.id,
      recurring: plan.price.recurring,
    })
    return createLineItem(price, plan.quantity, product.name)
  })
  return { lineItems, currency, amountTotal }
}
