import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { closeMailer } from '#app/modules/email/mailer.server.ts'
import { listOutbox, readOutboxMessage } from '#app/modules/email/outbox.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { reloadEnv } from '#app/utils/env.server.ts'
import { createCampaign, createDonor } from '#tests/support/factories.ts'
import { ensureSessionSecret } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import {
  emailCampaignUpdate,
  emailCampaignUpdateJob,
  renderUpdateEmail,
} from './campaign-update-email.server.ts'

setupTestDatabase()

let dataDir: string
const saved = { dataDir: process.env.LANTERN_DATA_DIR, appUrl: process.env.APP_URL }
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lantern-update-mail-'))
  process.env.LANTERN_DATA_DIR = dataDir
  process.env.APP_URL = 'https://give.example.org'
  delete process.env.SMTP_URL
  reloadEnv()
  ensureSessionSecret()
  closeMailer()
})
afterAll(async () => {
  closeMailer()
  await rm(dataDir, { recursive: true, force: true })
  for (const [name, value] of [
    ['LANTERN_DATA_DIR', saved.dataDir],
    ['APP_URL', saved.appUrl],
  ] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
  reloadEnv()
})

const ctx = { actor: { id: null, email: 'manager@lantern.test' } }

test('the email carries the update, safely rendered, and a link to the appeal', () => {
  const email = renderUpdateEmail({
    campaignTitle: 'Warm <coats>',
    campaignUrl: 'https://give.example.org/campaigns/warm-coats',
    updateTitle: 'Week one',
    updateBody: 'Forty **coats** arrived. <script>x</script>',
    accountUrl: 'https://give.example.org/account',
    preferencesUrl: 'https://give.example.org/account/preferences?token=t&x=1',
    unsubscribeUrl: 'https://give.example.org/email/unsubscribe?token=t',
  })
  expect(email.subject).toBe('Week one · Warm <coats>')
  expect(email.html).toContain('<strong>coats</strong>')
  expect(email.html).not.toContain('<script>')
  expect(email.html).toContain('href="https://give.example.org/campaigns/warm-coats"')
  expect(email.text).toContain('Forty coats arrived.')
  expect(email.text).toContain('Manage my giving: https://give.example.org/account')
  expect(email.html).toContain(
    'href="https://give.example.org/account/preferences?token=t&amp;x=1"',
  )
  expect(email.html).toContain('href="https://give.example.org/email/unsubscribe?token=t"')
})

test('a published update is queued once, audited, and emailed once to each recipient', async () => {
  const campaign = await createCampaign({ slug: 'warm-coats' })
  const update = await prisma.campaignUpdate.create({
    data: {
      campaignId: campaign.id,
      title: 'Week one',
      body: 'Coats arrived.',
      publishedAt: new Date(),
    },
  })
  const [a, b] = [await createDonor({ email: 'a@example.org' }), await createDonor()]
  const recipients = async () => [
    { donorId: a.id, email: a.email },
    { donorId: b.id, email: b.email },
    { donorId: a.id, email: a.email },
  ]
  expect(await emailCampaignUpdate(campaign.id, update.id, ctx, recipients)).toEqual({
    kind: 'queued',
    recipients: 2,
  })
  expect(await emailCampaignUpdate(campaign.id, update.id, ctx, recipients)).toMatchObject({
    kind: 'refused',
  })
  const jobs = await prisma.$queryRaw<Array<{ data: { updateId: string } }>>`
    SELECT data FROM pgboss.job WHERE name = 'campaign-update-email'`
  expect(jobs).toEqual([{ data: { updateId: update.id } }])
  expect(await emailCampaignUpdateJob(update.id, recipients)).toEqual({
    recipients: 2,
    failures: 0,
  })
  const outbox = path.join(dataDir, 'outbox')
  const files = (await readdir(outbox)).filter((name) => name.endsWith('.eml'))
  expect(files).toHaveLength(2)
  const raw = await readFile(path.join(outbox, files[0] ?? ''), 'utf8')
  // Quoted-printable may break a long line anywhere; read it back joined.
  expect(raw.replace(/=\r?\n/g, '')).toContain('https://give.example.org/campaigns/warm-coats')
  expect(
    (await prisma.campaignUpdate.findUniqueOrThrow({ where: { id: update.id } })).emailedAt,
  ).not.toBeNull()
  expect(await prisma.auditLog.count({ where: { action: 'campaign-update.email' } })).toBe(1)
})

test('a draft update is not emailed', async () => {
  const campaign = await createCampaign()
  const update = await prisma.campaignUpdate.create({
    data: { campaignId: campaign.id, title: 'Draft', body: 'Not yet.' },
  })
  expect(
    await emailCampaignUpdate(campaign.id, update.id, ctx, async () => [
      { donorId: 'd', email: 'a@example.org' },
    ]),
  ).toEqual({
    kind: 'refused',
    message: 'Publish the update first.',
  })
})

describe('findUpdateRecipients', () => {
  test('donors who opted in and whose gift arrived, each address once', async () => {
    const { findUpdateRecipients } = await import('./campaign-update-email.server.ts')
    const factories = await import('#tests/support/factories.ts')
    const campaign = await factories.createCampaign()
    const other = await factories.createCampaign()
    const optedIn = await factories.createDonor({ email: 'yes@example.org' })
    const notOptedIn = await factories.createDonor({ email: 'no@example.org' })
    const noGiftYet = await factories.createDonor({ email: 'pending@example.org' })
    for (const [donor, updatesOptIn, paid] of [
      [optedIn, true, true],
      [optedIn, true, true],
      [notOptedIn, false, true],
      [noGiftYet, true, false],
    ] as const) {
      const pledge = await factories.createPledge({
        campaignId: campaign.id,
        donorId: donor.id,
        updatesOptIn,
      })
      if (paid) await factories.createGift({ pledgeId: pledge.id })
    }
    await factories.createGift({
      pledgeId: (
        await factories.createPledge({
          campaignId: other.id,
          donorId: notOptedIn.id,
          updatesOptIn: true,
        })
      ).id,
    })
    expect(await findUpdateRecipients(campaign.id)).toEqual([
      { donorId: optedIn.id, email: 'yes@example.org', locale: 'en' },
    ])
  })
})

test('each donor gets the update in their language; untranslated, in English marked lang="en"', async () => {
  const campaign = await createCampaign({
    slug: 'warm-coats',
    title: 'Warm coats',
    translations: {
      create: { locale: 'ko', title: '따뜻한 외투', summary: '요약', story: '이야기' },
    },
  })
  const korean = await createDonor({ email: 'ko@example.org', locale: 'ko' })
  const english = await createDonor({ email: 'en@example.org', locale: 'en' })
  const recipients = async () => [
    { donorId: korean.id, email: 'ko@example.org', locale: 'ko' },
    { donorId: english.id, email: 'en@example.org', locale: 'en' },
  ]
  const translated = await prisma.campaignUpdate.create({
    data: {
      campaignId: campaign.id,
      title: 'Forty coats',
      body: 'Forty coats arrived.',
      publishedAt: new Date(),
      translations: {
        create: { locale: 'ko', title: '외투 마흔 벌', body: '외투 마흔 벌이 도착했습니다.' },
      },
    },
  })
  const untranslated = await prisma.campaignUpdate.create({
    data: { campaignId: campaign.id, title: 'Boots', body: 'Boots too.', publishedAt: new Date() },
  })
  await emailCampaignUpdateJob(translated.id, recipients)
  await emailCampaignUpdateJob(untranslated.id, recipients)

  const messages = await Promise.all(
    (await listOutbox()).map(async (summary) => (await readOutboxMessage(summary.id))!),
  )
  const find = (to: string, title: string) =>
    messages.find((m) => m.to.includes(to) && m.subject.startsWith(title))
  const koTranslated = find('ko@example.org', '외투 마흔 벌 · 따뜻한 외투')
  expect(koTranslated?.text).toContain('외투 마흔 벌이 도착했습니다.')
  expect(koTranslated?.text).toContain('https://give.example.org/ko/campaigns/warm-coats')
  expect(koTranslated?.html).not.toContain('lang="en"')
  const enTranslated = find('en@example.org', 'Forty coats · Warm coats')
  expect(enTranslated?.text).toContain('https://give.example.org/campaigns/warm-coats')
  const koUntranslated = find('ko@example.org', 'Boots · 따뜻한 외투')
  expect(koUntranslated?.html).toMatch(/<div lang="en">\s*<h1>Boots<\/h1>/)
})
