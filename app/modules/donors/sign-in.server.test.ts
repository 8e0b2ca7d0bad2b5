// Sign-in links end to end: real PostgreSQL, the pg-boss job table, and a real SMTP server (the
// test sink). getEnv() caches the environment on first use, so it is set before any import.
import { afterAll, describe, expect, test } from 'vitest'
import { startSmtpSink } from '#tests/support/smtp-sink.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const sink = await startSmtpSink()
process.env.SMTP_URL = sink.url
process.env.APP_URL = 'https://give.example.org'
process.env.SESSION_SECRET = 'donor-sign-in-test-secret-'.padEnd(40, 'x')
process.env.LOG_LEVEL = 'warn'
const signIn = await import('./sign-in.server.ts')
const { createManageToken } = await import('./manage-link.server.ts')
const { closeMailer } = await import('#app/modules/email/mailer.server.ts')
const { prisma } = await import('#app/utils/db.server.ts')
const { createDonor, createPledge } = await import('#tests/support/factories.ts')

setupTestDatabase()

afterAll(async () => {
  closeMailer()
  await sink.close()
})

const MINUTE = 60_000

function jobsFor(email: string) {
  return prisma.$queryRaw<Array<{ data: { email: string; locale?: string } }>>`
    SELECT data FROM pgboss.job WHERE name = 'donor-sign-in-email' AND data->>'email' = ${email}`
}

async function emailedToken(email: string): Promise<string> {
  const mail = await sink.waitFor((m) => m.to.includes(email))
  const link = /https:\/\/give\.example\.org\/account\/link\?token=(\S+)/.exec(mail.text ?? '')
  expect(link).not.toBeNull()
  return decodeURIComponent(link?.[1] ?? '')
}

describe('asking for a sign-in link', () => {
  test('a known and an unknown address get the same answer and the same queued job', async () => {
    const donor = await createDonor({ email: 'known@example.org' })
    const known = await signIn.requestSignInLink({
      email: ' Known@Example.org ',
      ipAddress: '198.51.100.1',
    })
    const unknown = await signIn.requestSignInLink({
      email: 'stranger@example.org',
      ipAddress: '198.51.100.1',
    })
    expect(known).toEqual({ kind: 'sent' })
    expect(unknown).toEqual(known)
    expect(await jobsFor('known@example.org')).toHaveLength(1)
    expect(await jobsFor('stranger@example.org')).toHaveLength(1)
    // Nothing is written for either address in the request itself.
    expect(await prisma.donorSignInToken.count()).toBe(0)
    expect(await prisma.donor.count()).toBe(1)
    expect(donor.email).toBe('known@example.org')
  })

  test('the job emails a known donor a link and stores only its hash; a stranger gets nothing', async () => {
    const donor = await createDonor({ email: 'hash@example.org' })
    expect(await signIn.sendSignInLinkJob('HASH@example.org')).toEqual({ sent: true })
    expect(await signIn.sendSignInLinkJob('nobody@example.org')).toEqual({ sent: false })
    const token = await emailedToken('hash@example.org')
    const row = await prisma.donorSignInToken.findFirstOrThrow({ where: { donorId: donor.id } })
    expect(row.tokenHash).not.toContain(token)
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * MINUTE)
    expect(sink.messages().some((m) => m.to.includes('nobody@example.org'))).toBe(false)
    const mail = sink.messages().find((m) => m.to.includes('hash@example.org'))
    expect(mail?.raw).toMatch(/^Auto-Submitted: auto-generated\r$/m)
  })

  test('past three requests per address in 15 minutes the answer is "try later", known or not', async () => {
    await createDonor({ email: 'limit@example.org' })
    const now = new Date('2026-12-01T10:00:00Z')
    for (const email of ['limit@example.org', 'limit-unknown@example.org']) {
      for (let i = 0; i < signIn.LINK_LIMIT_PER_EMAIL.limit; i++) {
        expect(await signIn.requestSignInLink({ email, ipAddress: `203.0.113.${i}`, now })).toEqual(
          {
            kind: 'sent',
          },
        )
      }
      const refused = await signIn.requestSignInLink({ email, ipAddress: '203.0.113.99', now })
      expect(refused.kind).toBe('rate-limited')
    }
    expect(await jobsFor('limit@example.org')).toHaveLength(signIn.LINK_LIMIT_PER_EMAIL.limit)
  })

  test('one address asking for many emails is stopped at the per-address limit', async () => {
    const now = new Date('2026-12-01T11:00:00Z')
    for (let i = 0; i < signIn.LINK_LIMIT_PER_IP.limit; i++) {
      await signIn.requestSignInLink({
        email: `spray-${i}@example.org`,
        ipAddress: '192.0.2.50',
        now,
      })
    }
    expect(
      (
        await signIn.requestSignInLink({
          email: 'spray-x@example.org',
          ipAddress: '192.0.2.50',
          now,
        })
      ).kind,
    ).toBe('rate-limited')
  })
})

describe('following an emailed link', () => {
  test('signs in once; the same link again is refused as used', async () => {
    const donor = await createDonor({ email: 'once@example.org' })
    await signIn.sendSignInLinkJob(donor.email)
    const token = await emailedToken(donor.email)
    expect(await signIn.redeemSignInLink(token)).toEqual({ ok: true, donorId: donor.id })
    expect(await signIn.redeemSignInLink(token)).toEqual({ ok: false, reason: 'used' })
  })

  test('two requests racing with the same link: exactly one signs in', async () => {
    const donor = await createDonor({ email: 'race@example.org' })
    await signIn.sendSignInLinkJob(donor.email)
    const token = await emailedToken(donor.email)
    const outcomes = await Promise.all([1, 2, 3].map(() => signIn.redeemSignInLink(token)))
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1)
  })

  test('after 30 minutes the link has expired; a made-up token is invalid', async () => {
    const donor = await createDonor({ email: 'late@example.org' })
    const sentAt = new Date(Date.now() - 31 * MINUTE)
    await signIn.sendSignInLinkJob(donor.email, sentAt)
    const token = await emailedToken(donor.email)
    expect(await signIn.redeemSignInLink(token)).toEqual({ ok: false, reason: 'expired' })
    expect(await signIn.redeemSignInLink('not-a-token')).toEqual({ ok: false, reason: 'invalid' })
    expect(await signIn.redeemSignInLink('')).toEqual({ ok: false, reason: 'invalid' })
  })
})

