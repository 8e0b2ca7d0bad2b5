import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { createPrice } from '../engine/catalog.ts'
import { chargeRenewal } from '../engine/renewals.ts'
import { restartCycle, setItemPrice, startTrial } from '../engine/subscription-changes.ts'
import { endSubscription, setCancelAtPeriodEnd } from '../engine/subscriptions.ts'
import { formatMinor, MAXIMUM_AMOUNT_MINOR, minimumChargeMinor } from '../money.ts'
import { emit } from '../events.ts'
import { mergeMetadata, type Params } from '../params.ts'
import type { ApiRequest, Route } from '../router.ts'
import { invalidRequest } from '../wire.ts'
import { listOf, render, retrieve } from './common.ts'

const FEEDBACK = [
  'customer_service',
  'low_quality',
  'missing_features',
  'other',
  'switched_service',
  'too_complex',
  'too_expensive',
  'unused',
] as const

function cancellationDetails(params: Params) {
  const details = params.object('cancellation_details')?.allowOnly(['comment', 'feedback'])
  return {
    comment: details?.string('comment', { maxLength: 5000 }),
    feedback: details?.string('feedback', { oneOf: FEEDBACK }),
  }
}

function find(emu: Emulator, request: ApiRequest): Stripe.Subscription {
  return emu.store.subscriptions.require(request.pathParams.id ?? '', 'subscription_exposed_id')
}

const PAUSE_BEHAVIORS = ['keep_as_draft', 'mark_uncollectible', 'void'] as const
/** Stripe limits a trial to two years (docs.stripe.com/billing/subscriptions/trials). */
const MAX_TRIAL_SECONDS = 730 * 24 * 60 * 60

