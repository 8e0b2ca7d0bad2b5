import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { createCustomer } from '../engine/customers.ts'
import { endSubscription } from '../engine/subscriptions.ts'
import { emit, previousValues } from '../events.ts'
import { mergeMetadata, type Params } from '../params.ts'
import type { ApiRequest, Route } from '../router.ts'
import { invalidRequest } from '../wire.ts'
import { listOf, render, retrieve } from './common.ts'

const FIELDS = ['email', 'name', 'phone', 'description'] as const

function create(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly([...FIELDS, 'metadata', 'expand'])
  const customer = createCustomer(emu, {
    email: params.string('email', { maxLength: 512 }) ?? null,
    name: params.string('name', { maxLength: 256 }) ?? null,
    phone: params.string('phone', { maxLength: 20 }) ?? null,
    description: params.string('description', { maxLength: 350 }) ?? null,
    metadata: params.newMetadata(),
  })
  return render(emu, request, customer)
}

/**
 * `invoice_settings[default_payment_method]`: the card subscriptions without a default of their
 * own are charged with; it must be attached to this customer
 * (docs.stripe.com/api/customers/update#update_customer-invoice_settings-default_payment_method).
 */
function invoiceDefault(emu: Emulator, params: Params, customer: Stripe.Customer) {
  const settings = params.object('invoice_settings')?.allowOnly(['default_payment_method'])
  if (!settings?.has('default_payment_method')) return undefined
  if (settings.values.default_payment_method === '') return null
  const id = settings.string('default_payment_method') as string
  if (emu.store.paymentMethods.get(id)?.customer !== customer.id) {
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      settings.name('default_payment_method'),
      'resource_missing',
    )
  }
  return id
}

/** Updates the given fields (an empty value unsets one) and emits `customer.updated`. */
function update(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly([...FIELDS, 'metadata', 'invoice_settings', 'expand'])
  const customer = emu.store.customers.require(request.pathParams.id ?? '')
  const defaultMethod = invoiceDefault(emu, params, customer)
  const changed = FIELDS.filter((field) => params.has(field))
  const previous = previousValues(customer, [
    ...changed,
    ...(params.has('metadata') ? (['metadata'] as const) : []),
  ])
  for (const field of changed)
    customer[field] = params.values[field] === '' ? null : (params.string(field) ?? null)
  customer.metadata = mergeMetadata(customer.metadata, params.metadata())
  if (
    defaultMethod !== undefined &&
    defaultMethod !== customer.invoice_settings.default_payment_method
  ) {
    previous.invoice_settings = structuredClone(customer.invoice_settings)
    customer.invoice_settings.default_payment_method = defaultMethod
  }
  if (Object.keys(previous).length > 0) emit(emu, 'customer.updated', customer, previous)
  return render(emu, request, customer)
}

/**
 * `DELETE /v1/customers/:id` (docs.stripe.com/api/customers/delete): permanent. It cancels the
 * customer's subscriptions at once (`customer.subscription.deleted` each), removes their saved
 * payment methods, emits `customer.deleted` and answers `{ id, object, deleted: true }`. An
 * unknown or already deleted customer is a 404 `resource_missing`; a deleted one can still be
 * retrieved (as that stub) but no longer updated or used.
 */
function remove(emu: Emulator, request: ApiRequest): object {
  request.params.allowOnly([])
  const customer: Stripe.Customer = emu.store.customers.require(request.pathParams.id ?? '')
  for (const subscription of emu.store.subscriptions.values()) {
    if (subscription.customer !== customer.id) continue
    if (subscription.status === 'canceled' || subscription.status === 'incomplete_expired') continue
    endSubscription(emu, subscription, { reason: 'cancellation_requested' })
  }
  for (const [id, method] of emu.store.paymentMethods) {
    if (method.customer === customer.id) emu.store.paymentMethods.delete(id)
  }
  emit(emu, 'customer.deleted', customer)
  emu.store.customers.delete(customer.id)
  emu.store.deletedCustomers.add(customer.id)
  return deletedStub(customer.id)
}

const deletedStub = (id: string) => ({ id, object: 'customer', deleted: true })

function retrieveCustomer(emu: Emulator, request: ApiRequest): object {
  const id = request.pathParams.id ?? ''
  if (emu.store.deletedCustomers.has(id)) {
    request.params.allowOnly(['expand'])
    return deletedStub(id)
  }
  return retrieve(emu, request, (e) => e.store.customers)
}

export const customerRoutes: Route[] = [
  { method: 'POST', pattern: '/v1/customers', handler: create },
  {
    method: 'GET',
    pattern: '/v1/customers',
    handler: (emu, request) =>
      listOf(emu, request, emu.store.customers.list(), { by: { email: (c) => c.email } }),
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:id',
    handler: retrieveCustomer,
  },
  { method: 'POST', pattern: '/v1/customers/:id', handler: update },
  { method: 'DELETE', pattern: '/v1/customers/:id', handler: remove },
]