describe('receipt links', () => {
  test('sign their donor in until they expire', async () => {
    const donor = await createDonor()
    const url = new URL(signIn.receiptSignInUrl(donor))
    expect(url.origin + url.pathname).toBe('https://give.example.org/account/link')
    const token = url.searchParams.get('token') ?? ''
    expect(await signIn.redeemSignInLink(token)).toEqual({ ok: true, donorId: donor.id })
    // Not single-use: a receipt is opened more than once.
    expect(await signIn.redeemSignInLink(token)).toEqual({ ok: true, donorId: donor.id })
    const later = new Date(Date.now() + signIn.RECEIPT_LINK_TTL_MS + MINUTE)
    expect(await signIn.redeemSignInLink(token, later)).toEqual({ ok: false, reason: 'expired' })
  })

  test('a tampered link (another donor id, or a changed signature) is invalid', async () => {
    const donor = await createDonor()
    const other = await createDonor()
    const token = new URL(signIn.receiptSignInUrl(donor)).searchParams.get('token') ?? ''
    const [payload, signature] = token.split('.') as [string, string]
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as object
    const forged = Buffer.from(JSON.stringify({ ...claims, d: other.id })).toString('base64url')
    expect(await signIn.redeemSignInLink(`${forged}.${signature}`)).toEqual({
      ok: false,
      reason: 'invalid',
    })
    expect(await signIn.redeemSignInLink(`${payload}.${signature.slice(1)}x`)).toEqual({
      ok: false,
      reason: 'invalid',
    })
  })

  test('"sign out everywhere" revokes every link already sent and ends every session', async () => {
    const donor = await createDonor()
    const token = new URL(signIn.receiptSignInUrl(donor)).searchParams.get('token') ?? ''
    await signIn.sendSignInLinkJob(donor.email)
    const emailed = await emailedToken(donor.email)
    await prisma.donorSession.create({
      data: { id: 'session-1', donorId: donor.id, expiresAt: new Date(Date.now() + MINUTE) },
    })
    await signIn.revokeDonorLinks(donor.id)
    expect(await signIn.redeemSignInLink(token)).toEqual({ ok: false, reason: 'revoked' })
    expect((await signIn.redeemSignInLink(emailed)).ok).toBe(false)
    expect(await prisma.donorSession.count({ where: { donorId: donor.id } })).toBe(0)
    const fresh = await prisma.donor.findUniqueOrThrow({ where: { id: donor.id } })
    const next = new URL(signIn.receiptSignInUrl(fresh)).searchParams.get('token') ?? ''
    expect(await signIn.redeemSignInLink(next)).toEqual({ ok: true, donorId: donor.id })
  })

  test('an old /donate/manage link signs its pledge’s donor in, until links are revoked', async () => {
    const donor = await createDonor()
    const pledge = await createPledge({ donorId: donor.id, frequency: 'MONTHLY' })
    const token = createManageToken(pledge.id)
    expect(await signIn.redeemLegacyManageLink(token)).toEqual({ ok: true, donorId: donor.id })
    expect(await signIn.redeemLegacyManageLink(`${token}x`)).toEqual({
      ok: false,
      reason: 'invalid',
    })
    await signIn.revokeDonorLinks(donor.id)
    expect(await signIn.redeemLegacyManageLink(token)).toEqual({ ok: false, reason: 'revoked' })
  })
})

describe('asking from a Korean page', () => {
  test('the email, its link and the donor language afterwards are Korean', async () => {
    const donor = await createDonor({ email: 'jiwoo@example.org' })
    await signIn.requestSignInLink({
      email: donor.email,
      ipAddress: '198.51.100.7',
      locale: 'ko',
    })
    const [job] = await jobsFor(donor.email)
    expect(job?.data).toEqual({ email: donor.email, locale: 'ko' })
    await signIn.sendSignInLinkJob(donor.email, new Date(), job?.data.locale)

    const mail = await sink.waitFor((m) => m.to.includes('jiwoo@example.org'))
    expect(mail.subject).toBe('Lantern 로그인 링크')
    expect(mail.text).toContain('30분 동안 한 번만 사용할 수 있습니다')
    expect(mail.html).toContain('<html lang="ko">')
    expect(mail.html).toContain('로그인하여 내 기부 관리하기')
    const link = /https:\/\/give\.example\.org\/ko\/account\/link\?token=(\S+)/.exec(
      mail.text ?? '',
    )
    expect(await signIn.redeemSignInLink(decodeURIComponent(link?.[1] ?? ''))).toEqual({
      ok: true,
      donorId: donor.id,
    })
    expect((await prisma.donor.findUniqueOrThrow({ where: { id: donor.id } })).locale).toBe('ko')
  })

  test('a language that is not one of ours is sent as English', async () => {
    await signIn.requestSignInLink({
      email: 'other@example.org',
      ipAddress: '198.51.100.8',
      locale: 'xx',
    })
    expect((await jobsFor('other@example.org'))[0]?.data).toEqual({
      email: 'other@example.org',
      locale: 'en',
    })
  })
})
