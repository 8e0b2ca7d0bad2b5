import { createHmac } from 'node:crypto'
import type { EmulatorEvent } from './store.ts'

export interface WebhookEndpoint {
  url: string
  secret: string
}

export interface Logger {
  info(object: object, message?: string): void
  warn(object: object, message?: string): void
  error(object: object, message?: string): void
}

/** Test switches that make delivery as unkind as Stripe is allowed to be (reference §7.5). */
export interface Chaos {
  /** Deliver every event this many extra times (same event id), after the batch. */
  duplicateDeliveries: number
  /** Shuffle the events of each batch. */
  reorder: boolean
  /** Sign with a timestamp ten minutes old, outside the SDK's 300 s tolerance. */
  staleTimestamps: boolean
  /** Deliver the first attempts before the hosted page answers its redirect. */
  deliverBeforeRedirect: boolean
}

export function defaultChaos(): Chaos {
  return {
    duplicateDeliveries: 0,
    reorder: false,
    staleTimestamps: false,
    deliverBeforeRedirect: false,
  }
}

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number
  /** Delay before the first retry; each further retry doubles it. */
  initialDelayMs: number
  /** A receiver slower than this counts as a failure. */
  timeoutMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  initialDelayMs: 500,
  timeoutMs: 10_000,
}

export interface DeliveryAttempt {
  event: string
  type: string
  url: string
  attempt: number
  duplicate: boolean
  /** HTTP status, or null when the request failed (connection refused, timeout). */
  status: number | null
  error: string | null
  succeeded: boolean
  signedAt: number
  at: string
}

const STALE_SECONDS = 600
/** Test-mode deliveries also carry a `v0` signature that verifiers must ignore (reference §2.1). */
const V0_KEY = 'emulator-v0-signature-is-not-verifiable'

function hmac(key: string, payload: string): string {
  return createHmac('sha256', key).update(payload, 'utf8').digest('hex')
}

/** `Stripe-Signature`: `t=<unix>,v1=<hex HMAC-SHA256 of "t.body" keyed by the secret>,v0=…`. */
export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const signed = `${timestamp}.${payload}`
  return `t=${timestamp},v1=${hmac(secret, signed)},v0=${hmac(V0_KEY, signed)}`
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[items[i], items[j]] = [items[j] as T, items[i] as T]
  }
  return items
}

/**
 * Delivers events to every endpoint by HTTP POST, after the request that caused them, and retries
 * failures (non-2xx, redirect, network error, timeout) with exponential backoff on a short real
 * clock. Every attempt is logged for tests (`GET /_emulator/deliveries`).
 */
export class WebhookDispatcher {
  readonly endpoints: WebhookEndpoint[] = []
  chaos: Chaos = defaultChaos()
  attempts: DeliveryAttempt[] = []
  #queue: EmulatorEvent[] = []
  #chain: Promise<void> = Promise.resolve()
  #timers = new Set<NodeJS.Timeout>()
  #aborts = new Set<AbortController>()
  #delivered = new Set<string>()
  #closed = false
  /** Bumped by reset and close, so work started before them stops quietly. */
  #generation = 0

  constructor(
    private readonly retry: RetryPolicy,
    private readonly wallNow: () => number,
    private readonly logger: Logger,
  ) {}

  enqueue(event: EmulatorEvent): void {
    this.#queue.push(event)
  }

  /** Sends everything queued so far; resolves once each first attempt has an answer. */
  flush(): Promise<void> {
    const batch = this.#queue.splice(0)
    if (batch.length === 0) return this.#chain
    // Stripe tends to announce the Checkout outcome first; nothing guarantees any order.
    const ordered = batch.sort(
      (a, b) => Number(!a.type.startsWith('checkout.')) - Number(!b.type.startsWith('checkout.')),
    )
    const deliveries = (this.chaos.reorder ? shuffle(ordered) : ordered).map((event) => ({
      event,
      duplicate: false,
    }))
    for (let copy = 0; copy < this.chaos.duplicateDeliveries; copy++) {
      deliveries.push(...ordered.map((event) => ({ event, duplicate: true })))
    }
    const generation = this.#generation
    this.#chain = this.#chain.then(async () => {
      for (const { event, duplicate } of deliveries) {
        for (const endpoint of this.endpoints) {
          if (generation !== this.#generation) return
          await this.#attempt(event, endpoint, 1, duplicate)
        }
      }
    })
    return this.#chain
  }

  reset(): void {
    this.#cancelPending()
    this.#queue = []
    this.#delivered.clear()
    this.attempts = []
    this.chaos = defaultChaos()
  }

  close(): void {
    this.#closed = true
    this.#cancelPending()
  }

  #cancelPending(): void {
    this.#generation++
    for (const timer of this.#timers) clearTimeout(timer)
    for (const controller of this.#aborts) controller.abort()
    this.#timers.clear()
    this.#aborts.clear()
  }

  async #attempt(
    event: EmulatorEvent,
    endpoint: WebhookEndpoint,
    attempt: number,
    duplicate: boolean,
  ): Promise<void> {
    if (this.#closed) return
    const generation = this.#generation
    const payload = JSON.stringify(event, null, 2)
    const signedAt = this.wallNow() - (this.chaos.staleTimestamps ? STALE_SECONDS : 0)
    const controller = new AbortController()
    const timeout = setTimeout(() => controller.abort(), this.retry.timeoutMs)
    this.#aborts.add(controller)
    let status: number | null = null
    let error: string | null = null
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'Stripe-Signature': signatureHeader(payload, endpoint.secret, signedAt),
        },
        body: payload,
        redirect: 'manual',
        signal: controller.signal,
      })
      status = response.status
      await response.arrayBuffer()
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause)
    } finally {
      clearTimeout(timeout)
      this.#aborts.delete(controller)
    }
    if (generation !== this.#generation) return
    const succeeded = status !== null && status >= 200 && status < 300
    this.attempts.push({
      event: event.id,
      type: event.type,
      url: endpoint.url,
      attempt,
      duplicate,
      status,
      error,
      succeeded,
      signedAt,
      at: new Date().toISOString(),
    })
    if (succeeded) {
      const key = `${event.id} ${endpoint.url}`
      if (!this.#delivered.has(key)) {
        this.#delivered.add(key)
        event.pending_webhooks = Math.max(0, event.pending_webhooks - 1)
      }
      return
    }
    this.logger.warn(
      { event: event.id, type: event.type, url: endpoint.url, attempt, status, error },
      'webhook delivery failed',
    )
    if (attempt >= this.retry.maxAttempts) return
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer)
        void this.#attempt(event, endpoint, attempt + 1, duplicate)
      },
      this.retry.initialDelayMs * 2 ** (attempt - 1),
    )
    this.#timers.add(timer)
  }
}
