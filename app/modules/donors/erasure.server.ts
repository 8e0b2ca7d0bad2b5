/**
 * Lawful erasure of a donor (docs/decisions/0026-donor-erasure.md). The donor (from their giving
 * account) or an ADMIN asks; the 'donor-erasure' job then, in order and each step safe to run
 * again: stops their running monthly and annual gifts at Stripe, tells the donor, expires their
 * open Checkout Sessions, deletes their Stripe Customers, deletes their local outbox copies, and
 * in one transaction removes or pseudonymises every copy of their name, address, messages and
 * dedications. Gifts keep their amounts, currencies, dates, funds and Stripe ids, and receipts
 * their numbers, so every total and every payout reconciles as before.
 */
import { Prisma } from '#app/generated/prisma/client.ts'
import { erasedDonorEmail, isErasedEmail } from '#app/modules/email/erased-address.ts'
import { escapeHtml } from '#app/modules/email/html.ts'
import { sendEmail } from '#app/modules/email/mailer.server.ts'
import { deleteOutboxMessagesFor } from '#app/modules/email/outbox.server.ts'
import { sendJob } from '#app/modules/jobs/queue.server.ts'
import { recordAudit, type AuditActor } from '#app/modules/staff/audit.server.ts'
import { donorText } from '#app/i18n/donor-text.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { getStripe, stripeId } from '#app/utils/stripe.server.ts'

/** What exports and staff pages show for an erased donor's name. */
export const ERASED_DONOR_LABEL = 'Erased donor'

/** A subscription in these states can still charge the donor. */
const RUNNING = ['active', 'trialing', 'past_due', 'unpaid', 'paused', 'incomplete']

/** Keys whose values are personal wherever they appear in a Stripe object. */
const PERSONAL_KEYS = new Set([
  'email',
  'name',
  'phone',
  'address',
  'shipping',
  'shipping_details',
  'billing_details',
  'customer_details',
  'customer_email',
  'customer_name',
  'customer_phone',
  'customer_address',
  'customer_shipping',
  'receipt_email',
  'comment',
  'custom_fields',
])

/** Keys of our own audit entries that hold what a donor typed or is called. */
const PERSONAL_AUDIT_KEYS = new Set([
  ...PERSONAL_KEYS,
  'donorName',
  'donorEmail',
  'displayName',
  'dedicationName',
  'dedicationNotifyName',
  'dedicationNotifyEmail',
  'dedicationNotifyMessage',
  'message',
  'body',
])

export type ErasureRequester =
  { kind: 'donor' } | { kind: 'staff'; actor: AuditActor; ipAddress?: string | null }

export type ErasureRequest = { status: 'queued' | 'already-requested' | 'no-such-donor' }

/**
 * Records the request and queues the job, in one transaction. The donor is signed out everywhere
 * at once and every emailed link stops working: from here on nothing can be changed in their name.
 */
export async function requestDonorErasure(
  donorId: string,
  requester: ErasureRequester,
  now = new Date(),
): Promise<ErasureRequest> {
  return prisma.$transaction(async (tx) => {
    const donor = await tx.donor.findUnique({
      where: { id: donorId },
      select: { id: true, erasureRequestedAt: true },
    })
    if (!donor) return { status: 'no-such-donor' as const }
    if (donor.erasureRequestedAt) return { status: 'already-requested' as const }
    await tx.donor.update({
      where: { id: donorId },
      data: {
        erasureRequestedAt: now,
        erasureRequestedBy: requester.kind === 'donor' ? 'donor' : `staff:${requester.actor.id}`,
        linkGeneration: { increment: 1 },
      },
    })
    await tx.donorSession.deleteMany({ where: { donorId } })
    await tx.donorSignInToken.deleteMany({ where: { donorId } })
    // The entry names the donor by id only: it outlives the erasure unchanged.
    await recordAudit(
      {
        actor:
          requester.kind === 'donor'
            ? { id: donorId, email: erasedDonorEmail(donorId) }
            : requester.actor,
        action: 'donor.erasure.requested',
        entityType: 'Donor',
        entityId: donorId,
        after: { requestedBy: requester.kind },
        ipAddress: requester.kind === 'staff' ? (requester.ipAddress ?? null) : null,
      },
      tx,
    )
    await sendJob('donor-erasure', { donorId }, { onceKey: donorId, tx })
    return { status: 'queued' as const }
  })
}

