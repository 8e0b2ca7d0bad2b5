import type { Store } from './store.ts'
import { invalidRequest, paginate, type ApiList } from './wire.ts'

type Includer = (store: Store, id: string) => ApiList<object>

/**
 * Fields Stripe leaves out unless asked for (`expand[]=line_items`), by object type. Each
 * answers the first page of the list, as Stripe does.
 */
const INCLUDABLE: Record<string, Record<string, Includer>> = {
  'checkout.session': {
    line_items: (store, id) =>
      paginate(store.sessionStateOf(id).lineItems, {}, `/v1/checkout/sessions/${id}/line_items`),
  },
  invoice: {
    payments: (store, id) =>
      paginate(
        store.invoicePayments.list().filter((payment) => payment.invoice === id),
        {},
        `/v1/invoices/${id}/payments`,
      ),
  },
  charge: {
    refunds: (store, id) =>
      paginate(
        store.refunds.list().filter((refund) => refund.charge === id),
        {},
        `/v1/charges/${id}/refunds`,
      ),
  },
}

const MAX_DEPTH = 4

function cannotExpand(field: string): never {
  throw invalidRequest(`This property cannot be expanded (${field}).`, 'expand')
}

/**
 * Polymorphic fields: a path beyond them (`data.source.payment_intent`) applies to the objects
 * that have the next field and skips the others (a payout or adjustment source), instead of
 * failing the whole list.
 */
const POLYMORPHIC: Record<string, string> = { balance_transaction: 'source' }

function expandPath(store: Store, target: unknown, segments: string[], lenient = false): void {
  if (typeof target !== 'object' || target === null || segments.length === 0) return
  const record = target as Record<string, unknown>
  const [field, ...rest] = segments as [string, ...string[]]
  if (field === 'data' && record.object === 'list' && Array.isArray(record.data)) {
    for (const item of record.data) expandPath(store, item, rest, lenient)
    return
  }
  if (lenient && !(field in record)) return
  const include = INCLUDABLE[String(record.object)]?.[field]
  if (include && typeof record.id === 'string') {
    record[field] = include(store, record.id)
  } else if (typeof record[field] === 'string') {
    const found = store.byId.get(record[field])
    if (!found) cannotExpand(field)
    record[field] = structuredClone(found)
  } else if (record[field] === undefined) {
    cannotExpand(field)
  }
  expandPath(store, record[field], rest, POLYMORPHIC[String(record.object)] === field)
}

/**
 * A copy of `object` with each dotted `expand` path replaced by the full object(s), up to four
 * levels deep (docs.stripe.com/api/expanding_objects). Lists take `data.` paths. With nothing to
 * expand it is `object` itself: the one caller (`render`) serialises the answer at once.
 */
export function expandObject<T extends object>(
  store: Store,
  object: T,
  paths: readonly string[],
): T {
  if (paths.length === 0) return object
  const copy = structuredClone(object)
  for (const path of paths) {
    const segments = path.split('.')
    if (segments.length > MAX_DEPTH) {
      throw invalidRequest(
        `You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`,
        'expand',
      )
    }
    expandPath(store, copy, segments)
  }
  return copy
}
