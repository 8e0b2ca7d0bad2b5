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

/** Everything a handler needs: state, clock, webhook delivery, and the public base URL. */
export class Emulator {
  store: Store
  readonly webhooks: WebhookDispatcher
  publicUrl = ''
  origin: RequestOrigin = AUTOMATIC

  constructor(
    private readonly realNowMs: () => number,
    retry: RetryPolicy,
    readonly logger: Logger,
  ) {
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
    this.webhooks.reset()
  }
}
