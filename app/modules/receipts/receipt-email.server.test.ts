// Receipt emails end to end: real PostgreSQL, and a real SMTP server (the test sink) as the
// mail server. getEnv() caches the environment on first use, so it is set before any import
// that reads it (the mailer, the database client, the manage links).
import { afterAll, describe, expect, test } from 'vitest'
import { startSmtpSink } from '#tests/support/smtp-sink.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const sink = await startSmtpSink()
process.env.SMTP_URL = sink.url
process.env.APP_URL = 'https://give.example.org'
process.env.SESSION_SECRET = 'receipt-email-test-secret-'.padEnd(40, 'x')
process.env.LOG_LEVEL = 'warn'
const { renderReceiptEmail, sendGiftReceipt } = await import('./receipt-email.server.ts')
const { closeMailer } = await import('#app/modules/email/mailer.server.ts')
const { escapeHtml } = await import('#app/modules/email/html.ts')
const { redeemSignInLink } = await import('#app/modules/donors/sign-in.server.ts')
const { prisma } = await import('#app/utils/db.server.ts')
const { giftsOwedReceipts, issueReceipt, RECEIPT_SWEEP_WINDOW_MS } =
  await import('./receipts.server.ts')
const { pdfTextRuns } = await import('./pdf-text.test-helper.ts')
const { renderReceiptPdf } = await import('./receipt-pdf.server.ts')
const { createCampaign, createDonor, createGift, createPledge } =
  await import('#tests/support/factories.ts')

setupTestDatabase()

afterAll(async () => {
  closeMailer()
  await sink.close()
})

const mailTo = (email: string) => sink.messages().filter((m) => m.to.includes(email))

