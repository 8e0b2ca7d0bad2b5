import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { createCustomer } from '../engine/customers.ts'
import { emit, previousValues } from '../events.ts'
import { mergeMetadata } from '../params.ts'
import type { ApiRequest, Route } from '../router.ts'
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

/** Updates the given fields (an empty value unsets one) and emits `customer.updated`. */
function update(emu: Emulator, request: ApiRequest): object {
  const params = request.params.allowOnly([...FIELDS, 'metadata', 'expand'])
  const customer = emu.store.customers.require(request.pathParams.id ?? '')
  const changed = FIELDS.filter((field) => params.has(field))
  const previous = previousValues(customer, [
    ...changed,
    ...(params.has('metadata') ? (['metadata'] as const) : []),
  ])
  for (const field of changed)
    customer[field] = params.values[field] === '' ? null : (params.string(field) ?? null)
  customer.metadata = mergeMetadata(customer.metadata, params.metadata())
  if (Object.keys(previous).length > 0) emit(emu, 'customer.updated', customer, previous)
  return render(emu, request, customer)
}

function remove(emu: Emulator, request: ApiRequest): object {
  request.params.allowOnly([])
  const customer: Stripe.Customer = emu.store.customers.require(request.pathParams.id ?? '')
  emit(emu, 'customer.deleted', customer)
  emu.store.customers.delete(customer.id)
  return { id: customer.id, object: 'customer', deleted: true }
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
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.customers),
  },
  { method: 'POST', pattern: '/v1/customers/:id', handler: update },
  { method: 'DELETE', pattern: '/v1/customers/:id', handler: remove },
]
