// Offline gifts against real PostgreSQL and a real SMTP server (the test sink).
import { afterAll, describe, expect, test } from 'vitest'
import { startSmtpSink } from '#tests/support/smtp-sink.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { formData } from '#tests/support/forms.ts'

const sink = await startSmtpSink()
process.env.SMTP_URL = sink.url
process.env.APP_URL = 'https://give.example.org'
process.env.SESSION_SECRET = 'offline-gifts-test-secret-'.padEnd(40, 'x')
process.env.LOG_LEVEL = 'warn'
const { createOfflineGift } = await import('./offline-gifts.server.ts')
const { closeMailer } = await import('#app/modules/email/mailer.server.ts')
const { prisma } = await import('#app/utils/db.server.ts')
const { createCampaign, createDonor } = await import('#tests/support/factories.ts')
const { runQueuedJobs } = await import('#server/worker.ts')
const { createStaffUser } = await import('#tests/support/staff.ts')

setupTestDatabase()

afterAll(async () => {
  closeMailer()
  await sink.close()
})

const NOW = new Date('2026-11-21T09:00:00Z')

async function finance() {
  const { user } = await createStaffUser({ roles: ['FINANCE'] })
  return { actor: { id: user.id, email: user.email }, ipAddress: '203.0.113.9' }
}

async function nothingRecorded() {
  expect(await prisma.gift.count()).toBe(0)
  expect(await prisma.pledge.count()).toBe(0)
  expect(await prisma.receipt.count()).toBe(0)
  expect(await prisma.auditLog.count({ where: { action: 'gift.offline.create' } })).toBe(0)
  expect(await prisma.campaignTotals.findMany({ where: { raisedMinor: { not: 0 } } })).toEqual([])
}

function fieldErrors(outcome: Awaited<ReturnType<typeof createOfflineGift>>) {
  if (outcome.kind !== 'invalid') throw new Error(`expected invalid, got ${outcome.kind}`)
  return outcome.result.error ?? {}
}

describe('createOfflineGift refuses bad input at the field, recording nothing', () => {
  test.each([
    ['zero amount', { amount: '0' }, 'amount', /above zero/],
    ['negative amount', { amount: '-25.00' }, 'amount', /above zero/],
    [
      'amount over the currency maximum',
      { amount: '1,000,000.01' },
      'amount',
      /largest offline gift is \$1,000,000\.00/,
    ],
    ['amount with too many decimals', { amount: '10.001' }, 'amount', /at most 2 decimal/],
    ['future date', { receivedOn: '2026-11-22' }, 'receivedOn', /cannot be in the future/],
    ['impossible date', { receivedOn: '2026-02-30' }, 'receivedOn', /Enter a date/],
    ['unknown campaign', { campaignId: 'no-such-campaign' }, 'campaignId', /from the list/],
    ['unknown method', { method: 'bitcoin' }, 'method', /how the gift was paid/],
    ['missing donor email', { donorEmail: '' }, 'donorEmail', /email/],
  ])('%s', async (_label, override, field, message) => {
    const campaign = await createCampaign({ currency: 'USD' })
    const context = await finance()
    const outcome = await createOfflineGift(
      formData({
        campaignId: campaign.id,
        receivedOn: '2026-11-20',
        amount: '250.00',
        method: 'cheque',
        donorEmail: 'cheque@example.org',
        ...override,
      }),
      context,
      NOW,
    )
    expect(fieldErrors(outcome)[field]?.join(' ')).toMatch(message)
    await nothingRecorded()
  })

  test('a scheduled pledge of another donor cannot be linked', async () => {
    const campaign = await createCampaign({ currency: 'KRW' })
    const other = await createDonor({ email: 'other@example.org' })
    const commitment = await prisma.pledgeCommitment.create({
      data: {
        donorId: other.id,
        campaignId: campaign.id,
        currency: 'KRW',
        totalMinor: 1_200_000,
        instalmentCount: 12,
        startsOn: NOW,
      },
    })
    const outcome = await createOfflineGift(
      formData({
        campaignId: campaign.id,
        receivedOn: '2026-11-20',
        amount: '100,000',
        method: 'bank_transfer',
        donorEmail: 'someone@example.org',
        commitmentId: commitment.id,
      }),
      await finance(),
      NOW,
    )
    expect(fieldErrors(outcome).commitmentId?.join(' ')).toMatch(/scheduled pledge of this donor/)
    expect(await prisma.gift.count()).toBe(0)
  })
})

test('a cheque is recorded: donor, fulfilled pledge, gift, totals, audit, receipt with PDF, email', async () => {
  const campaign = await createCampaign({ currency: 'USD', title: 'Safe houses' })
  await createDonor({ email: 'cheque@example.org', name: null })
  const context = await finance()

  const outcome = await createOfflineGift(
    formData({
      campaignId: campaign.id,
      receivedOn: '2026-11-21',
      amount: '$1,250.50',
      method: 'cheque',
      reference: 'CHQ 004512',
      donorEmail: ' Cheque@Example.org ',
      donorName: 'Hana Lee',
    }),
    context,
    NOW,
  )
  if (outcome.kind !== 'saved') throw new Error(JSON.stringify(outcome.result))
  // The receipt is a job committed with the gift; the worker issues and emails it.
  expect(await runQueuedJobs('receipt-send')).toBe(1)

  const gift = await prisma.gift.findUniqueOrThrow({
    where: { id: outcome.giftId },
    include: { pledge: true, donor: true, receipts: true },
  })
  expect(gift).toMatchObject({
    source: 'OFFLINE',
    paymentMethod: 'cheque',
    offlineReference: 'CHQ 004512',
    stripePaymentIntentId: null,
    recordedById: context.actor.id,
    amountMinor: 125_050,
    currency: 'USD',
    frequency: 'ONE_TIME',
    receivedAt: new Date('2026-11-21T00:00:00Z'),
  })
  expect(gift.pledge).toMatchObject({
    frequency: 'ONE_TIME',
    status: 'FULFILLED',
    totalMinor: 125_050,
  })
  // The existing donor (by email) is reused and gets the name.
  expect(await prisma.donor.count()).toBe(1)
  expect(gift.donor).toMatchObject({ email: 'cheque@example.org', name: 'Hana Lee' })

  const totals = await prisma.campaignTotals.findUniqueOrThrow({
    where: { campaignId: campaign.id },
  })
  expect(totals).toMatchObject({ raisedMinor: 125_050n, giftCount: 1, donorCount: 1 })

  const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'gift.offline.create' } })
  expect(audit).toMatchObject({
    entityType: 'Gift',
    entityId: gift.id,
    actorEmail: context.actor.email,
  })

  expect(gift.receipts).toHaveLength(1)
  const receipt = gift.receipts[0]!
  expect(receipt).toMatchObject({
    number: 'LAN-2026-000001',
    status: 'ISSUED',
    amountMinor: 125_050,
  })
  expect(Buffer.from(receipt.pdf!).subarray(0, 5).toString('latin1')).toBe('%PDF-')
  expect(receipt.emailedAt).toBeInstanceOf(Date)
  const mail = await sink.waitFor((m) => m.to.includes('cheque@example.org'))
  expect(mail.subject).toBe('Your gift receipt LAN-2026-000001')
  expect(mail.text).toContain('Amount: $1,250.50')
  expect(mail.raw).toContain('Content-Type: application/pdf; name=LAN-2026-000001.pdf')
  expect(receipt.emailMessageId).toBe(mail.raw.match(/^Message-ID: (.+)\r$/im)?.[1])
})
