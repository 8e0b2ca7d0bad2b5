import type Stripe from 'stripe'

/**
 * Open Checkout Sessions by `expires_at`, earliest first (a binary min-heap). The scheduler asks
 * for the earliest open session before every request, so it must not scan them all. A session
 * that completes or expires stays in the heap until it reaches the top, where `earliestOpen`
 * drops it; `expires_at` never changes after creation.
 */
export class SessionExpiryQueue {
  readonly #heap: Stripe.Checkout.Session[] = []

  add(session: Stripe.Checkout.Session): void {
    const heap = this.#heap
    heap.push(session)
    let index = heap.length - 1
    while (index > 0) {
      const parent = (index - 1) >> 1
      if (heap[parent]!.expires_at <= session.expires_at) break
      heap[index] = heap[parent]!
      index = parent
    }
    heap[index] = session
  }

  /** The open session that expires first, if any. */
  earliestOpen(): Stripe.Checkout.Session | undefined {
    while (this.#heap.length > 0 && this.#heap[0]!.status !== 'open') this.#removeFirst()
    return this.#heap[0]
  }

  #removeFirst(): void {
    const heap = this.#heap
    const last = heap.pop()!
    if (heap.length === 0) return
    let index = 0
    for (;;) {
      const left = 2 * index + 1
      if (left >= heap.length) break
      const right = left + 1
      const child =
        right < heap.length && heap[right]!.expires_at < heap[left]!.expires_at ? right : left
      if (last.expires_at <= heap[child]!.expires_at) break
      heap[index] = heap[child]!
      index = child
    }
    heap[index] = last
  }
}
