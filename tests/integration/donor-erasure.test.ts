// Lawful erasure end to end below the browser: a donor gives once (with a message and a
// dedication) and monthly on the emulator's hosted page, gets receipts and emails over real SMTP,
// asks for a sign-in link and changes their monthly gift, every Stripe event goes through the
// webhook intake, and a payout is reconciled. Then an ADMIN erases them, and every text and JSON
// column of every table in the database is searched for what identified them.
import type Stripe from 'stripe'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { pointAppAtEmulator } from '#tests/support/app-env.ts'
import { payThroughCheckout } from '#tests/support/checkout.ts'
import { pdfTextRuns } from '#app/modules/receipts/pdf-text.test-helper.ts'
import { formData } from '#tests/support/forms.ts'
import { startSmtpSink } from '#tests/support/smtp-sink.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { WEBHOOK_SECRET, startTestEmulator } from '../../stripe-emulator/test-support.ts'

const sink = await startSmtpSink()
process.env.SMTP_URL = sink.url
const t = await startTestEmulator()
await pointAppAtEmulator(t.emulator.url)
const { prisma } = await import('#app/utils/db.server.ts')
const { closeMailer } = await import('#app/modules/email/mailer.server.ts')
const { createCampaign } = await import('#tests/support/factories.ts')
const { createStaffUser } = await import('#tests/support/staff.ts')
const inbox = await import('#app/modules/payments/stripe-inbox.server.ts')
const { changeRecurringGift, loadDonorRecurringGift } =
  await import('#app/modules/payments/recurring.server.ts')
const { requestSignInLink } = await import('#app/modules/donors/sign-in.server.ts')
const { syncPayout } = await import('#app/modules/finance/payouts.server.ts')
const { reconcilePayout } = await import('#app/modules/finance/reconcile.server.ts')
const { exportStream } = await import('#app/modules/finance/exports.server.ts')
const { ensureReceiptPdf } = await import('#app/modules/receipts/receipts.server.ts')
const { eraseDonorJob, requestDonorErasure } = await import('#app/modules/donors/erasure.server.ts')
const { runQueuedJobs } = await import('#server/worker.ts')

afterAll(async () => {
  closeMailer()
  await sink.close()
  await t.emulator.close()
})
setupTestDatabase()
beforeEach(() => t.control('reset', {}))

const NAME = 'Haneul Whitcombe'
const EMAIL = 'haneul.whitcombe@example.org'
const MESSAGE = 'Holding every family on the road in my prayers'
const DEDICATION = 'Grandmother Soon-ja Yoo'

/** Every event the emulator sent, oldest first, through the signed webhook intake; then run. */
async function deliverAllEvents() {
  const events: Stripe.Event[] = []
  for await (const event of t.stripe.events.list({ limit: 100 })) events.push(event)
  for (const event of events.reverse()) {
    const payload = JSON.stringify(event)
    const header = t.stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })
    expect((await inbox.receiveStripeWebhook(payload, header)).status).toBe(200)
  }
  await runQueuedJobs('stripe-event', 500)
}

type Hit = { column: string; needle: string }

/** Searches every text, varchar, char, json and jsonb column (and text arrays) of every table. */
async function searchEverywhere(needles: string[]): Promise<{ columns: number; hits: Hit[] }> {
  const columns = await prisma.$queryRaw<Array<{ schema: string; table: string; column: string }>>`
    SELECT c.table_schema::text AS "schema", c.table_name::text AS "table",
      c.column_name::text AS "column"
    FROM information_schema.columns c
    JOIN information_schema.tables t
      ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE t.table_type = 'BASE TABLE'
      AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
      AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
        OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar')))`
  const hits: Hit[] = []
  for (const { schema, table, column } of columns) {
    // One pass over the column for all needles.
    const counts = needles
      .map(
        (_, i) =>
          `count(*) FILTER (WHERE strpos(lower("${column}"::text), lower($${i + 1})) > 0)::int AS n${i}`,
      )
      .join(', ')
    const [row] = await prisma.$queryRawUnsafe<Array<Record<string, number>>>(
      `SELECT ${counts} FROM "${schema}"."${table}"`,
      ...needles,
    )
    needles.forEach((needle, i) => {
      if ((row?.[`n${i}`] ?? 0) > 0) hits.push({ column: `${schema}.${table}.${column}`, needle })
    })
  }
  return { columns: columns.length, hits }
}

