// A donor managing their recurring gift, against the Stripe emulator (its clock), real
// PostgreSQL, the job queue and a real SMTP server (the test sink).
import type Stripe from 'stripe'
import { afterAll, beforeEach, describe, expect, test } from 'vitest'
import { pointAppAtEmulator } from '#tests/support/app-env.ts'
import { payThroughCheckout } from '#tests/support/checkout.ts'
import { formData } from '#tests/support/forms.ts'
import { startSmtpSink } from '#tests/support/smtp-sink.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { startTestEmulator } from '../../../stripe-emulator/test-support.ts'

const sink = await startSmtpSink()
process.env.SMTP_URL = sink.url
const t = await startTestEmulator()
await pointAppAtEmulator(t.emulator.url)
const APP_URL = process.env.APP_URL
const { prisma } = await import('#app/utils/db.server.ts')
const { closeMailer } = await import('#app/modules/email/mailer.server.ts')
const { createCampaign, createDonor } = await import('#tests/support/factories.ts')
const { handleStripeEvent } = await import('#app/modules/payments/stripe-inbox.server.ts')
const { fulfilCheckoutSession } = await import('#app/modules/payments/fulfilment.server.ts')
const { runQueuedJobs } = await import('#server/worker.ts')
const { changeRecurringGift, loadDonorRecurringGift } = await import('./recurring.server.ts')

afterAll(async () => {
  closeMailer()
  await sink.close()
  await t.emulator.close()
})
setupTestDatabase()
beforeEach(() => t.control('reset', {}))

const DAY = 24 * 60 * 60

async function monthlyGift(email = 'monthly@example.org') {
  const { giftId } = await payThroughCheckout(t, {
    campaign: await createCampaign(),
    fields: { amount: '2500', frequency: 'MONTHLY', email },
    payer: { email, name: 'Mo' },
  })
  const gift = await prisma.gift.findUniqueOrThrow({
    where: { id: giftId },
    include: { pledge: { include: { donor: true } } },
  })
  const donor = { id: gift.pledge.donor.id, email: gift.pledge.donor.email }
  return { pledgeId: gift.pledgeId, subscriptionId: gift.pledge.stripeSubscriptionId!, donor }
}

async function act(pledgeId: string, donor: { id: string; email: string }, fields: object) {
  const gift = await loadDonorRecurringGift(pledgeId, donor)
  return changeRecurringGift(gift, formData(fields as Record<string, string>), donor)
}

/** Every event of `type` the emulator sent since the last reset, oldest first, handled once. */
async function deliver(type: string) {
  const events = (await t.stripe.events.list({ type, limit: 100 })).data.reverse()
  for (const event of events) await handleStripeEvent(event)
  return events
}

async function mailsTo(email: string) {
  await runQueuedJobs('monthly-gift-notice')
  return sink.messages().filter((mail) => mail.to.includes(email))
}

async function invoicesOf(subscriptionId: string) {
  return (await t.stripe.invoices.list({ subscription: subscriptionId })).data
}

describe('changing the amount', () => {
  test('the next renewal charges the new amount; audited as the donor; confirmed by email', async () => {
    const { pledgeId, subscriptionId, donor } = await monthlyGift('amount@example.org')
    const outcome = await act(pledgeId, donor, { intent: 'change-amount', amount: '40' })
    expect(outcome).toEqual({ kind: 'done', notice: 'amount_changed' })
    expect(await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })).toMatchObject({
      subscriptionAmountMinor: 4000,
      subscriptionInterval: 'month',
    })
    const [audit] = await prisma.auditLog.findMany({ where: { entityId: pledgeId } })
    expect(audit).toMatchObject({
      action: 'donor.recurring.amount_changed',
      actorId: donor.id,
      actorEmail: donor.email,
      after: { fromMinor: 2500, toMinor: 4000 },
    })
    const { accountOverview } = await import('#app/modules/donors/account.server.ts')
    const account = await accountOverview(donor.id)
    expect(account?.recurring.map((gift) => gift.amountMinor)).toEqual([4000])
    const [mail] = await mailsTo(donor.email)
    expect(mail?.subject).toBe('Your recurring gift amount has changed')
    expect(mail?.text).toContain('$40.00')
    expect(mail?.text).toContain(`${APP_URL}/account/monthly/${pledgeId}`)

    await t.control('clock/advance', { seconds: 32 * DAY })
    await deliver('invoice.paid')
    const gifts = await prisma.gift.findMany({
      where: { pledgeId },
      orderBy: { receivedAt: 'asc' },
    })
    expect(gifts.map((gift) => gift.amountMinor)).toEqual([2500, 4000])
    expect((await invoicesOf(subscriptionId))[0]?.amount_paid).toBe(4000)
  })

  test('a bad amount is a field error and changes nothing', async () => {
    const { pledgeId, subscriptionId, donor } = await monthlyGift('bad@example.org')
    const outcome = await act(pledgeId, donor, { intent: 'change-amount', amount: '0.10' })
    expect(outcome.kind).toBe('invalid')
    expect(outcome.kind === 'invalid' && outcome.result.error?.amount).toBeTruthy()
    const subscription = await t.stripe.subscriptions.retrieve(subscriptionId)
    expect(subscription.items.data[0]?.price.unit_amount).toBe(2500)
    expect(await prisma.auditLog.count({ where: { entityId: pledgeId } })).toBe(0)
  })

  test("another donor's gift is a 404", async () => {
    const { pledgeId } = await monthlyGift('owner@example.org')
    const other = await createDonor({ email: 'other@example.org' })
    const refused = await loadDonorRecurringGift(pledgeId, {
      id: other.id,
      email: other.email,
    }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(Response)
    expect((refused as Response).status).toBe(404)
  })
})

