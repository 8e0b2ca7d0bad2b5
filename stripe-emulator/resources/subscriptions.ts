import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { endSubscription, setCancelAtPeriodEnd } from '../engine/subscriptions.ts'
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

/** `cancel_at_period_end`, `metadata`, `description` and `cancellation_details`. */
function update(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly([
    'cancel_at_period_end',
    'metadata',
    'description',
    'cancellation_details',
    'proration_behavior',
    'expand',
  ])
  const subscription = find(emu, request)
  const cancelAtPeriodEnd = params.boolean('cancel_at_period_end')
  const description = params.string('description', { maxLength: 500 })
  if (
    subscription.status === 'canceled' &&
    (cancelAtPeriodEnd !== undefined || description !== undefined)
  ) {
    throw invalidRequest(
      'A canceled subscription can only update its cancellation_details and metadata.',
      'cancel_at_period_end',
    )
  }
  params.string('proration_behavior', { oneOf: ['always_invoice', 'create_prorations', 'none'] })
  let previous: Record<string, unknown> = {}
  if (cancelAtPeriodEnd !== undefined && cancelAtPeriodEnd !== subscription.cancel_at_period_end) {
    previous = setCancelAtPeriodEnd(emu, subscription, cancelAtPeriodEnd)
  }
  if (description !== undefined && description !== subscription.description) {
    previous.description = subscription.description
    subscription.description = description
  }
  if (params.has('metadata')) {
    previous.metadata = structuredClone(subscription.metadata)
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
  if (Object.keys(previous).length > 0)
    emit(emu, 'customer.subscription.updated', subscription, previous)
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