describe('sendGiftReceipt', () => {
  test('a one-time USD gift with fee cover', async () => {
    const campaign = await createCampaign({
      slug: 'medicine-without-papers',
      title: 'Medicine without papers',
      fund: 'MEDICAL',
    })
    const donor = await createDonor({ email: 'ana@example.org', name: 'Ana' })
    const gift = await createGift({
      campaignId: campaign.id,
      donorId: donor.id,
      currency: 'USD',
      amountMinor: 4_665,
      feeCoverMinor: 165,
      // Late evening UTC: the receipt shows the UTC date.
      receivedAt: new Date('2026-11-21T23:30:00Z'),
    })

    expect(await sendGiftReceipt(gift.id)).toEqual({ sent: true, receiptNumber: 'LAN-2026-000001' })

    const mail = await sink.waitFor((m) => m.to.includes('ana@example.org'))
    expect(mail.subject).toBe('Your gift receipt LAN-2026-000001')
    expect(mail.raw).toMatch(/^Auto-Submitted: auto-generated\r$/m)
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Dear Ana,')
      expect(part).toContain('$46.65')
      expect(part).toContain('This includes $1.65 to cover processing fees.')
      expect(part).toContain('21 November 2026')
      expect(part).toContain('Medicine without papers')
      expect(part).toContain('Medical care')
      expect(part).toContain('LAN-2026-000001')
      expect(part).toContain('https://give.example.org/campaigns/medicine-without-papers')
      expect(part).toContain('tax details appear on your annual giving statement')
      expect(part).toContain('Manage my giving')
      expect(part).not.toContain('change your monthly gift')
    }
    expect(mail.html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/)
    expect(mail.html).toContain('<h1')
    expect(mail.html).toContain('<th scope="row"')
    const receipt = await prisma.receipt.findFirstOrThrow({ where: { giftId: gift.id } })
    expect(receipt.emailedAt).toBeInstanceOf(Date)
  })

  test('a monthly KRW gift with a dedication carries a link that signs the donor in', async () => {
    const campaign = await createCampaign({ title: 'Food for the journey', fund: 'NUTRITION' })
    const donor = await createDonor({ email: 'minji@example.org', name: null })
    const pledge = await createPledge({
      campaignId: campaign.id,
      donorId: donor.id,
      frequency: 'MONTHLY',
      currency: 'KRW',
      amountMinor: 50_000,
      dedication: 'IN_MEMORY',
      dedicationName: 'Grandmother Kim',
    })
    const gift = await createGift({
      pledgeId: pledge.id,
      receivedAt: new Date('2026-03-05T12:00:00Z'),
    })

    await sendGiftReceipt(gift.id)
    const mail = await sink.waitFor((m) => m.to.includes('minji@example.org'))
    expect(mail.text).toContain('Dear friend,')
    expect(mail.text).toContain('Thank you for your monthly gift to Food for the journey.')
    expect(mail.text).toContain('Amount: ₩50,000')
    expect(mail.text).not.toContain('processing fees')
    expect(mail.text).toContain('5 March 2026')
    expect(mail.text).toContain('Fund: Nutrition')
    expect(mail.text).toContain('In memory of Grandmother Kim')
    expect(mail.text).toContain('change your monthly gift')
    expect(mail.text).toContain('works for 60 days')
    expect(mail.html).toContain('₩50,000')
    expect(mail.html).toContain('In memory of Grandmother Kim')

    const manageUrl = /Manage my giving: (\S+)/.exec(mail.text ?? '')?.[1] ?? ''
    expect(manageUrl).toMatch(/^https:\/\/give\.example\.org\/account\/link\?token=/)
    expect(mail.html).toContain(`href="${escapeHtml(manageUrl)}"`)
    const token = new URL(manageUrl).searchParams.get('token') ?? ''
    expect(await redeemSignInLink(token)).toEqual({ ok: true, donorId: donor.id })
    // The copy finance can read carries no working link.
    const stored = await prisma.receipt.findFirstOrThrow({ where: { giftId: gift.id } })
    expect(stored.emailText).not.toContain(token)
    expect(stored.emailText).toContain('[personal sign-in link]')
  })

  test('a gift given in Korean gets its receipt email and PDF in Korean, with Korean links', async () => {
    const campaign = await createCampaign({
      slug: 'safe-passage',
      title: 'Safe passage',
      fund: 'RESCUE',
    })
    const donor = await createDonor({ email: 'seoyeon@example.org', name: '김서연' })
    const pledge = await createPledge({
      campaignId: campaign.id,
      donorId: donor.id,
      currency: 'KRW',
      amountMinor: 30_000,
      locale: 'ko',
      dedication: 'IN_HONOUR',
      dedicationName: '어머니',
    })
    const gift = await createGift({
      pledgeId: pledge.id,
      receivedAt: new Date('2026-12-02T03:00:00Z'),
    })

    const { receiptNumber } = await sendGiftReceipt(gift.id)
    const mail = await sink.waitFor((m) => m.to.includes('seoyeon@example.org'))
    expect(mail.subject).toBe(`기부 영수증 ${receiptNumber}`)
    expect(mail.html).toMatch(/^<!DOCTYPE html>\n<html lang="ko">/)
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('김서연 님께,')
      expect(part).toContain('Safe passage에 후원을 해 주셔서 감사합니다.')
      expect(part).toContain('₩30,000')
      expect(part).toContain('2026년 12월 2일')
      expect(part).toContain('구출')
      expect(part).toContain('어머니 님을 기리며')
      expect(part).toContain('내 기부 관리')
      expect(part).toContain('https://give.example.org/ko/campaigns/safe-passage')
      expect(part).not.toContain('Thank you')
    }
    const manageUrl = /내 기부 관리: (\S+)/.exec(mail.text ?? '')?.[1] ?? ''
    expect(manageUrl).toMatch(/^https:\/\/give\.example\.org\/ko\/account\/link\?token=/)

    // The PDF attached, and kept for staff to download, is the Korean one: its title (metadata
    // strings outside Latin-1 are written as UTF-16BE) says 영수증.
    expect(mail.raw).toContain(`filename=${receiptNumber}.pdf`)
    const receipt = await prisma.receipt.findFirstOrThrow({ where: { giftId: gift.id } })
    const title = Buffer.from(`\ufeff영수증 ${receiptNumber}`, 'utf16le').swap16()
    expect(Buffer.from(receipt.pdf!).includes(title)).toBe(true)
  })

  test('a Korean receipt PDF reads in Korean', async () => {
    const donor = await createDonor({ email: 'pdf-ko@example.org', name: '김서연' })
    const pledge = await createPledge({
      donorId: donor.id,
      currency: 'KRW',
      amountMinor: 30_000,
      locale: 'ko',
    })
    const gift = await createGift({
      pledgeId: pledge.id,
      receivedAt: new Date('2026-12-02T03:00:00Z'),
    })
    const receipt = await issueReceipt(gift.id)
    // Drawn again uncompressed, so the text can be read back.
    const pdf = await renderReceiptPdf(
      {
        number: receipt.number,
        status: 'ISSUED',
        voidReason: null,
        replacesNumber: null,
        issuedAt: receipt.issuedAt,
        donorName: '김서연',
        donorEmail: 'pdf-ko@example.org',
        amountMinor: 30_000,
        currency: 'KRW',
        campaignTitle: 'Safe passage',
        fund: 'SHELTER',
        paymentMethod: 'card',
        offlineReference: null,
        giftReceivedAt: gift.receivedAt,
        locale: 'ko',
      },
      { compress: false },
    )
    const text = pdfTextRuns(pdf).join('\n')
    expect(text).toContain(`영수증 ${receipt.number}`)
    expect(text).toContain('기부금 영수증')
    expect(text).toContain('원본 영수증입니다.')
    expect(text).toContain('기부자')
    expect(text).toContain('₩30,000')
    expect(text).toContain('2026년 12월 2일')
    expect(text).toContain('쉼터')
    expect(text).toContain('카드')
    expect(text).not.toContain('Date of gift')
  })

  test('sending twice emails once', async () => {
    const donor = await createDonor({ email: 'twice@example.org' })
    const gift = await createGift({ donorId: donor.id })

    const first = await sendGiftReceipt(gift.id)
    const second = await sendGiftReceipt(gift.id)

    expect(first.sent).toBe(true)
    expect(second).toEqual({ sent: false, receiptNumber: first.receiptNumber })
    expect(mailTo('twice@example.org')).toHaveLength(1)
  })

  test('a failed send leaves the receipt unsent, and the retry sends it', async () => {
    // The mail server never sees a message without a valid recipient: the send throws.
    const donor = await createDonor({ email: 'not an address' })
    const gift = await createGift({ donorId: donor.id })

    await expect(sendGiftReceipt(gift.id)).rejects.toThrow()
    const receipt = await prisma.receipt.findFirstOrThrow({ where: { giftId: gift.id } })
    expect(receipt.emailedAt).toBeNull()

    await prisma.donor.update({ where: { id: donor.id }, data: { email: 'fixed@example.org' } })
    expect(await sendGiftReceipt(gift.id)).toEqual({ sent: true, receiptNumber: receipt.number })
    expect(mailTo('fixed@example.org')).toHaveLength(1)
    expect(await prisma.receipt.count()).toBe(1)
  })

  test('campaign titles and names are escaped in the HTML', async () => {
    const campaign = await createCampaign({ title: '<script>alert("x")</script> & Co' })
    const donor = await createDonor({ email: 'escape@example.org', name: '<b>Eve</b>' })
    const pledge = await createPledge({
      campaignId: campaign.id,
      donorId: donor.id,
      dedication: 'IN_HONOUR',
      dedicationName: `O'Brien <img src=x onerror=alert(1)>`,
    })
    const gift = await createGift({ pledgeId: pledge.id })

    await sendGiftReceipt(gift.id)
    const mail = await sink.waitFor((m) => m.to.includes('escape@example.org'))
    expect(mail.html).not.toContain('<script')
    expect(mail.html).not.toContain('<img')
    expect(mail.html).not.toContain('<b>')
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co')
    expect(mail.html).toContain('In honour of O&#39;Brien &lt;img src=x onerror=alert(1)&gt;')
    expect(mail.text).toContain('<script>alert("x")</script> & Co')
  })
})

