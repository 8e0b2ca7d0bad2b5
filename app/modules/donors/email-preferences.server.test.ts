// One-click unsubscribe (RFC 8058) end to end: appeal updates go over real SMTP to the test
// sink, the test reads the received headers and POSTs the List-Unsubscribe URL the way a mail
// client does (no cookie, no Origin) through the production build's handler (`npm run build`
// first). getEnv() caches the environment on first use, so it is set before any import.
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startSmtpSink, type ReceivedMail } from '#tests/support/smtp-sink.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const sink = await startSmtpSink()
process.env.SMTP_URL = sink.url
process.env.APP_URL = 'https://give.example.org'
process.env.SESSION_SECRET = 'email-preferences-test-secret-'.padEnd(40, 'x')
process.env.LOG_LEVEL = 'warn'
const { emailCampaignUpdateJob } =
  await import('#app/modules/campaigns/campaign-update-email.server.ts')
const { closeMailer } = await import('#app/modules/email/mailer.server.ts')
const { prisma } = await import('#app/utils/db.server.ts')
const { loadBuiltRequestHandler } = await import('#tests/support/remix-build.ts')
const { createCampaign, createDonor, createGift, createPledge } =
  await import('#tests/support/factories.ts')

setupTestDatabase()

let handle: Awaited<ReturnType<typeof loadBuiltRequestHandler>>
beforeAll(async () => {
  handle = await loadBuiltRequestHandler()
})
afterAll(async () => {
  closeMailer()
  await sink.close()
})

/** A header of a received message, unfolded (RFC 5322 folding inserts CRLF + space). */
function header(mail: ReceivedMail, name: string): string | null {
  const head = mail.raw.split('\r\n\r\n')[0] ?? ''
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ')
  const line = unfolded
    .split('\r\n')
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
  return line ? line.slice(name.length + 1).trim() : null
}

async function givesWithUpdates(campaignId: string, email: string) {
  const donor = await createDonor({ email })
  const pledge = await createPledge({ campaignId, donorId: donor.id, updatesOptIn: true })
  await createGift({ pledgeId: pledge.id })
  return donor
}

async function publishUpdate(campaignId: string, title: string) {
  return prisma.campaignUpdate.create({
    data: { campaignId, title, body: 'News from the route.', publishedAt: new Date() },
  })
}

function post(url: string, body: string, extra: Record<string, string> = {}) {
  return handle(
    new Request(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Host: new URL(url).host,
        ...extra,
      },
      body,
      redirect: 'manual',
    }),
    { clientIp: '203.0.113.20', cspNonce: 'test' },
  )
}

test('an update carries one-click unsubscribe; the POST stops updates at once and for later gifts', async () => {
  const campaign = await createCampaign({ slug: 'winter-coats' })
  const ana = await givesWithUpdates(campaign.id, 'ana@example.org')
  await givesWithUpdates(campaign.id, 'ben@example.org')

  const first = await publishUpdate(campaign.id, 'Week one')
  expect(await emailCampaignUpdateJob(first.id)).toEqual({ recipients: 2, failures: 0 })
  const mail = await sink.waitFor((m) => m.to.includes('ana@example.org'))
  expect(header(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click')
  const listUnsubscribe = header(mail, 'List-Unsubscribe') ?? ''
  const url = /^<(https:\/\/give\.example\.org\/email\/unsubscribe\?token=[^>]+)>$/.exec(
    listUnsubscribe,
  )?.[1]
  expect(url).toBeDefined()
  expect(mail.text).toContain(
    'Email preferences: https://give.example.org/account/preferences?token=',
  )
  expect(mail.text).toContain('Manage my giving: https://give.example.org/account')

  // What a mail client sends (RFC 8058 §3.1): no cookie, no Origin, this exact body.
  const response = await post(url as string, 'List-Unsubscribe=One-Click')
  expect(response.status).toBe(200)
  expect(response.headers.get('Cache-Control')).toContain('no-store')
  const after = await prisma.donor.findUniqueOrThrow({ where: { id: ana.id } })
  expect(after.updatesOptOutAt).toBeInstanceOf(Date)

  // A later gift with the updates box ticked does not subscribe her again.
  const again = await createPledge({ campaignId: campaign.id, donorId: ana.id, updatesOptIn: true })
  await createGift({ pledgeId: again.id })
  const before = sink.messages().length
  const second = await publishUpdate(campaign.id, 'Week two')
  expect(await emailCampaignUpdateJob(second.id)).toEqual({ recipients: 1, failures: 0 })
  await sink.waitFor((m) => m.to.includes('ben@example.org') && m.subject.startsWith('Week two'))
  const newMail = sink.messages().slice(before)
  expect(newMail.map((m) => m.to).flat()).toEqual(['ben@example.org'])
})

test('opting in again on the preferences page (from the email link) brings updates back', async () => {
  const campaign = await createCampaign()
  const donor = await givesWithUpdates(campaign.id, 'back@example.org')
  await prisma.donor.update({ where: { id: donor.id }, data: { updatesOptOutAt: new Date() } })
  const { preferencesUrl } = await import('./email-preferences.server.ts')
  const page = preferencesUrl(donor.id)

  const invalid = await post(page, 'updates=maybe')
  expect(invalid.status).toBe(400)
  expect(await invalid.text()).toContain('Choose whether you want appeal updates.')
  const saved = await post(page, 'updates=yes')
  expect(saved.status).toBe(200)
  expect(
    (await prisma.donor.findUniqueOrThrow({ where: { id: donor.id } })).updatesOptOutAt,
  ).toBeNull()

  const update = await publishUpdate(campaign.id, 'Back again')
  expect(await emailCampaignUpdateJob(update.id)).toEqual({ recipients: 1, failures: 0 })
  await sink.waitFor((m) => m.to.includes('back@example.org'))
})

test('a forged preferences link changes nothing', async () => {
  const donor = await createDonor()
  const { preferencesUrl } = await import('./email-preferences.server.ts')
  const forged = preferencesUrl(donor.id).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
  const response = await post(forged, 'updates=no')
  expect(response.status).toBe(400)
  expect(
    (await prisma.donor.findUniqueOrThrow({ where: { id: donor.id } })).updatesOptOutAt,
  ).toBeNull()
})
