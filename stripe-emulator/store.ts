import type Stripe from 'stripe'
import { SessionExpiryQueue } from './engine/expiry-queue.ts'
import type { TestCard } from './engine/test-cards.ts'
import { newId } from './ids.ts'
import { invalidRequest, noSuchResource } from './wire.ts'

/** The emulator keeps everything in memory: it is a development and test double, not a database. */

export interface EmulatorEvent {
  id: string
  object: 'event'
  api_version: string
  created: number
  data: { object: object; previous_attributes?: Record<string, unknown> }
  livemode: false
  pending_webhooks: number
  request: { id: string | null; idempotency_key: string | null }
  type: string
}

export interface StoredObject {
  id: string
  object: string
}

/** One kind of object, newest first when listed (Stripe's list order). */
export class Collection<T extends StoredObject> {
  readonly #items = new Map<string, T>()

  constructor(
    readonly objectName: string,
    private readonly index: Map<string, StoredObject>,
  ) {}

  add(item: T): T {
    this.#items.set(item.id, item)
    this.index.set(item.id, item)
    return item
  }

  delete(id: string): void {
    this.#items.delete(id)
    this.index.delete(id)
  }

  get(id: string): T | undefined {
    return this.#items.get(id)
  }

  /** The object, or Stripe's 404 `resource_missing` error naming `param`. */
  require(id: string, param = 'id'): T {
    const item = this.#items.get(id)
    if (!item) throw noSuchResource(this.objectName, id, param)
    return item
  }

  /** An object named by a request parameter: a missing one is a 400, not a 404. */
  referenced(id: string, param: string): T {
    const item = this.#items.get(id)
    if (!item)
      throw invalidRequest(`No such ${this.objectName}: '${id}'`, param, 'resource_missing')
    return item
  }

  list(): T[] {
    return [...this.#items.values()].reverse()
  }

  /** Every object, oldest first, without copying: for scans that run on every request. */
  values(): IterableIterator<T> {
    return this.#items.values()
  }
}

/** Emulator clock in Unix seconds: real time plus whatever tests advanced it by. */
export class Clock {
  offsetSeconds = 0
  #frozenAt: number | null = null

  constructor(private readonly realNowMs: () => number) {}

  now(): number {
    return this.#frozenAt ?? Math.floor(this.realNowMs() / 1000) + this.offsetSeconds
  }

  /** Wall-clock seconds, for webhook signatures: the receiver checks them against its own clock. */
  wallNow(): number {
    return Math.floor(this.realNowMs() / 1000)
  }

  /** Runs `work` with the clock stopped at `time`, so objects made by a renewal carry its time. */
  at<T>(time: number, work: () => T): T {
    const previous = this.#frozenAt
    this.#frozenAt = time
    try {
      return work()
    } finally {
      this.#frozenAt = previous
    }
  }
}

export interface CardDetails {
  number: string
  expMonth: number
  expYear: number
}

export interface Donor {
  email: string
  name: string | null
}

/**
 * A donor's payment method as the emulator remembers it (Stripe's PaymentMethod objects are not
 * modelled): renewals charge the same card again.
 */
export type SavedPaymentMethod = {
  id: string
  donor: Donor
} & ({ type: 'card'; card: CardDetails; test: TestCard } | { type: 'sepa_debit'; iban: string }) & {
    /** The Customer it is attached to (subscription and setup mode attach it), if any. */
    customer?: string | null
  }

/** What a Checkout Session needs beyond its public shape. */
export interface SessionState {
  lineItems: Stripe.LineItem[]
  paymentIntentData: {
    metadata: Record<string, string>
    description: string | null
    receipt_email: string | null
    statement_descriptor: string | null
    statement_descriptor_suffix: string | null
    setup_future_usage: Stripe.PaymentIntent.SetupFutureUsage | null
  }
  subscriptionData: { metadata: Record<string, string>; description: string | null }
  setupIntentData: { metadata: Record<string, string>; description: string | null }
  /** A card waiting on the 3-D Secure step of the hosted page. */
  pendingAuthentication: { donor: Donor; card: CardDetails } | null
}

/** A delayed (SEPA) payment that settles when the clock passes `dueAt`. */
export interface PendingSettlement {
  session: string
  paymentIntent: string
  outcome: 'succeeds' | 'fails'
  dueAt: number
}

export interface IdempotentResponse {
  fingerprint: string
  status: number
  body: string
  requestId: string
}

export class Store {
  readonly clock: Clock
  readonly byId = new Map<string, StoredObject>()
  readonly sessions = this.#collection<Stripe.Checkout.Session>('checkout.session')
  readonly customers = this.#collection<Stripe.Customer>('customer')
  readonly products = this.#collection<Stripe.Product>('product')
  readonly prices = this.#collection<Stripe.Price>('price')
  readonly paymentIntents = this.#collection<Stripe.PaymentIntent>('payment_intent')
  readonly charges = this.#collection<Stripe.Charge>('charge')
  readonly balanceTransactions = this.#collection<Stripe.BalanceTransaction>('balance_transaction')
  readonly refunds = this.#collection<Stripe.Refund>('refund')
  readonly subscriptions = this.#collection<Stripe.Subscription>('subscription')
  readonly invoices = this.#collection<Stripe.Invoice>('invoice')
  readonly invoicePayments = this.#collection<Stripe.InvoicePayment>('invoice_payment')
  readonly setupIntents = this.#collection<Stripe.SetupIntent>('setup_intent')
  readonly portalSessions = this.#collection<Stripe.BillingPortal.Session>('billing_portal.session')
  readonly disputes = this.#collection<Stripe.Dispute>('dispute')
  readonly payouts = this.#collection<Stripe.Payout>('payout')
  readonly events = this.#collection<EmulatorEvent>('event')
  /** Deleted customers: Stripe still answers a retrieve with `{ id, deleted: true }`. */
  readonly deletedCustomers = new Set<string>()
  /** Balance transaction id → the automatic payout that paid it out (Stripe's `payout` filter). */
  readonly payoutOfTransaction = new Map<string, string>()
  /** The account's (fictional) bank account, every payout's `destination`. */
  readonly bankAccount = newId('ba')

  readonly sessionState = new Map<string, SessionState>()
  /** Every session created, by expiry, for the scheduler (engine/scheduler.ts). */
  readonly sessionExpiries = new SessionExpiryQueue()
  readonly paymentMethods = new Map<string, SavedPaymentMethod>()
  readonly settlements: PendingSettlement[] = []
  /** Renewals told to fail by the control API: per subscription, or `*` for the next one of any. */
  readonly renewalFailures = new Map<string, number>()
  readonly idempotency = new Map<string, IdempotentResponse>()

  constructor(realNowMs: () => number) {
    this.clock = new Clock(realNowMs)
  }

  #collection<T extends StoredObject>(objectName: string): Collection<T> {
    return new Collection<T>(objectName, this.byId)
  }

  sessionStateOf(sessionId: string): SessionState {
    const state = this.sessionState.get(sessionId)
    if (!state) throw new Error(`No state for ${sessionId}`)
    return state
  }
}