test('escapeHtml escapes the five HTML-significant characters', () => {
  expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
  )
})

test('renderReceiptEmail omits the dedication when it has no name', () => {
  const email = renderReceiptEmail({
    receiptNumber: 'LAN-2026-000042',
    donorName: 'Ana',
    amountMinor: 500_000,
    feeCoverMinor: 0,
    currency: 'JPY',
    receivedAt: new Date('2026-01-01T00:00:00Z'),
    frequency: 'ONE_TIME',
    campaignTitle: 'Safe passage',
    fund: 'RESCUE',
    campaignUrl: 'https://give.example.org/campaigns/safe-passage',
    dedication: 'IN_HONOUR',
    dedicationName: '  ',
    manageUrl: null,
  })
  expect(email.subject).toBe('Your gift receipt LAN-2026-000042')
  expect(email.text).toContain('Amount: ¥500,000')
  expect(email.text).not.toContain('In honour of')
  expect(email.html).not.toContain('In honour of')
})

test('the sweep owes receipts to recent gifts without one and to issued receipts never emailed', async () => {
  const now = new Date()
  const ago = (ms: number) => new Date(now.getTime() - ms)
  const recent = await createGift({ createdAt: ago(5 * 60_000) })
  // Being receipted by the webhook that wrote it: left alone for 30 seconds.
  await createGift({ createdAt: ago(5_000) })
  // Past the window: left to people (the ledger shows it without a receipt number).
  await createGift({ createdAt: ago(RECEIPT_SWEEP_WINDOW_MS + 60_000) })
  // Refunded before a receipt was issued: never gets one.
  await createGift({ createdAt: ago(5 * 60_000), status: 'REFUNDED', refundedMinor: 2_500 })
  // Issued long ago but never emailed: still owed, whatever its age.
  const unsent = await createGift({ createdAt: ago(RECEIPT_SWEEP_WINDOW_MS * 2) })
  await issueReceipt(unsent.id)
  const sent = await createGift({ createdAt: ago(5 * 60_000) })
  await sendGiftReceipt(sent.id)

  expect((await giftsOwedReceipts(now)).sort()).toEqual([recent.id, unsent.id].sort())
  expect(await giftsOwedReceipts(now, 1)).toHaveLength(1)

  for (const id of [recent.id, unsent.id]) await sendGiftReceipt(id)
  expect(await giftsOwedReceipts(now)).toEqual([])
})
