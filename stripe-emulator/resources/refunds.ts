import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { refundCharge } from '../engine/refunds.ts'
import { emit } from '../events.ts'
import { mergeMetadata } from '../params.ts'
import type { ApiRequest, Route } from '../router.ts'
import { invalidRequest } from '../wire.ts'
import { listOf, render, retrieve } from './common.ts'

/** The charge a refund request names, directly or through its PaymentIntent. */
function chargeToRefund(emu: Emulator, request: ApiRequest): Stripe.Charge {
  const { params } = request
  const chargeId = params.string('charge')
  const intentId = params.string('payment_intent')
  if (chargeId === undefined && intentId === undefined) {
    throw invalidRequest(
      'One of the following params should be provided for this request: payment_intent or charge.',
      'charge',
    )
  }
  if (chargeId !== undefined) {
    const charge = emu.store.charges.referenced(chargeId, 'charge')
    if (intentId !== undefined && charge.payment_intent !== intentId) {
      throw invalidRequest(
        `Charge ${chargeId} does not belong to PaymentIntent ${intentId}.`,
        'payment_intent',
      )
    }
    return charge
  }
  const intent = emu.store.paymentIntents.referenced(intentId as string, 'payment_intent')
  if (intent.status !== 'succeeded' || typeof intent.latest_charge !== 'string') {
    throw invalidRequest(
      `This PaymentIntent (${intent.id}) does not have a successful charge to refund.`,
      'payment_intent',
      'charge_not_refundable',
    )
  }
  return emu.store.charges.require(intent.latest_charge)
}

function create(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly([
    'charge',
    'payment_intent',
    'amount',
    'reason',
    'metadata',
    'instructions_email',
    'expand',
  ])
  const charge = chargeToRefund(emu, request)
  params.string('instructions_email')
  const refund = refundCharge(emu, charge, {
    amount: params.integer('amount', { min: 1 }),
    reason:
      params.string('reason', { oneOf: ['duplicate', 'fraudulent', 'requested_by_customer'] }) ??
      null,
    metadata: params.newMetadata(),
  })
  return render(emu, request, refund)
}

function update(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly(['metadata', 'expand'])
  const refund = emu.store.refunds.require(request.pathParams.id ?? '', 'refund')
  const previous = { metadata: structuredClone(refund.metadata) }
  refund.metadata = mergeMetadata(refund.metadata ?? {}, params.metadata())
  emit(emu, 'refund.updated', refund, previous)
  return render(emu, request, refund)
}

export const refundRoutes: Route[] = [
  { method: 'POST', pattern: '/v1/refunds', handler: create },
  {
    method: 'GET',
    pattern: '/v1/refunds',
    handler: (emu, request) =>
      listOf(emu, request, emu.store.refunds.list(), {
        by: {
          charge: (refund) => refund.charge,
          payment_intent: (refund) => refund.payment_intent,
        },
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/refunds/:id',
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.refunds, 'refund'),
  },
  { method: 'POST', pattern: '/v1/refunds/:id', handler: update },
]