/** Whether the donor asked (or was asked) to be erased: their account then shows nothing more. */
export async function erasureState(donorId: string) {
  return prisma.donor.findUnique({
    where: { id: donorId },
    select: { erasureRequestedAt: true, erasedAt: true },
  })
}

export type ErasureOutcome =
  | { status: 'not-requested' }
  | { status: 'erased'; stoppedGifts: number; customersDeleted: number; receipts: number }

/** The 'donor-erasure' job. Every step converges, so a retried or repeated job finishes the work. */
export async function eraseDonorJob(donorId: string): Promise<ErasureOutcome> {
  const donor = await prisma.donor.findUnique({
    where: { id: donorId },
    select: {
      id: true,
      email: true,
      name: true,
      locale: true,
      stripeCustomerId: true,
      erasureRequestedAt: true,
      erasureNoticeSentAt: true,
      erasedAt: true,
    },
  })
  if (!donor?.erasureRequestedAt) return { status: 'not-requested' }
  const recurringSelect = {
    id: true,
    stripeSubscriptionId: true,
    frequency: true,
    currency: true,
    totalMinor: true,
    subscriptionAmountMinor: true,
    campaign: { select: { title: true } },
  } as const
  const running = await prisma.pledge.findMany({
    where: { donorId, stripeSubscriptionId: { not: null }, subscriptionStatus: { in: RUNNING } },
    select: recurringSelect,
  })

  // Stop the money first: no payment may be taken once the donor is told it stopped.
  const stripe = getStripe()
  for (const pledge of running) {
    const subscriptionId = pledge.stripeSubscriptionId as string
    const current = await retrieveOrNull(() => stripe.subscriptions.retrieve(subscriptionId))
    if (current && current.status !== 'canceled' && current.status !== 'incomplete_expired') {
      await stripe.subscriptions.cancel(
        subscriptionId,
        {},
        { idempotencyKey: `erase-${pledge.id}` },
      )
    }
    await prisma.pledge.update({
      where: { id: pledge.id },
      data: { subscriptionStatus: 'canceled', cancelAtPeriodEnd: false },
    })
  }

  if (!donor.erasureNoticeSentAt && !donor.erasedAt && !isErasedEmail(donor.email)) {
    // What this erasure stopped, also when an earlier attempt stopped it and then failed.
    const stopped = await prisma.pledge.findMany({
      where: {
        donorId,
        stripeSubscriptionId: { not: null },
        subscriptionStatus: 'canceled',
        updatedAt: { gte: donor.erasureRequestedAt },
      },
      select: recurringSelect,
    })
    await sendErasureNotice(donor, stopped)
    await prisma.donor.update({ where: { id: donorId }, data: { erasureNoticeSentAt: new Date() } })
  }

  // A checkout left open could still be paid after its pledge is gone.
  const open = await prisma.pledge.findMany({
    where: { donorId, status: 'PENDING', stripeCheckoutSessionId: { not: null } },
    select: { stripeCheckoutSessionId: true },
  })
  for (const { stripeCheckoutSessionId } of open) {
    const sessionId = stripeCheckoutSessionId as string
    const session = await retrieveOrNull(() => stripe.checkout.sessions.retrieve(sessionId))
    if (session?.status === 'open') await stripe.checkout.sessions.expire(sessionId)
  }

  const customerIds = await donorCustomerIds(donorId, donor.stripeCustomerId)
  let customersDeleted = 0
  for (const customerId of customerIds) {
    const deleted = await retrieveOrNull(() => stripe.customers.del(customerId))
    if (deleted) customersDeleted++
  }

  if (!getEnv().SMTP_URL && !isErasedEmail(donor.email)) {
    await deleteOutboxMessagesFor(donor.email)
  }

  const receipts = await redactDonor(donorId, { email: donor.email, name: donor.name })
  logger.info({ donorId, stoppedGifts: running.length, customersDeleted }, 'donor erased')
  return { status: 'erased', stoppedGifts: running.length, customersDeleted, receipts }
}

