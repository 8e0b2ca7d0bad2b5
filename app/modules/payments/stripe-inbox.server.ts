/**
 * The Stripe webhook inbox. Receiving verifies the signature on the raw body and stores the
 * event (unique on its id) before we answer 2xx; if the database cannot store it we answer 5xx
 * and Stripe retries, so nothing is lost. Each stored event is then processed by a
 * 'stripe-event' job (pg-boss, decision 0014), queued right after the store; should that send
 * fail, or the process die in between, the maintenance sweep queues every event stored but not
 * processed.
 *
 * Deliveries that arrive together are stored together (groupCommit): one INSERT for the batch,
 * then one job insert for the events it stored, so a burst costs a few statements, not two per
 * event (bench/README.md, benchmark A). Each delivery is still answered only once its own row
 * is stored.
 */
import { redactEventIfDonorErased } from '#app/modules/donors/erasure.server.ts'
import { syncPayout } from '#app/modules/finance/payouts.server.ts'
import { sendJob, sendOnceJobs, sendReceiptJob } from '#app/modules/jobs/queue.server.ts'
import { countDecline } from '#app/modules/safety/guard.server.ts'
import { groupCommit } from '#app/utils/batch.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { recordPaymentFailure } from './payment-failures.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import {
  fulfilCheckoutSession,
  recordInvoicePayment,
  syncChargeBalance,
  syncChargeReversals,
  syncSubscription,
} from './fulfilment.server.ts'
import { getStripe, stripeId, type Stripe } from '#app/utils/stripe.server.ts'

/** Events stored this long ago and still unprocessed are queued again by the sweep. */
const REQUEUE_AFTER_MS = 30_000
/** At most this many deliveries in one INSERT (each payload is a few kB). */
const MAX_STORE_BATCH = 50

export type ReceiveResult = { status: 200 | 400 | 503; body: string; eventId?: string }

type Delivery = {
  id: string
  type: string
  objectId: string | null
  livemode: boolean
  apiVersion: string | null
  rawBody: string
}

/** Verifies and stores one delivery. Never throws: the status says what Stripe should do. */
export async function receiveStripeWebhook(
  rawBody: string,
  signature: string | null,
): Promise<ReceiveResult> {
  const secret = getEnv().STRIPE_WEBHOOK_SECRET
  if (!secret) return { status: 503, body: 'webhooks are not configured' }
  let event: Stripe.Event
  try {
    event = getStripe().webhooks.constructEvent(rawBody, signature ?? '', secret)
  } catch (error) {
    logger.warn(
      { reason: error instanceof Error ? error.message : String(error) },
      'rejected a webhook delivery',
    )
    return { status: 400, body: 'invalid signature' }
  }
  const stored = await storeDelivery({
    id: event.id,
    type: event.type,
    objectId: (event.data.object as { id?: string }).id ?? null,
    livemode: event.livemode,
    apiVersion: event.api_version ?? null,
    rawBody,
  })
  if (stored instanceof Error) {
    logger.error(
      { err: stored, eventId: event.id },
      'could not store a webhook event; Stripe will retry',
    )
    return { status: 503, body: 'try again later' }
  }
  return { status: 200, body: 'ok', eventId: event.id }
}

/** Answers, per delivery, that it is stored (new or already known) or why it could not be. */
const storeDelivery = groupCommit(async (deliveries: Delivery[]): Promise<Array<Error | null>> => {
  let outcomes: Array<Error | null>
  try {
    await storeAndQueue(deliveries)
    outcomes = deliveries.map(() => null)
  } catch (error) {
    if (deliveries.length === 1) return [asError(error)]
    // One delivery the database refuses (say, a payload jsonb cannot hold) must not turn the
    // others of its batch away: store each on its own.
    outcomes = await Promise.all(
      deliveries.map((delivery) => storeAndQueue([delivery]).then(() => null, asError)),
    )
  }
  return outcomes
}, MAX_STORE_BATCH)

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error))
}

/**
 * One statement stores the raw JSON of every delivery as delivered; the events it newly stored
 * then get their jobs. Stored, so the answer is 2xx whatever happens next: a failed send is
 * repaired by the sweep.
 */
async function storeAndQueue(deliveries: Delivery[]): Promise<void> {
  const inserted = await prisma.$queryRaw<Array<{ id: string }>>`
    INSERT INTO "StripeEvent" ("id", "type", "objectId", "livemode", "apiVersion", "payload")
    SELECT d."id", d."type", d."objectId", d."livemode", d."apiVersion", d."payload"::jsonb
    FROM unnest(
      ${deliveries.map((d) => d.id)}::text[],
      ${deliveries.map((d) => d.type)}::text[],
      ${deliveries.map((d) => d.objectId)}::text[],
      ${deliveries.map((d) => d.livemode)}::boolean[],
      ${deliveries.map((d) => d.apiVersion)}::text[],
      ${deliveries.map((d) => d.rawBody)}::text[]
    ) AS d ("id", "type", "objectId", "livemode", "apiVersion", "payload")
    ON CONFLICT ("id") DO NOTHING
    RETURNING "id"`
  const eventIds = inserted.map((row) => row.id)
  await sendOnceJobs(
    'stripe-event',
    eventIds.map((eventId) => ({ onceKey: eventId, data: { eventId } })),
  ).catch((error: unknown) =>
    logger.warn({ err: error, eventIds }, 'events stored; the sweep will queue them'),
  )
}

