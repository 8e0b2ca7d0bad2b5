/**
 * Repairs donors from before one Stripe Customer per donor: every Checkout used to create a new
 * customer and only the donor's first was kept, so a donor who gave once and then monthly had a
 * billing portal without their subscription. This records the customer of every pledge and gift
 * (asked of Stripe) and gives each donor with several customers the one that is billed for their
 * latest running subscription. It only fills in and converges, so it may run at every boot.
 */
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { getStripe, stripeId } from '#app/utils/stripe.server.ts'

const BATCH = 100
/** A subscription in these states still bills (or will retry) the customer it belongs to. */
const RUNNING = ['active', 'trialing', 'past_due', 'unpaid', 'paused']

export type CustomerRepair = { pledges: number; gifts: number; donors: number }

export async function repairDonorCustomers(): Promise<CustomerRepair> {
  const pledges = await recordPledgeCustomers()
  // A gift was paid by its pledge's customer (the session's, or the subscription's).
  const gifts = await prisma.$executeRaw`
    UPDATE "Gift" g SET "stripeCustomerId" = p."stripeCustomerId"
    FROM "Pledge" p
    WHERE g."pledgeId" = p."id" AND g."source" = 'STRIPE' AND g."stripeCustomerId" IS NULL
      AND p."stripeCustomerId" IS NOT NULL`
  const donors = await prisma.$executeRaw`
    WITH choice AS (
      SELECT DISTINCT ON (p."donorId") p."donorId", p."stripeCustomerId"
      FROM "Pledge" p
      WHERE p."stripeCustomerId" IS NOT NULL
      ORDER BY p."donorId",
        (p."stripeSubscriptionId" IS NOT NULL
          AND p."subscriptionStatus" IN (${Prisma.join(RUNNING)})) DESC,
        p."createdAt" DESC, p."id" DESC
    ), several AS (
      SELECT "donorId" FROM "Pledge" WHERE "stripeCustomerId" IS NOT NULL
      GROUP BY "donorId" HAVING count(DISTINCT "stripeCustomerId") > 1
    )
    UPDATE "Donor" d SET "stripeCustomerId" = c."stripeCustomerId"
    FROM choice c
    WHERE d."id" = c."donorId"
      AND d."stripeCustomerId" IS DISTINCT FROM c."stripeCustomerId"
      AND (d."stripeCustomerId" IS NULL OR d."id" IN (SELECT "donorId" FROM several))
      AND NOT EXISTS (
        SELECT 1 FROM "Donor" o WHERE o."stripeCustomerId" = c."stripeCustomerId" AND o."id" <> d."id")`
  const result = { pledges, gifts, donors }
  if (pledges + gifts + donors > 0) logger.info(result, 'repaired donors’ Stripe customers')
  return result
}

/** Asks Stripe for the customer of each paid or subscribed pledge that has none recorded. */
async function recordPledgeCustomers(): Promise<number> {
  const stripe = getStripe()
  let recorded = 0
  let after = ''
  for (;;) {
    const batch = await prisma.pledge.findMany({
      where: {
        id: { gt: after },
        stripeCustomerId: null,
        OR: [
          { stripeSubscriptionId: { not: null } },
          {
            status: { in: ['FULFILLED', 'AWAITING_PAYMENT'] },
            stripeCheckoutSessionId: { not: null },
          },
        ],
      },
      select: { id: true, stripeSubscriptionId: true, stripeCheckoutSessionId: true },
      orderBy: { id: 'asc' },
      take: BATCH,
    })
    for (const pledge of batch) {
      const customer = pledge.stripeSubscriptionId
        ? (await stripe.subscriptions.retrieve(pledge.stripeSubscriptionId)).customer
        : (await stripe.checkout.sessions.retrieve(pledge.stripeCheckoutSessionId as string))
            .customer
      const customerId = stripeId(customer)
      if (!customerId) continue
      const { count } = await prisma.pledge.updateMany({
        where: { id: pledge.id, stripeCustomerId: null },
        data: { stripeCustomerId: customerId },
      })
      recorded += count
    }
    if (batch.length < BATCH) return recorded
    after = batch[batch.length - 1]!.id
  }
}