/** The Stripe call's answer, or null when Stripe says the object does not exist (any more). */
async function retrieveOrNull<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call()
  } catch (error) {
    const code = (error as { code?: unknown; statusCode?: unknown } | null)?.code
    if (code === 'resource_missing') return null
    throw error
  }
}

async function donorCustomerIds(donorId: string, own: string | null): Promise<string[]> {
  const [pledges, gifts] = await Promise.all([
    prisma.pledge.findMany({
      where: { donorId, stripeCustomerId: { not: null } },
      select: { stripeCustomerId: true },
      distinct: ['stripeCustomerId'],
    }),
    prisma.gift.findMany({
      where: { donorId, stripeCustomerId: { not: null } },
      select: { stripeCustomerId: true },
      distinct: ['stripeCustomerId'],
    }),
  ])
  const ids = new Set<string>(own ? [own] : [])
  for (const row of [...pledges, ...gifts]) if (row.stripeCustomerId) ids.add(row.stripeCustomerId)
  return [...ids]
}

type RunningGift = {
  frequency: string
  currency: string
  totalMinor: number
  subscriptionAmountMinor: number | null
  campaign: { title: string }
}

/** Tells the donor, in their language, what stops and what is kept, before their address goes. */
async function sendErasureNotice(
  donor: { email: string; name: string | null; locale: string },
  running: RunningGift[],
) {
  const words = donorText(donor.locale)
  const { t } = words
  const greeting = donor.name ? t('email.greeting', { name: donor.name }) : t('email.hello')
  const stopped = running.map((gift) =>
    t(
      gift.frequency === 'ANNUAL' ? 'email.erasure.stoppedAnnual' : 'email.erasure.stoppedMonthly',
      {
        amount: words.money(gift.subscriptionAmountMinor ?? gift.totalMinor, gift.currency),
        campaign: gift.campaign.title,
      },
    ),
  )
  const lines = [
    t('email.erasure.body'),
    ...(stopped.length > 0 ? [t('email.erasure.stoppedIntro'), ...stopped] : []),
    t('email.erasure.kept'),
    t('email.erasure.thanks'),
  ]
  const signature = t('email.signature')
  await sendEmail({
    to: donor.email,
    subject: t('email.erasure.subject'),
    text: [greeting, '', ...lines, '', signature].join('\n'),
    html: `<div lang="${escapeHtml(words.locale)}"><p>${escapeHtml(greeting)}</p>${lines
      .map((line) => `<p>${escapeHtml(line)}</p>`)
      .join('')}<p>${escapeHtml(signature)}</p></div>`,
  })
}

/** `text` with every case-insensitive occurrence of each of `secrets` replaced. */
function withoutSecrets(text: string, secrets: string[]): string {
  let result = text
  for (const secret of secrets) {
    const pattern = new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi')
    result = result.replace(pattern, ERASED_DONOR_LABEL)
  }
  return result
}

/**
 * A copy of a JSON value with personal keys blanked and every string that contains one of
 * `secrets` rewritten without it. Ids, amounts, currencies, dates and statuses stay.
 */
export function scrubPersonalJson(
  value: unknown,
  secrets: string[],
  keys: ReadonlySet<string> = PERSONAL_KEYS,
): unknown {
  if (typeof value === 'string') return secrets.length > 0 ? withoutSecrets(value, secrets) : value
  if (Array.isArray(value)) return value.map((item) => scrubPersonalJson(item, secrets, keys))
  if (value === null || typeof value !== 'object') return value
  const result: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    result[key] = keys.has(key) && item !== null ? null : scrubPersonalJson(item, secrets, keys)
  }
  return result
}