/** What finance must see unchanged: totals, ledger totals, gifts, receipts. */
async function books(campaignId: string) {
  const [totals, ledger, gifts, receipts] = await Promise.all([
    prisma.campaignTotals.findUniqueOrThrow({
      where: { campaignId },
      select: { raisedMinor: true, giftCount: true, donorCount: true },
    }),
    prisma.$queryRaw`
      SELECT sum("giftCount")::int AS gifts, sum("amountMinor")::int AS amount,
        sum("feeMinor")::int AS fees, sum("netMinor")::int AS net
      FROM "GiftLedgerTotals" WHERE "campaignId" = ${campaignId}`,
    prisma.gift.findMany({
      where: { campaignId },
      orderBy: { id: 'asc' },
      select: {
        id: true,
        amountMinor: true,
        currency: true,
        receivedAt: true,
        netMinor: true,
        stripeFeeMinor: true,
        stripeChargeId: true,
        status: true,
      },
    }),
    prisma.receipt.findMany({
      orderBy: { number: 'asc' },
      select: { number: true, amountMinor: true, currency: true, giftId: true, status: true },
    }),
  ])
  return { totals, ledger, gifts, receipts }
}

async function giveAsTheDonor() {
  const campaign = await createCampaign({ currency: 'USD', title: 'Safe houses on the way' })
  const payer = { email: EMAIL, name: NAME }
  const once = await payThroughCheckout(t, {
    campaign,
    fields: {
      amount: 'other',
      otherAmount: '45.00',
      email: EMAIL,
      name: NAME,
      message: MESSAGE,
      dedication: 'IN_MEMORY',
      dedicationName: DEDICATION,
    },
    payer,
  })
  const monthly = await payThroughCheckout(t, {
    campaign,
    fields: {
      amount: 'other',
      otherAmount: '20.00',
      frequency: 'MONTHLY',
      email: EMAIL,
      name: NAME,
    },
    payer,
  })
  const monthlyGift = await prisma.gift.findUniqueOrThrow({
    where: { id: monthly.giftId },
    include: { pledge: true, donor: true },
  })
  return { campaign, onceGiftId: once.giftId, monthlyGift }
}