/** `items[n]`: an existing item (`id`) given a new `price` or `price_data`. */
function itemChanges(
  emu: Emulator,
  params: Params,
  subscription: Stripe.Subscription,
): Array<{ item: Stripe.SubscriptionItem; price: Stripe.Price }> {
  return params.objects('items').map((entry) => {
    entry.allowOnly(['id', 'price', 'price_data', 'quantity', 'metadata'])
    const id = entry.string('id')
    if (id === undefined) {
      throw invalidRequest(
        'The Stripe emulator changes existing subscription items only; pass `id`.',
        entry.name('id'),
      )
    }
    const item = subscription.items.data.find((candidate) => candidate.id === id)
    if (!item) {
      throw invalidRequest(
        `Invalid subscription item: ${id} does not belong to subscription ${subscription.id}.`,
        entry.name('id'),
      )
    }
    if (entry.integer('quantity', { min: 1 }) !== undefined && !entry.has('price')) {
      throw invalidRequest(
        'The Stripe emulator does not change quantities.',
        entry.name('quantity'),
      )
    }
    const priceId = entry.string('price')
    const data = entry.object('price_data')
    if (priceId !== undefined && data) {
      throw invalidRequest(
        'You may only specify one of these parameters: price, price_data.',
        entry.name('price_data'),
      )
    }
    let price: Stripe.Price
    if (priceId !== undefined) {
      price = emu.store.prices.referenced(priceId, entry.name('price'))
      if (!price.recurring) {
        throw invalidRequest(
          `The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
          entry.name('price'),
        )
      }
    } else if (data) {
      // Subscription items take `price_data[product]` (an id); `product_data` is Checkout's.
      data.allowOnly(['currency', 'product', 'unit_amount', 'recurring', 'tax_behavior'])
      const currency = (data.string('currency', { required: true }) as string).toLowerCase()
      const product = emu.store.products.referenced(
        data.string('product', { required: true }) as string,
        data.name('product'),
      )
      const recurring = data.object('recurring', { required: true }) as Params
      recurring.allowOnly(['interval', 'interval_count'])
      const interval = recurring.string<Stripe.Price.Recurring.Interval>('interval', {
        required: true,
        oneOf: ['day', 'week', 'month', 'year'],
      }) as Stripe.Price.Recurring.Interval
      data.string('tax_behavior', { oneOf: ['exclusive', 'inclusive', 'unspecified'] })
      const unitAmount = data.integer('unit_amount', { required: true, min: 0 }) as number
      checkAmount(unitAmount, currency, data.name('unit_amount'))
      price = createPrice(emu, {
        currency,
        unitAmount,
        product: product.id,
        recurring: {
          interval,
          interval_count: recurring.integer('interval_count', { min: 1 }) ?? 1,
        },
      })
    } else {
      throw invalidRequest('You must specify either `price` or `price_data`.', entry.name('price'))
    }
    if (price.currency !== subscription.currency) {
      throw invalidRequest(
        `The price's currency (${price.currency}) must match the subscription's currency (${subscription.currency}).`,
        entry.name(priceId !== undefined ? 'price' : 'price_data'),
      )
    }
    return { item, price }
  })
}

function checkAmount(amount: number, currency: string, param: string): void {
  if (amount > MAXIMUM_AMOUNT_MINOR) {
    throw invalidRequest(
      `This value must be less than or equal to ${MAXIMUM_AMOUNT_MINOR}.`,
      param,
      'amount_too_large',
    )
  }
  const minimum = minimumChargeMinor(currency)
  if (amount > 0 && amount < minimum) {
    throw invalidRequest(
      `Amount must be at least ${formatMinor(minimum, currency)} ${currency}`,
      param,
      'amount_too_small',
    )
  }
}

/** `pause_collection[behavior|resumes_at]`, or `pause_collection=` (empty) to resume. */
function pauseCollection(
  params: Params,
  now: number,
): Stripe.Subscription.PauseCollection | null | undefined {
  if (params.values.pause_collection === '') return null
  const pause = params.object('pause_collection')?.allowOnly(['behavior', 'resumes_at'])
  if (!pause) return undefined
  const behavior = pause.string('behavior', {
    required: true,
    oneOf: PAUSE_BEHAVIORS,
  }) as Stripe.Subscription.PauseCollection.Behavior
  const resumesAt = pause.integer('resumes_at') ?? null
  if (resumesAt !== null && resumesAt <= now) {
    throw invalidRequest(
      'Invalid timestamp: must be an integer Unix timestamp in the future.',
      pause.name('resumes_at'),
    )
  }
  return { behavior, resumes_at: resumesAt }
}

/** `trial_end`: a future time (at most two years on). `now` is not modelled. */
function trialEnd(params: Params, now: number): number | undefined {
  if (params.values.trial_end === 'now') {
    throw invalidRequest(
      'The Stripe emulator does not model `trial_end=now`; pass a future timestamp.',
      'trial_end',
    )
  }
  const value = params.integer('trial_end')
  if (value === undefined) return undefined
  if (value <= now) {
    throw invalidRequest(
      'Invalid timestamp: must be an integer Unix timestamp in the future.',
      'trial_end',
    )
  }
  if (value > now + MAX_TRIAL_SECONDS) {
    throw invalidRequest(
      'Invalid timestamp: can be no more than two years in the future.',
      'trial_end',
    )
  }
  return value
}

/**
 * `POST /v1/subscriptions/:id`: `cancel_at_period_end`, `metadata`, `description`,
 * `cancellation_details`, `items` (new price), `trial_end`, `pause_collection`,
 * `default_payment_method`, `billing_cycle_anchor=unchanged`. See engine/subscription-changes.ts
 * for what each does and the Stripe pages it follows.
 */
function update(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly([
    'cancel_at_period_end',
    'metadata',
    'description',
    'cancellation_details',
    'proration_behavior',
    'items',
    'trial_end',
    'pause_collection',
    'default_payment_method',
    'billing_cycle_anchor',
    'expand',
  ])
  const subscription = find(emu, request)
  const now = emu.now()
  const cancelAtPeriodEnd = params.boolean('cancel_at_period_end')
  const description = params.string('description', { maxLength: 500 })
  const changesBilling = ['items', 'trial_end', 'pause_collection', 'default_payment_method'].some(
    (key) => params.has(key),
  )
  if (
    subscription.status === 'canceled' &&
    (cancelAtPeriodEnd !== undefined || description !== undefined || changesBilling)
  ) {
    throw invalidRequest(
      'A canceled subscription can only update its cancellation_details and metadata.',
      cancelAtPeriodEnd !== undefined ? 'cancel_at_period_end' : undefined,
    )
  }
  const proration = params.string('proration_behavior', {
    oneOf: ['always_invoice', 'create_prorations', 'none'],
  })
  // Stripe accepts only `now` or `unchanged` here on an existing subscription: a later billing
  // date is set with `trial_end` (docs.stripe.com/billing/subscriptions/billing-cycle#changing).
  const anchor = params.string('billing_cycle_anchor', { oneOf: ['now', 'unchanged'] })
  if (anchor === 'now') {
    throw invalidRequest(
      'The Stripe emulator does not model `billing_cycle_anchor=now`.',
      'billing_cycle_anchor',
    )
  }
  const changes = itemChanges(emu, params, subscription)
  const newTrialEnd = trialEnd(params, now)
  const pause = pauseCollection(params, now)
  const priceChanges = changes.filter(({ item, price }) => item.price.id !== price.id)
  if ((priceChanges.length > 0 || newTrialEnd !== undefined) && proration !== 'none') {
    throw invalidRequest(
      'The Stripe emulator does not model prorations: pass `proration_behavior=none` with a new price or `trial_end`.',
      'proration_behavior',
    )
  }
  const methodId = params.string('default_payment_method')
  if (methodId !== undefined) {
    const method = emu.store.paymentMethods.get(methodId)
    if (!method || method.customer !== subscription.customer) {
      throw invalidRequest(
        `The customer does not have a payment method with the ID ${methodId}. The payment method must be attached to the customer.`,
        'default_payment_method',
        'resource_missing',
      )
    }
  }

  const previous: Record<string, unknown> = {}
  const remember = (field: keyof Stripe.Subscription) => {
    if (!(field in previous)) previous[field] = structuredClone(subscription[field])
  }
  if (cancelAtPeriodEnd !== undefined && cancelAtPeriodEnd !== subscription.cancel_at_period_end) {
    Object.assign(previous, setCancelAtPeriodEnd(emu, subscription, cancelAtPeriodEnd))
  }
  if (description !== undefined && description !== subscription.description) {
    remember('description')
    subscription.description = description
  }
  if (params.has('metadata')) {
    remember('metadata')
    subscription.metadata = mergeMetadata(subscription.metadata, params.metadata())
  }
  const details = cancellationDetails(params)
  if (details.comment !== undefined || details.feedback !== undefined) {
    const current = subscription.cancellation_details ?? {
      comment: null,
      feedback: null,
      feedback_option: null,
      reason: null,
    }
    previous.cancellation_details ??= structuredClone(current)
    subscription.cancellation_details = {
      ...current,
      comment: details.comment ?? current.comment,
      feedback: details.feedback ?? current.feedback,
    }
  }
  if (methodId !== undefined && methodId !== subscription.default_payment_method) {
    remember('default_payment_method')
    subscription.default_payment_method = methodId
  }
  const interval = (price: Stripe.Price) =>
    `${price.recurring?.interval}/${price.recurring?.interval_count}`
  const intervalChanged = priceChanges.some(
    ({ item, price }) => interval(item.price) !== interval(price),
  )
  if (priceChanges.length > 0) {
    remember('items')
    for (const { item, price } of priceChanges) setItemPrice(item, price)
  }
  if (newTrialEnd !== undefined) {
    for (const field of ['items', 'status', 'trial_start', 'trial_end'] as const) remember(field)
    remember('billing_cycle_anchor')
    startTrial(emu, subscription, newTrialEnd)
  }
  if (pause !== undefined) {
    remember('pause_collection')
    subscription.pause_collection = pause
  }
  let invoice: Stripe.Invoice | null = null
  if (intervalChanged && newTrialEnd === undefined) {
    for (const field of ['items', 'billing_cycle_anchor', 'latest_invoice'] as const)
      remember(field)
    invoice = restartCycle(emu, subscription)
  }
  if (Object.keys(previous).length > 0)
    emit(emu, 'customer.subscription.updated', subscription, previous)
  if (invoice) chargeRenewal(emu, invoice, subscription)
  return render(emu, request, subscription)
}

/** `DELETE /v1/subscriptions/:id`: cancels at once (`customer.subscription.deleted`). */
function cancel(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly([
    'cancellation_details',
    'invoice_now',
    'prorate',
    'expand',
  ])
  params.boolean('invoice_now')
  params.boolean('prorate')
  const subscription = find(emu, request)
  if (subscription.status === 'canceled') {
    throw invalidRequest(
      `Subscription ${subscription.id} has already been canceled.`,
      'subscription_exposed_id',
    )
  }
  const details = cancellationDetails(params)
  endSubscription(emu, subscription, { reason: 'cancellation_requested', ...details })
  return render(emu, request, subscription)
}

const STATUSES = [
  'active',
  'all',
  'canceled',
  'ended',
  'incomplete',
  'incomplete_expired',
  'past_due',
  'paused',
  'trialing',
  'unpaid',
] as const

/** Lists leave canceled subscriptions out unless asked for, as Stripe does. */
function list(emu: Emulator, request: ApiRequest): object {
  const status = request.params.string('status', { oneOf: STATUSES })
  const price = request.params.string('price')
  return listOf(emu, request, emu.store.subscriptions.list(), {
    by: { customer: (subscription) => subscription.customer },
    also: ['status', 'price'],
    where: (subscription) =>
      (price === undefined || subscription.items.data.some((item) => item.price.id === price)) &&
      (status === 'all' ||
        (status === undefined && subscription.status !== 'canceled') ||
        (status === 'ended' && subscription.status === 'canceled') ||
        subscription.status === status),
  })
}

export const subscriptionRoutes: Route[] = [
  { method: 'GET', pattern: '/v1/subscriptions', handler: list },
  {
    method: 'GET',
    pattern: '/v1/subscriptions/:id',
    handler: (emu, request) =>
      retrieve(emu, request, (e) => e.store.subscriptions, 'subscription_exposed_id'),
  },
  { method: 'POST', pattern: '/v1/subscriptions/:id', handler: update },
  { method: 'DELETE', pattern: '/v1/subscriptions/:id', handler: cancel },
]
