import { USD_PER_UNIT } from './money.ts'
import { Store } from './store.ts'
import { WebhookDispatcher, type Logger, type RetryPolicy } from './webhooks.ts'

/** The API version the emulator renders objects and events in: the one `stripe` 23.1.0 pins. */
export const API_VERSION = '2026-10-28.endive'

/** The API request that caused a change; null ids for automatic actions (renewals, expiry). */
export interface RequestOrigin {
  id: string | null
  idempotencyKey: string | null
}

export const AUTOMATIC: RequestOrigin = { id: null, idempotencyKey: null }

/** Account configuration: survives `reset` (it is set at start-up or by the control API). */
export interface AccountSettings {
  /**
   * The one currency the balance settles in, converting every other charge currency at the
   * fixed test rates (`money.ts`); null (the default) settles each currency as itself, like an
   * account with multi-currency settlement for every currency.
   */
  settlementCurrency: string | null
}

/** Everything a handler needs: state, clock, webhook delivery, and the public base URL. */
export class Emulator {
  store: Store
  readonly webhooks: WebhookDispatcher
  publicUrl = ''
  origin: RequestOrigin = AUTOMATIC
  account: AccountSettings
  /** The test rates conversions use (USD per major unit); the control API may change them. */
  usdPerUnit: Record<string, string> = { ...USD_PER_UNIT }
  /** Every API request received since the last reset, for tests (`GET /_emulator/requests`). */
  apiRequests: { method: string; path: string; status: number }[] = []

  constructor(
    private readonly realNowMs: () => number,
    retry: RetryPolicy,
    readonly logger: Logger,
    private readonly initialAccount: AccountSettings = { settlementCurrency: null },
  ) {
    this.account = { ...initialAccount }
    this.store = new Store(realNowMs)
    this.webhooks = new WebhookDispatcher(retry, () => this.store.clock.wallNow(), logger)
  }

  now(): number {
    return this.store.clock.now()
  }

  url(path: string): string {
    return `${this.publicUrl}${path}`
  }

  /** Attributes the events emitted by `work` to `origin` (handlers are synchronous). */
  withOrigin<T>(origin: RequestOrigin, work: () => T): T {
    const previous = this.origin
    this.origin = origin
    try {
      return work()
    } finally {
      this.origin = previous
    }
  }

  reset(): void {
    this.store = new Store(this.realNowMs)
    this.account = { ...this.initialAccount }
    this.usdPerUnit = { ...USD_PER_UNIT }
    this.apiRequests = []
    this.webhooks.reset()
  }
}