// Two checkouts, a payout, mail and three searches of the whole database: slow on a busy machine.
test('an erased donor is found nowhere, while totals, receipts and the payout are unchanged', async () => {
  const { campaign, onceGiftId, monthlyGift } = await giveAsTheDonor()
  const donor = monthlyGift.donor
  expect(donor).toMatchObject({ email: EMAIL, name: NAME })

  // Their copies: receipts emailed, a sign-in link asked for, a monthly change made and
  // confirmed, every Stripe event stored.
  await runQueuedJobs('receipt-send')
  await runQueuedJobs('dedication-email')
  expect(await requestSignInLink({ email: EMAIL, ipAddress: '203.0.113.9', locale: 'en' })).toEqual(
    { kind: 'sent' },
  )
  await runQueuedJobs('donor-sign-in-email')
  const actor = { id: donor.id, email: donor.email }
  const recurring = await loadDonorRecurringGift(monthlyGift.pledgeId, actor)
  expect(
    await changeRecurringGift(
      recurring,
      formData({ intent: 'change-amount', amount: '25' }),
      actor,
      { ipAddress: '203.0.113.9' },
    ),
  ).toMatchObject({ kind: 'done' })
  await runQueuedJobs('monthly-gift-notice')
  await deliverAllEvents()
  expect(sink.messages().filter((mail) => mail.to.includes(EMAIL)).length).toBeGreaterThanOrEqual(3)
  const receipts = await prisma.receipt.findMany({ where: { gift: { donorId: donor.id } } })
  expect(receipts.length).toBe(2)
  expect(receipts.every((receipt) => receipt.emailText?.includes(NAME))).toBe(true)

  // A checkout started and left open: the pledge holds the typed name, and could still be paid.
  const { startDonation } = await import('#app/modules/donations/checkout.server.ts')
  const open = await startDonation({
    campaign,
    formData: formData({
      amount: 'other',
      otherAmount: '60.00',
      frequency: 'ONE_TIME',
      email: EMAIL,
      name: NAME,
    }),
    clientIp: '203.0.113.9',
  })
  expect(open.kind).toBe('redirect')
  const openSessionId = new URL((open as { url: string }).url).pathname.split('/').pop()!

  const payout = await t.control<Stripe.Payout>('payouts', { currency: 'usd' })
  const reconciled = await syncPayout(payout.id)
  expect(reconciled).toMatchObject({ reconciliation: 'RECONCILED', differenceMinor: 0 })

  // The search finds the donor before: it can fail.
  const needles = [NAME, EMAIL, MESSAGE, DEDICATION]
  const before = await searchEverywhere(needles)
  expect(before.columns).toBeGreaterThan(150)
  const columnsHit = new Set(before.hits.map((hit) => hit.column))
  for (const column of [
    'public.Donor.email',
    'public.Donor.name',
    'public.Receipt.emailText',
    'public.StripeEvent.payload',
    'public.AuditLog.actorEmail',
    'public.Pledge.dedicationName',
    'public.DonorMessage.body',
    'public.RateLimitCounter.key',
  ])
    expect(columnsHit).toContain(column)
  const booksBefore = await books(campaign.id)

  // An ADMIN erases them, on their request.
  const { user: admin } = await createStaffUser({ roles: ['ADMIN'] })
  expect(
    await requestDonorErasure(donor.id, {
      kind: 'staff',
      actor: { id: admin.id, email: admin.email },
      ipAddress: '203.0.113.20',
    }),
  ).toEqual({ status: 'queued' })
  expect(await runQueuedJobs('donor-erasure')).toBe(1)
  // Late events (the cancellation, the customer's deletion) arrive after the erasure.
  await deliverAllEvents()
  await runQueuedJobs('monthly-gift-notice')
  await runQueuedJobs('receipt-send')

  // Told once, before their address went: the monthly gift stopped, what is kept.
  const notices = sink.messages().filter((mail) => mail.subject === 'Your details are being erased')
  expect(notices).toHaveLength(1)
  expect(notices[0]!.to).toEqual([EMAIL])
  expect(notices[0]!.text).toContain('$25.00 each month to Safe houses on the way')
  expect(notices[0]!.text).toContain('receipt number')
  expect(sink.messages().some((mail) => mail.to.some((to) => to.endsWith('erased.invalid')))).toBe(
    false,
  )

  // At Stripe: the subscription cancelled, the customer deleted.
  const subscription = await t.stripe.subscriptions.retrieve(
    monthlyGift.pledge.stripeSubscriptionId!,
  )
  expect(subscription.status).toBe('canceled')
  const customer = await t.stripe.customers.retrieve(monthlyGift.pledge.stripeCustomerId!)
  expect(customer).toMatchObject({ deleted: true })

  // The open checkout expired at Stripe; its pledge, never paid, is gone.
  expect((await t.stripe.checkout.sessions.retrieve(openSessionId)).status).toBe('expired')
  expect(await prisma.pledge.count({ where: { stripeCheckoutSessionId: openSessionId } })).toBe(0)

  const after = await searchEverywhere(needles)
  expect(after.hits).toEqual([])

  // The books: unchanged, to the cent; the receipts keep their numbers.
  expect(await books(campaign.id)).toEqual(booksBefore)
  expect(await reconcilePayout(payout.id)).toMatchObject({
    reconciliation: 'RECONCILED',
    differenceMinor: 0,
    openExceptions: 0,
  })
  const erasedReceipts = await prisma.receipt.findMany({
    where: { gift: { donorId: donor.id } },
    orderBy: { number: 'asc' },
  })
  expect(erasedReceipts.map((receipt) => receipt.number)).toEqual(
    receipts.map((receipt) => receipt.number).sort(),
  )
  expect(erasedReceipts[0]).toMatchObject({
    donorName: null,
    donorEmail: `erased-${donor.id}@erased.invalid`,
    emailText: null,
    pdf: null,
  })
  // A receipt can be downloaded again, drawn from what is kept.
  const redrawn = await ensureReceiptPdf(erasedReceipts[0]!.id)
  expect(redrawn?.number).toBe(erasedReceipts[0]!.number)
  const printed = pdfTextRuns(redrawn!.pdf).join(' ')
  expect(printed).toContain('Erased donor')
  expect(printed).not.toContain('erased.invalid')

  // Exports still run, and say "Erased donor".
  const csv = await new Response(exportStream({ kind: 'gifts' })).text()
  expect(csv).toContain('Erased donor')
  expect(csv.split('\r\n').filter((line) => line.includes(onceGiftId))).toHaveLength(1)

  // Audited by opaque ids and receipt numbers only.
  const audit = await prisma.auditLog.findMany({
    where: { action: { in: ['donor.erasure.requested', 'donor.erased', 'receipt.donor_erased'] } },
  })
  expect(audit.map((entry) => entry.action).sort()).toEqual([
    'donor.erased',
    'donor.erasure.requested',
    'receipt.donor_erased',
    'receipt.donor_erased',
  ])
  expect(audit.find((entry) => entry.action === 'donor.erasure.requested')).toMatchObject({
    actorId: admin.id,
    entityId: donor.id,
  })

  // Idempotent: a second run changes nothing and adds no audit entry.
  expect(await eraseDonorJob(donor.id)).toMatchObject({ status: 'erased', receipts: 0 })
  expect(await prisma.auditLog.count({ where: { action: 'receipt.donor_erased' } })).toBe(2)
  expect(await books(campaign.id)).toEqual(booksBefore)
  expect((await searchEverywhere(needles)).hits).toEqual([])
}, 90_000)

