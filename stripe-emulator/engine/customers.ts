import { randomBytes } from 'node:crypto'
import type Stripe from 'stripe'
import type { Emulator } from '../emulator.ts'
import { emit } from '../events.ts'
import { newId } from '../ids.ts'

export interface CustomerInput {
  email: string | null
  name: string | null
  phone?: string | null
  description?: string | null
  metadata?: Record<string, string>
}

export function createCustomer(emu: Emulator, input: CustomerInput): Stripe.Customer {
  const customer = emu.store.customers.add({
    id: newId('cus'),
    object: 'customer',
    address: null,
    balance: 0,
    created: emu.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    email: input.email,
    invoice_prefix: randomBytes(4).toString('hex').toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: input.metadata ?? {},
    name: input.name,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  })
  emit(emu, 'customer.created', customer)
  return customer
}