function secretsOf(identity: { email: string; name: string | null }): string[] {
  const secrets = [identity.email.trim()]
  const name = identity.name?.trim()
  if (name && name.length >= 2) secrets.push(name)
  return secrets.filter((secret) => secret.length > 0 && !isErasedEmail(secret))
}

function likeAny(column: Prisma.Sql, needles: string[]): Prisma.Sql {
  if (needles.length === 0) return Prisma.sql`false`
  return Prisma.join(
    needles.map((needle) => Prisma.sql`strpos(lower(${column}), lower(${needle})) > 0`),
    ' OR ',
  )
}

/**
 * The one transaction that removes or pseudonymises the donor's data. It names the donor being
 * erased to the database (`lantern.erasing_donor`), which is what lets the receipt and audit-log
 * triggers accept exactly this redaction. Returns how many receipts were redacted.
 */
async function redactDonor(
  donorId: string,
  identity: { email: string; name: string | null },
): Promise<number> {
  const pseudonym = erasedDonorEmail(donorId)
  const secrets = secretsOf(identity)
  const stripeIds = await donorStripeIds(donorId)
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('lantern.erasing_donor', ${donorId}, true)`
      const pledgeIds = (
        await tx.pledge.findMany({ where: { donorId }, select: { id: true } })
      ).map((pledge) => pledge.id)
      await tx.donorMessage.deleteMany({ where: { pledgeId: { in: pledgeIds } } })
      await tx.monthlyGiftNotice.updateMany({
        where: { pledgeId: { in: pledgeIds } },
        data: { details: {} },
      })
      // Pledges never paid hold nothing finance needs.
      const unpaid = await tx.pledge.findMany({
        where: { donorId, gifts: { none: {} } },
        select: { id: true },
      })
      const unpaidIds = unpaid.map((pledge) => pledge.id)
      await tx.monthlyGiftNotice.deleteMany({ where: { pledgeId: { in: unpaidIds } } })
      await tx.pledge.deleteMany({ where: { id: { in: unpaidIds } } })
      await tx.pledge.updateMany({
        where: { donorId },
        data: {
          donorName: null,
          displayName: null,
          showName: false,
          anonymous: true,
          dedicationName: null,
          dedicationNotifyName: null,
          dedicationNotifyEmail: null,
          dedicationNotifyMessage: null,
          updatesOptIn: false,
        },
      })

      // A PDF drawn again after this (from the blanked row) holds nothing to erase.
      const receipts = await tx.$executeRaw`
        UPDATE "Receipt" r SET "donorName" = NULL, "donorEmail" = ${pseudonym},
          "emailText" = NULL, "emailSubject" = NULL, "pdf" = NULL
        FROM "Gift" g
        WHERE g."id" = r."giftId" AND g."donorId" = ${donorId}
          AND (r."donorEmail" <> ${pseudonym} OR r."donorName" IS NOT NULL
            OR r."emailText" IS NOT NULL OR r."emailSubject" IS NOT NULL)`
      // A statement's PDF prints the name; finance can generate the year again.
      await tx.annualStatement.deleteMany({ where: { donorId } })

      await redactFreeText(tx, secrets)
      await redactStripeEventsIn(tx, [...secrets, ...stripeIds], secrets)
      await redactAuditEntries(tx, donorId, pseudonym, secrets)
      await redactQueuedJobs(tx, secrets)
      if (secrets.length > 0) {
        await tx.$executeRaw`DELETE FROM "RateLimitCounter" WHERE ${likeAny(Prisma.sql`"key"`, secrets)}`
      }
      await tx.donorSession.deleteMany({ where: { donorId } })
      await tx.donorSignInToken.deleteMany({ where: { donorId } })
      await tx.donor.update({
        where: { id: donorId },
        data: {
          email: pseudonym,
          name: null,
          updatesOptOutAt: new Date(),
          erasedAt: new Date(),
        },
      })
      await recordAudit(
        {
          actor: { id: null, email: 'erasure' },
          action: 'donor.erased',
          entityType: 'Donor',
          entityId: donorId,
          after: { receiptsRedacted: receipts, pledgesDeleted: unpaidIds.length },
        },
        tx,
      )
      return receipts
    },
    { timeout: 60_000 },
  )
}

/** Every Stripe id of the donor's pledges and gifts: events naming any of them are theirs. */
async function donorStripeIds(donorId: string): Promise<string[]> {
  const [pledges, gifts, donor] = await Promise.all([
    prisma.pledge.findMany({
      where: { donorId },
      select: { stripeCheckoutSessionId: true, stripeSubscriptionId: true, stripeCustomerId: true },
    }),
    prisma.gift.findMany({
      where: { donorId },
      select: {
        stripeCheckoutSessionId: true,
        stripeInvoiceId: true,
        stripePaymentIntentId: true,
        stripeChargeId: true,
        stripeCustomerId: true,
      },
    }),
    prisma.donor.findUnique({ where: { id: donorId }, select: { stripeCustomerId: true } }),
  ])
  const ids = new Set<string>()
  for (const row of [...pledges, ...gifts, ...(donor ? [donor] : [])]) {
    for (const id of Object.values(row)) if (typeof id === 'string' && id) ids.add(id)
  }
  return [...ids]
}

/** Notes staff typed (a bank reference, a refund reason) keep their meaning, not the name. */
async function redactFreeText(tx: Prisma.TransactionClient, secrets: string[]) {
  const columns: Array<[string, string]> = [
    ['Gift', 'offlineReference'],
    ['Refund', 'note'],
    ['PledgeCommitment', 'note'],
    ['ReconciliationException', 'note'],
    ['BalanceTransaction', 'description'],
  ]
  for (const secret of secrets) {
    const pattern = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    for (const [table, column] of columns) {
      const t = Prisma.raw(`"${table}"`)
      const c = Prisma.raw(`"${column}"`)
      await tx.$executeRaw`
        UPDATE ${t} SET ${c} = regexp_replace(${c}, ${pattern}, ${ERASED_DONOR_LABEL}, 'gi')
        WHERE strpos(lower(${c}), lower(${secret})) > 0`
    }
  }
}

/** Stored Stripe events that name the donor (by address, name or any of their Stripe ids). */
async function redactStripeEventsIn(
  tx: Prisma.TransactionClient,
  needles: string[],
  secrets: string[],
) {
  if (needles.length === 0) return
  const events = await tx.$queryRaw<Array<{ id: string; payload: unknown }>>`
    SELECT "id", "payload" FROM "StripeEvent"
    WHERE ${likeAny(Prisma.sql`"payload"::text`, needles)}`
  for (const event of events) {
    await tx.stripeEvent.update({
      where: { id: event.id },
      data: { payload: scrubPersonalJson(event.payload, secrets) as Prisma.InputJsonValue },
    })
  }
}

async function redactAuditEntries(
  tx: Prisma.TransactionClient,
  donorId: string,
  pseudonym: string,
  secrets: string[],
) {
  const entries = await tx.$queryRaw<
    Array<{ id: string; actorId: string | null; before: unknown; after: unknown }>
  >`
    SELECT "id", "actorId", "before", "after" FROM "AuditLog"
    WHERE "actorId" = ${donorId}
      OR ${likeAny(Prisma.sql`coalesce("before"::text, '') || ' ' || coalesce("after"::text, '') || ' ' || "actorEmail"`, secrets)}`
  for (const entry of entries) {
    const scrub = (value: unknown) =>
      value === null
        ? Prisma.DbNull
        : (scrubPersonalJson(value, secrets, PERSONAL_AUDIT_KEYS) as Prisma.InputJsonValue)
    await tx.auditLog.update({
      where: { id: entry.id },
      data: {
        before: scrub(entry.before),
        after: scrub(entry.after),
        ...(entry.actorId === donorId ? { actorEmail: pseudonym, ipAddress: null } : {}),
      },
    })
  }
}

/**
 * Jobs that carry the address (a sign-in link asked for): waiting ones are dropped, finished ones
 * keep their row without the data.
 */
async function redactQueuedJobs(tx: Prisma.TransactionClient, secrets: string[]) {
  if (secrets.length === 0) return
  for (const table of ['job', 'archive']) {
    const t = Prisma.raw(`pgboss.${table}`)
    const matches = likeAny(
      Prisma.sql`coalesce(data::text, '') || ' ' || coalesce(output::text, '')`,
      secrets,
    )
    await tx.$executeRaw`DELETE FROM ${t} WHERE state IN ('created', 'retry') AND (${matches})`
    await tx.$executeRaw`UPDATE ${t} SET data = '{}'::jsonb, output = NULL WHERE ${matches}`
  }
}

/**
 * After an event is processed: if it is about an erased donor's Stripe Customer (a late
 * `customer.deleted`, an invoice of a subscription the erasure cancelled), its personal fields
 * are blanked like the erasure blanked the earlier ones.
 */
export async function redactEventIfDonorErased(eventId: string): Promise<boolean> {
  const event = await prisma.stripeEvent.findUnique({
    where: { id: eventId },
    select: { payload: true },
  })
  const object = (event?.payload as { data?: { object?: Record<string, unknown> } } | null)?.data
    ?.object
  if (!object) return false
  const customerId =
    object.object === 'customer'
      ? stripeId(object.id as string)
      : stripeId(object.customer as string | { id: string } | null)
  if (!customerId) return false
  // Starts from the few erased donors (a partial index): cheap for every event, and nearly free
  // while nobody has been erased.
  const [row] = await prisma.$queryRaw<Array<{ erased: boolean }>>`
    SELECT EXISTS (
      SELECT 1 FROM "Donor" d
      WHERE d."erasedAt" IS NOT NULL
        AND (d."stripeCustomerId" = ${customerId}
          OR EXISTS (SELECT 1 FROM "Gift" g
            WHERE g."donorId" = d."id" AND g."stripeCustomerId" = ${customerId}))
    ) AS "erased"`
  if (!row?.erased) return false
  await prisma.stripeEvent.update({
    where: { id: eventId },
    data: { payload: scrubPersonalJson(event?.payload, []) as Prisma.InputJsonValue },
  })
  return true
}

/** What an ADMIN sees of a donor before erasing them: who, how much, and where erasure stands. */
export async function staffDonorRecord(donorId: string) {
  const donor = await prisma.donor.findUnique({
    where: { id: donorId },
    select: {
      id: true,
      email: true,
      name: true,
      createdAt: true,
      erasureRequestedAt: true,
      erasedAt: true,
    },
  })
  if (!donor) return null
  const [totals, running] = await Promise.all([
    prisma.gift.groupBy({
      by: ['currency'],
      where: { donorId },
      _count: { _all: true },
      _sum: { amountMinor: true },
      orderBy: { currency: 'asc' },
    }),
    prisma.pledge.count({
      where: { donorId, stripeSubscriptionId: { not: null }, subscriptionStatus: { in: RUNNING } },
    }),
  ])
  const erased = donor.erasedAt !== null
  return {
    id: donor.id,
    email: erased ? null : donor.email,
    name: erased ? ERASED_DONOR_LABEL : donor.name,
    createdAt: donor.createdAt,
    erasureRequestedAt: donor.erasureRequestedAt,
    erasedAt: donor.erasedAt,
    runningRecurringGifts: running,
    totals: totals.map((row) => ({
      currency: row.currency,
      gifts: row._count._all,
      amountMinor: row._sum.amountMinor ?? 0,
    })),
  }
}