describe('annual and the charge date', () => {
  test('switching to annual charges nothing now and the year at the next charge date', async () => {
    const { pledgeId, subscriptionId, donor } = await monthlyGift('annual@example.org')
    const before = await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })
    const outcome = await act(pledgeId, donor, { intent: 'switch-annual', amount: '300' })
    expect(outcome).toEqual({ kind: 'done', notice: 'switched_annual' })
    const after = await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })
    expect(after).toMatchObject({
      frequency: 'ANNUAL',
      subscriptionInterval: 'year',
      subscriptionAmountMinor: 30000,
      currentPeriodEnd: before.currentPeriodEnd,
    })
    expect(await invoicesOf(subscriptionId)).toHaveLength(1)
    await t.control('clock/advance', { seconds: 32 * DAY })
    expect((await invoicesOf(subscriptionId))[0]).toMatchObject({
      amount_paid: 30000,
      status: 'paid',
    })
  })

  test('moving the date: the next charge is on the chosen day; a date too far is refused', async () => {
    const { pledgeId, subscriptionId, donor } = await monthlyGift('date@example.org')
    const pledge = await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })
    const periodEnd = pledge.currentPeriodEnd!
    const later = new Date(periodEnd.getTime() + 10 * DAY * 1000)
    const tooLate = new Date(periodEnd.getTime() + 40 * DAY * 1000)
    const refused = await act(pledgeId, donor, {
      intent: 'move-date',
      chargeOn: tooLate.toISOString().slice(0, 10),
    })
    expect(refused.kind === 'invalid' && refused.result.error?.chargeOn).toBeTruthy()
    const outcome = await act(pledgeId, donor, {
      intent: 'move-date',
      chargeOn: later.toISOString().slice(0, 10),
    })
    expect(outcome).toEqual({ kind: 'done', notice: 'date_moved' })
    expect(
      (await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })).currentPeriodEnd,
    ).toEqual(later)
    const subscription = await t.stripe.subscriptions.retrieve(subscriptionId)
    expect(subscription.trial_end).toBe(later.getTime() / 1000)
  })
})

describe('pausing', () => {
  test('no invoice is paid during a two-month pause; it resumes by itself', async () => {
    const { pledgeId, subscriptionId, donor } = await monthlyGift('pause@example.org')
    expect(await act(pledgeId, donor, { intent: 'pause', months: '2' })).toEqual({
      kind: 'done',
      notice: 'paused',
    })
    const paused = await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })
    expect(paused.pausedUntil).not.toBeNull()
    const again = await act(pledgeId, donor, { intent: 'skip-next' })
    expect(again.kind).toBe('invalid')

    await t.control('clock/advance', { seconds: 64 * DAY })
    await deliver('invoice.paid')
    const invoices = await invoicesOf(subscriptionId)
    expect(invoices.slice(0, 2).map((invoice) => invoice.status)).toEqual(['void', 'void'])
    expect(await prisma.gift.count({ where: { pledgeId } })).toBe(1)
    await t.control('clock/advance', { seconds: 31 * DAY })
    await deliver('customer.subscription.updated')
    await deliver('invoice.paid')
    expect(await prisma.gift.count({ where: { pledgeId } })).toBe(2)
    expect(
      (await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })).pausedUntil,
    ).toBeNull()
  })

  test('pausing for four months is refused at the field', async () => {
    const { pledgeId, donor } = await monthlyGift('long@example.org')
    const outcome = await act(pledgeId, donor, { intent: 'pause', months: '4' })
    expect(outcome.kind === 'invalid' && outcome.result.error?.months).toBeTruthy()
  })
})

