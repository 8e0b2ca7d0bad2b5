import { AUTOMATIC, type Emulator } from '../emulator.ts'
import { releaseAvailableFunds } from './charges.ts'
import { settleSessionDebit } from './checkout-payments.ts'
import { expireSession } from './checkout-sessions.ts'
import { resolveDispute, unansweredLossAt } from './disputes.ts'
import { payPayout } from './payouts.ts'
import { currentPeriodEnd } from './periods.ts'
import { renewSubscription, retryInvoice } from './renewals.ts'
import { resumeCollection } from './subscription-changes.ts'

const RENEWING = new Set<string>(['active', 'past_due', 'trialing'])

interface DueTask {
  at: number
  run: () => void
}

/** Guards against a runaway loop, e.g. a daily gift and a clock moved on by decades. */
const MAX_TASKS_PER_RUN = 10_000

/** The earliest piece of time-driven work due by `until`, if any. */
function nextTask(emu: Emulator, until: number): DueTask | null {
  const { store } = emu
  const tasks: DueTask[] = []
  const session = store.sessionExpiries.earliestOpen()
  if (session && session.expires_at <= until) {
    tasks.push({ at: session.expires_at, run: () => expireSession(emu, session) })
  }
  for (const settlement of store.settlements) {
    if (settlement.dueAt <= until) {
      tasks.push({
        at: settlement.dueAt,
        run: () => {
          store.settlements.splice(store.settlements.indexOf(settlement), 1)
          settleSessionDebit(emu, settlement)
        },
      })
    }
  }
  for (const subscription of store.subscriptions.values()) {
    const end = currentPeriodEnd(subscription)
    if (RENEWING.has(subscription.status) && end <= until) {
      tasks.push({ at: end, run: () => renewSubscription(emu, subscription) })
    }
    const resumesAt = subscription.pause_collection?.resumes_at
    if (typeof resumesAt === 'number' && resumesAt <= until) {
      tasks.push({ at: resumesAt, run: () => resumeCollection(emu, subscription) })
    }
  }
  for (const invoice of store.invoices.values()) {
    const retryAt = invoice.next_payment_attempt
    if (invoice.status === 'open' && retryAt !== null && retryAt <= until) {
      tasks.push({ at: retryAt, run: () => retryInvoice(emu, invoice) })
    }
  }
  for (const dispute of store.disputes.values()) {
    const lossAt = unansweredLossAt(dispute)
    if (lossAt !== null && lossAt <= until) {
      tasks.push({ at: lossAt, run: () => resolveDispute(emu, dispute, 'lost') })
    }
  }
  for (const payout of store.payouts.values()) {
    if (payout.status === 'in_transit' && payout.arrival_date <= until) {
      tasks.push({ at: payout.arrival_date, run: () => payPayout(emu, payout) })
    }
  }
  return tasks.reduce<DueTask | null>(
    (first, task) => (first && first.at <= task.at ? first : task),
    null,
  )
}

/**
 * Runs, in time order, everything due by `until`: session expiry, SEPA settlement, renewals,
 * renewal retries, paused collection resuming, unanswered disputes (lost) and payouts in transit (paid on arrival). Each runs with the clock stopped at its due time, so a renewal's invoice
 * carries the period boundary as `created`. Returns how many tasks ran.
 */
export function runDueWork(emu: Emulator, until = emu.now()): number {
  let count = 0
  for (let task = nextTask(emu, until); task; task = nextTask(emu, until)) {
    const { at, run } = task
    emu.withOrigin(AUTOMATIC, () => emu.store.clock.at(at, run))
    if (++count >= MAX_TASKS_PER_RUN)
      throw new Error('Too much due work; advance the clock in smaller steps')
  }
  releaseAvailableFunds(emu)
  return count
}

/** Moves the emulator clock forward, running the work that falls due on the way. */
export function advanceClock(emu: Emulator, seconds: number): number {
  const target = emu.now() + seconds
  const count = runDueWork(emu, target)
  emu.store.clock.offsetSeconds += seconds
  return count
}

/** Settles pending SEPA debits now instead of at their due time (all, or one PaymentIntent's). */
export function settleNow(emu: Emulator, paymentIntent?: string): number {
  const due = emu.store.settlements.filter(
    (item) => paymentIntent === undefined || item.paymentIntent === paymentIntent,
  )
  for (const settlement of due) {
    emu.store.settlements.splice(emu.store.settlements.indexOf(settlement), 1)
    emu.withOrigin(AUTOMATIC, () => settleSessionDebit(emu, settlement))
  }
  return due.length
}
