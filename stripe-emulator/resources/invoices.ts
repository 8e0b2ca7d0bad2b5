import type { Route } from '../router.ts'
import { listOf, retrieve } from './common.ts'

/** Invoices and invoice payments are made by subscriptions; the API reads them. */
export const invoiceRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/v1/invoices',
    handler: (emu, request) =>
      listOf(emu, request, emu.store.invoices.list(), {
        by: {
          customer: (invoice) => invoice.customer,
          subscription: (invoice) => invoice.parent?.subscription_details?.subscription,
          status: (invoice) => invoice.status,
          collection_method: (invoice) => invoice.collection_method,
        },
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/invoices/:id',
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.invoices, 'invoice'),
  },
  {
    method: 'GET',
    pattern: '/v1/invoice_payments',
    handler: (emu, request) => {
      const payment = request.params.object('payment')?.allowOnly(['type', 'payment_intent'])
      payment?.string('type', { required: true, oneOf: ['payment_intent', 'payment_record'] })
      const intent = payment?.string('payment_intent')
      return listOf(emu, request, emu.store.invoicePayments.list(), {
        by: { invoice: (item) => item.invoice, status: (item) => item.status },
        also: ['payment'],
        where: (item) => intent === undefined || item.payment.payment_intent === intent,
      })
    },
  },
  {
    method: 'GET',
    pattern: '/v1/invoice_payments/:id',
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.invoicePayments),
  },
]