describe('failed payments and a new card', () => {
  test('one email per failure with the update-card link; the new card pays the retry', async () => {
    const { pledgeId, subscriptionId, donor } = await monthlyGift('failing@example.org')
    await t.control('renewals/fail', { subscription: subscriptionId })
    await t.control('clock/advance', { seconds: 32 * DAY })
    const failures = await deliver('invoice.payment_failed')
    expect(failures).toHaveLength(1)
    // The same event handled again owes no second email.
    await handleStripeEvent(failures[0] as Stripe.Event)
    const failing = await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })
    expect(failing).toMatchObject({ subscriptionStatus: 'past_due', failedAttemptCount: 1 })
    expect(failing.failingInvoiceId).toMatch(/^in_/)
    const { listFailingRecurringGifts } =
      await import('#app/modules/finance/failing-gifts.server.ts')
    expect((await listFailingRecurringGifts()).map((row) => row.pledgeId)).toEqual([pledgeId])
    const mails = await mailsTo(donor.email)
    expect(mails.map((mail) => mail.subject)).toEqual([
      'Your recurring gift payment did not go through',
    ])
    expect(mails[0]?.text).toContain(`${APP_URL}/account/monthly/${pledgeId}`)

    const started = await act(pledgeId, donor, { intent: 'update-card' })
    if (started.kind !== 'redirect') throw new Error('expected a redirect to Checkout')
    const page = await t.post(started.url, {
      email: donor.email,
      name: 'Mo',
      payment_method: 'card',
      card_number: '5555555555554444',
      card_expiry: '12 / 34',
      card_cvc: '123',
    })
    expect(page.status).toBe(303)
    await fulfilCheckoutSession(new URL(started.url).pathname.split('/').pop() as string)
    const subscription = await t.stripe.subscriptions.retrieve(subscriptionId)
    const method = await t.stripe.paymentMethods.retrieve(
      String(subscription.default_payment_method),
    )
    expect(method.card?.last4).toBe('4444')
    expect(await prisma.auditLog.count({ where: { action: 'donor.recurring.card_updated' } })).toBe(
      1,
    )

    await t.control('clock/advance', { seconds: 3 * DAY })
    await deliver('invoice.paid')
    await deliver('customer.subscription.updated')
    expect(await prisma.gift.count({ where: { pledgeId } })).toBe(2)
    expect(await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })).toMatchObject({
      subscriptionStatus: 'active',
      failingInvoiceId: null,
    })
    expect(await listFailingRecurringGifts()).toEqual([])
    expect((await mailsTo(donor.email)).map((mail) => mail.subject)).toContain(
      'Your card for your recurring gift has been updated',
    )
  })

  test('when Stripe gives up, one final email', async () => {
    const { pledgeId, subscriptionId, donor } = await monthlyGift('gaveup@example.org')
    await t.control('renewals/fail', { subscription: subscriptionId, times: 4 })
    await t.control('clock/advance', { seconds: 42 * DAY })
    await deliver('invoice.payment_failed')
    await deliver('customer.subscription.deleted')
    await deliver('customer.subscription.deleted')
    expect(await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })).toMatchObject({
      subscriptionStatus: 'canceled',
      endedReason: 'payment_failed',
    })
    const subjects = (await mailsTo(donor.email)).map((mail) => mail.subject)
    expect(subjects.filter((subject) => subject.includes('did not go through'))).toHaveLength(3)
    expect(subjects.filter((subject) => subject.includes('stopped after failed'))).toHaveLength(1)
  })
})

describe('cancelling', () => {
  test('stops at once with the reason at Stripe; confirmed by email', async () => {
    const { pledgeId, subscriptionId, donor } = await monthlyGift('cancel@example.org')
    const outcome = await act(pledgeId, donor, {
      intent: 'cancel',
      reason: 'too_expensive',
      comment: 'Money is tight this year',
    })
    expect(outcome).toEqual({ kind: 'done', notice: 'canceled' })
    expect(await t.stripe.subscriptions.retrieve(subscriptionId)).toMatchObject({
      status: 'canceled',
      cancellation_details: { feedback: 'too_expensive', comment: 'Money is tight this year' },
    })
    expect(await prisma.pledge.findUniqueOrThrow({ where: { id: pledgeId } })).toMatchObject({
      subscriptionStatus: 'canceled',
      endedReason: 'cancellation_requested',
    })
    expect((await mailsTo(donor.email)).map((mail) => mail.subject)).toEqual([
      'Your recurring gift has stopped',
    ])
    const again = await act(pledgeId, donor, { intent: 'cancel' })
    expect(again.kind).toBe('invalid')
  })
})
