/**
 * The Stripe webhook inbox. Receiving verifies the signature on the raw body and stores the
 * event (unique on its id) before we answer 2xx; if the database cannot store it we answer 5xx
 * and Stripe retries, so nothing is lost. Processing happens in the background worker, which
 * claims stored events with SKIP LOCKED (safe with many app copies) and retries failures with
 * backoff until they succeed.
 */
import { syncPayout } from '#app/modules/finance/payouts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import {
  NotReadyError,
  fulfilCheckoutSession,
  recordInvoicePayment,
  syncChargeBalance,
  syncChargeReversals,
  syncSubscription,
} from './fulfilment.server.ts'
import { getStripe, stripeId, type Stripe } from './stripe.server.ts'

export const EVENTS_CHANNEL = 'lantern_stripe_events'
/** After this many failed attempts an event stops being retried and waits for a person. */
export const MAX_EVENT_ATTEMPTS = 20
const CLAIM_LEASE_SECONDS = 120

export type ReceiveResult = { status: 200 | 400 | 503; body: string; eventId?: string }

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
  // One statement: store the raw JSON as delivered, and wake the workers only for a new event.
  try {
    await prisma.$executeRaw`
      WITH inserted AS (
        INSERT INTO "StripeEvent" ("id", "type", "objectId", "livemode", "apiVersion", "payload")
        VALUES (${event.id}, ${event.type}, ${(event.data.object as { id?: string }).id ?? null},
          ${event.livemode}, ${event.api_version ?? null}, ${rawBody}::jsonb)
        ON CONFLICT ("id") DO NOTHING
        RETURNING "id")
      SELECT pg_notify(${EVENTS_CHANNEL}, "id") FROM inserted`
  } catch (error) {
    logger.error(
      { err: error, eventId: event.id },
      'could not store a webhook event; Stripe will retry',
    )
    return { status: 503, body: 'try again later' }
  }
  return { status: 200, body: 'ok', eventId: event.id }
}

export type EventOutcome = { giftIds: string[] }

/** Acts on one event. The payload is only a hint: handlers re-fetch current state from Stripe. */
export async function handleStripeEvent(event: Stripe.Event): Promise<EventOutcome> {
  const object = event.data.object as { id?: string; object?: string; charge?: unknown }
  const id = object.id ?? ''
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const result = await fulfilCheckoutSession(id)
      return { giftIds: result?.giftIds ?? [] }
    }
    case 'invoice.paid':
    case 'invoice.payment_succeeded': {
      const gift = await recordInvoicePayment(id)
      return { giftIds: gift ? [gift.giftId] : [] }
    }
    case 'invoice.payment_failed': {
      const invoice = event.data.object as Stripe.Invoice
      const subscriptionId = stripeId(invoice.parent?.subscription_details?.subscription)
      if (subscriptionId) await syncSubscription(subscriptionId)
      return { giftIds: [] }
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted':
      await syncSubscription(id)
      return { giftIds: [] }
    case 'charge.succeeded':
    case 'charge.updated':
      await syncChargeBalance(id)
      return { giftIds: [] }
    case 'charge.refunded': {
      // The gift goes back to the worker, which corrects its receipt if the amount changed.
      const { giftId } = await syncChargeReversals(id)
      return { giftIds: [giftId] }
    }
    case 'payout.created':
    case 'payout.updated':
    case 'payout.paid':
    case 'payout.failed':
    case 'payout.canceled':
    case 'payout.reconciliation_completed':
      await syncPayout(id)
      return { giftIds: [] }
    default:
      if (event.type.startsWith('refund.') || event.type.startsWith('charge.dispute.')) {
        const chargeId = stripeId(object.charge as string | { id: string } | null)
        if (!chargeId) return { giftIds: [] }
        const { giftId } = await syncChargeReversals(chargeId)
        return { giftIds: [giftId] }
      }
      // Stored and acknowledged; nothing to do for this type.
      return { giftIds: [] }
  }
}

function backoffSeconds(attempts: number): number {
  return Math.min(2 ** attempts, 3600)
}

/**
 * Claims up to `limit` due events and processes them. Returns how many were handled and the
 * gifts they touched (so the caller can send receipts).
 */
export async function processDueEvents(
  limit = 20,
): Promise<{ processed: number; failed: number; giftIds: string[] }> {
  const claimed = await prisma.$queryRaw<
    Array<{ id: string; payload: Stripe.Event; attempts: number }>
  >`
    UPDATE "StripeEvent" SET "attempts" = "attempts" + 1,
      "lockedUntil" = now() + make_interval(secs => ${CLAIM_LEASE_SECONDS})
    WHERE "id" IN (
      SELECT "id" FROM "StripeEvent"
      WHERE "processedAt" IS NULL AND "nextAttemptAt" <= now() AND "attempts" < ${MAX_EVENT_ATTEMPTS}
        AND ("lockedUntil" IS NULL OR "lockedUntil" < now())
      ORDER BY "receivedAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING "id", "payload", "attempts"`
  let processed = 0
  let failed = 0
  const giftIds: string[] = []
  for (const row of claimed) {
    try {
      const outcome = await handleStripeEvent(row.payload)
      giftIds.push(...outcome.giftIds)
      await prisma.stripeEvent.update({
        where: { id: row.id },
        data: { processedAt: new Date(), lockedUntil: null, lastError: null },
      })
      processed++
    } catch (error) {
      failed++
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      const level = error instanceof NotReadyError ? 'info' : 'warn'
      logger[level](
        { eventId: row.id, attempts: row.attempts, error: message },
        'webhook event will be retried',
      )
      await prisma.stripeEvent.update({
        where: { id: row.id },
        data: {
          lockedUntil: null,
          lastError: message.slice(0, 2000),
          nextAttemptAt: new Date(Date.now() + backoffSeconds(row.attempts) * 1000),
        },
      })
    }
  }
  return { processed, failed, giftIds }
}
