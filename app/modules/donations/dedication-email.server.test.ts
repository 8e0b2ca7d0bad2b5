// Dedication emails end to end: real PostgreSQL, pg-boss jobs, and a real SMTP server (the test
// sink). The email is queued with the pledge's first paid gift and sent once, never the amount.
import { randomUUID } from 'node:crypto'
import { afterAll, expect, test } from 'vitest'
import { startSmtpSink } from '#tests/support/smtp-sink.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const sink = await startSmtpSink()
process.env.SMTP_URL = sink.url
process.env.APP_URL = 'https://give.example.org'
process.env.SESSION_SECRET = 'dedication-email-test-secret-'.padEnd(40, 'x')
process.env.LOG_LEVEL = 'warn'
const { sendDedicationEmail } = await import('./dedication-email.server.ts')
const { recordGift } = await import('#app/modules/ledger/gifts.server.ts')
const { closeMailer } = await import('#app/modules/email/mailer.server.ts')
const { runQueuedJobs } = await import('#server/worker.ts')
const { prisma } = await import('#app/utils/db.server.ts')
const { createCampaign, createDonor, createPledge } = await import('#tests/support/factories.ts')

setupTestDatabase()

afterAll(async () => {
  closeMailer()
  await sink.close()
})

async function dedicatedPledge(notifyEmail: string) {
  const campaign = await createCampaign({ title: 'Safe passage', slug: `safe-${randomUUID()}` })
  const donor = await createDonor({ name: null })
  return createPledge({
    campaignId: campaign.id,
    donorId: donor.id,
    donorName: 'Min Lee',
    status: 'PENDING',
    completedAt: null,
    amountMinor: 4_500,
    dedication: 'IN_MEMORY',
    dedicationName: 'Grandfather Park',
    dedicationNotifyName: 'Soo-ah',
    dedicationNotifyEmail: notifyEmail,
    dedicationNotifyMessage: 'He would have been glad.',
  })
}

function pay(pledgeId: string) {
  const id = randomUUID().replace(/-/g, '').slice(0, 20)
  return recordGift({
    pledgeId,
    currency: 'USD',
    amountMinor: 4_500,
    stripePaymentIntentId: `pi_${id}`,
    stripeChargeId: `ch_${id}`,
    paymentMethod: 'card',
    receivedAt: new Date(),
  })
}

test('a paid dedicated gift tells the person once, with the note and without the amount', async () => {
  const pledge = await dedicatedPledge('soo-ah@example.org')
  // Unpaid: nothing is owed.
  expect(await sendDedicationEmail(pledge.id)).toEqual({ sent: false })

  await pay(pledge.id)
  // A renewal of the same pledge does not queue another.
  await pay(pledge.id)
  expect(await runQueuedJobs('dedication-email')).toBe(1)
  // The job running again (after its expiry, or a retry) sends nothing more.
  expect(await sendDedicationEmail(pledge.id)).toEqual({ sent: false })

  const mail = await sink.waitFor((m) => m.to.includes('soo-ah@example.org'))
  expect(mail.subject).toBe('A gift in memory of Grandfather Park')
  for (const part of [mail.text, mail.html]) {
    expect(part).toContain('Dear Soo-ah,')
    expect(part).toContain('Min Lee has made a gift in memory of Grandfather Park')
    expect(part).toContain('He would have been glad.')
    expect(part).toContain('https://give.example.org/campaigns/')
    expect(part).not.toContain('45.00')
    expect(part).not.toContain('$45')
  }
  expect(sink.messages().filter((m) => m.to.includes('soo-ah@example.org'))).toHaveLength(1)
  const stored = await prisma.pledge.findUniqueOrThrow({ where: { id: pledge.id } })
  expect(stored.dedicationNotifiedAt).not.toBeNull()
})

test('two senders at once send one email', async () => {
  const pledge = await dedicatedPledge('twice@example.org')
  await pay(pledge.id)
  const results = await Promise.all([
    sendDedicationEmail(pledge.id),
    sendDedicationEmail(pledge.id),
  ])
  expect(results.filter((result) => result.sent)).toHaveLength(1)
  await sink.waitFor((m) => m.to.includes('twice@example.org'))
  expect(sink.messages().filter((m) => m.to.includes('twice@example.org'))).toHaveLength(1)
})