describe('the receipt trigger', () => {
  test('refuses changing donor details outside an erasure, and anything but the pseudonym in one', async () => {
    const { monthlyGift } = await giveAsTheDonor()
    await runQueuedJobs('receipt-send')
    const receipt = await prisma.receipt.findFirstOrThrow({ where: { giftId: monthlyGift.id } })
    await expect(
      prisma.receipt.update({ where: { id: receipt.id }, data: { donorName: null } }),
    ).rejects.toThrow(/immutable/)

    await prisma.donor.update({
      where: { id: monthlyGift.donorId },
      data: { erasureRequestedAt: new Date() },
    })
    const inErasure = (data: Record<string, unknown>) =>
      prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT set_config('lantern.erasing_donor', ${monthlyGift.donorId}, true)`
        await tx.receipt.update({ where: { id: receipt.id }, data })
      })
    const blank = { donorName: null, emailText: null, emailSubject: null, pdf: null }
    await expect(inErasure({ ...blank, donorEmail: 'someone-else@example.org' })).rejects.toThrow(
      /erasure may only blank/,
    )
    await expect(
      inErasure({
        ...blank,
        donorEmail: `erased-${monthlyGift.donorId}@erased.invalid`,
        amountMinor: 1,
      }),
    ).rejects.toThrow(/erasure may only blank/)
    await expect(prisma.receipt.delete({ where: { id: receipt.id } })).rejects.toThrow(
      /never deleted/,
    )
    await inErasure({ ...blank, donorEmail: `erased-${monthlyGift.donorId}@erased.invalid` })
    expect(await prisma.receipt.findUniqueOrThrow({ where: { id: receipt.id } })).toMatchObject({
      number: receipt.number,
      amountMinor: receipt.amountMinor,
      donorName: null,
    })
  })

  test('the audit log stays append-only outside an erasure', async () => {
    const entry = await prisma.auditLog.create({
      data: { actorEmail: 'someone@example.org', action: 'test', entityType: 'Test' },
    })
    await expect(
      prisma.auditLog.update({ where: { id: entry.id }, data: { actorEmail: 'x' } }),
    ).rejects.toThrow(/append-only/)
    await expect(prisma.auditLog.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/)
  })
})