/**
 * One job per event, ever (the same onceKey as the intake's): sending again while it is queued,
 * running or failed does nothing. Answers whether a job was queued.
 */
async function queueEventProcessing(eventId: string): Promise<boolean> {
  return (await sendJob('stripe-event', { eventId }, { onceKey: eventId })) !== null
}

/** Queues every event stored a while ago and still unprocessed (the sweep). Returns how many. */
export async function requeueUnprocessedEvents(now = new Date(), limit = 500): Promise<number> {
  const events = await prisma.stripeEvent.findMany({
    where: { processedAt: null, receivedAt: { lt: new Date(now.getTime() - REQUEUE_AFTER_MS) } },
    orderBy: { receivedAt: 'asc' },
    take: limit,
    select: { id: true },
  })
  let queued = 0
  for (const { id } of events) if (await queueEventProcessing(id)) queued++
  return queued
}

/** Refunds and disputes change what the receipt acknowledges: queue its correction. */
async function syncReversalsAndReceipt(chargeId: string) {
  const { giftId } = await syncChargeReversals(chargeId)
  await sendReceiptJob(giftId)
}

/**
 * A declined card payment started from our donate form feeds the card-testing alarm
 * (docs/decisions/0024-card-testing-defences.md), per appeal and site-wide. Stripe describes one
 * decline twice (charge.failed, then payment_intent.payment_failed): only the charge is counted.
 * Debits that bounce days later and off-session renewals (no pledge in the metadata) are not
 * something an attacker at the form can cause, so they are left out.
 */
async function countCardDecline(charge: Stripe.Charge, declinedAt: Date): Promise<void> {
  if (charge.payment_method_details?.type !== 'card') return
  if (!charge.metadata?.pledge_id) return
  await countDecline(charge.metadata.campaign_id || null, declinedAt)
}

/** Acts on one event. The payload is only a hint: handlers re-fetch current state from Stripe. */
export async function handleStripeEvent(event: Stripe.Event): Promise<void> {
  const object = event.data.object as { id?: string; object?: string; charge?: unknown }
  const id = object.id ?? ''
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired':
      await fulfilCheckoutSession(id)
      return
    case 'invoice.paid':
    case 'invoice.payment_succeeded':
      await recordInvoicePayment(id)
      return
    case 'invoice.payment_failed': {
      const invoice = event.data.object as Stripe.Invoice
      const subscriptionId = stripeId(invoice.parent?.subscription_details?.subscription)
      if (subscriptionId) await syncSubscription(subscriptionId)
      await recordPaymentFailure(invoice)
      return
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      await syncSubscription(id)
      return
    case 'charge.succeeded':
    case 'charge.updated':
      await syncChargeBalance(id)
      return
    case 'charge.failed':
      await countCardDecline(event.data.object as Stripe.Charge, new Date(event.created * 1000))
      return
    case 'charge.refunded':
      await syncReversalsAndReceipt(id)
      return
    case 'payout.created':
    case 'payout.updated':
    case 'payout.paid':
    case 'payout.failed':
    case 'payout.canceled':
    case 'payout.reconciliation_completed':
      await syncPayout(id)
      return
    default:
      if (event.type.startsWith('refund.') || event.type.startsWith('charge.dispute.')) {
        const chargeId = stripeId(object.charge as string | { id: string } | null)
        if (chargeId) await syncReversalsAndReceipt(chargeId)
      }
      // Otherwise stored and acknowledged; nothing to do for this type.
      return
  }
}

/**
 * The 'stripe-event' job: processes one stored event, once. A failure is written on the event
 * row and rethrown, so that pg-boss retries it with backoff and, after its last attempt, shows it
 * on the failed-jobs screen. Processing is idempotent and order-independent, so a second run
 * (a job that outlived its expiry, a retry from the staff screen) changes nothing.
 */
export async function processStripeEvent(eventId: string): Promise<'processed' | 'skipped'> {
  const row = await prisma.stripeEvent.update({
    where: { id: eventId },
    data: { attempts: { increment: 1 } },
    select: { payload: true, processedAt: true },
  })
  if (row.processedAt) return 'skipped'
  try {
    await handleStripeEvent(row.payload as unknown as Stripe.Event)
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    await prisma.stripeEvent.update({
      where: { id: eventId },
      data: { lastError: message.slice(0, 2000) },
    })
    throw error
  }
  await prisma.stripeEvent.update({
    where: { id: eventId },
    data: { processedAt: new Date(), lastError: null },
  })
  // An event that arrives after its donor was erased loses their details once acted on.
  await redactEventIfDonorErased(eventId)
  return 'processed'
}
