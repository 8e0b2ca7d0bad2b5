import type { Emulator } from '../emulator.ts'
import { paymentMethodObject } from '../engine/setup-intents.ts'
import type { ApiRequest, Route } from '../router.ts'
import { noSuchResource } from '../wire.ts'
import { listOf, render, retrieve } from './common.ts'

/** A saved card or debit as a PaymentMethod (docs.stripe.com/api/payment_methods/retrieve). */
function retrievePaymentMethod(emu: Emulator, request: ApiRequest): object {
  request.params.allowOnly(['expand'])
  const id = request.pathParams.id ?? ''
  const method = emu.store.paymentMethods.get(id)
  if (!method) throw noSuchResource('payment_method', id, 'payment_method')
  return render(emu, request, paymentMethodObject(emu, method))
}

export const setupIntentRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v1/setup_intents',
    handler: (emu, request) =>
      listOf(emu, request, emu.store.setupIntents.list(), {
        by: { customer: (intent) => intent.customer, payment_method: (i) => i.payment_method },
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/setup_intents/:id',
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.setupIntents, 'intent'),
  },
  { method: 'GET', pattern: '/v1/payment_methods/:id', handler: retrievePaymentMethod },
]
