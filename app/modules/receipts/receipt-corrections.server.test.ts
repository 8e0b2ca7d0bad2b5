// Immutable receipts, corrections and PDFs against real PostgreSQL and a real SMTP server (the
// test sink). The environment is set before any import that reads it (see receipt-email tests).
import { afterAll, describe, expect, test } from 'vitest'
import { startSmtpSink } from '#tests/support/smtp-sink.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const sink = await startSmtpSink()
process.env.SMTP_URL = sink.url
process.env.APP_URL = 'https://give.example.org'
process.env.SESSION_SECRET = 'receipt-corrections-test-secret-'.padEnd(40, 'x')
process.env.LOG_LEVEL = 'warn'
const { sendGiftReceipt } = await import('./receipt-email.server.ts')
const { correctReceipt, ensureReceiptPdf, issueReceipt } = await import('./receipts.server.ts')
const { renderReceiptPdf } = await import('./receipt-pdf.server.ts')
const { pdfTextRuns } = await import('./pdf-text.test-helper.ts')
const { closeMailer } = await import('#app/modules/email/mailer.server.ts')
const { prisma } = await import('#app/utils/db.server.ts')
const { createCampaign, createDonor, createGift } = await import('#tests/support/factories.ts')

setupTestDatabase()

afterAll(async () => {
  closeMailer()
  await sink.close()
})

const IN_2026 = new Date('2026-06-10T10:00:00Z')
const mailTo = (email: string) => sink.messages().filter((m) => m.to.includes(email))

async function refund(
  giftId: string,
  refundedMinor: number,
  status: 'PARTIALLY_REFUNDED' | 'REFUNDED',
) {
  await prisma.gift.update({ where: { id: giftId }, data: { refundedMinor, status } })
}

describe('receipt numbering under concurrency', () => {
  // Enough to contend for the year's counter many times over; each receipt also renders a PDF
  // and goes over SMTP, which at 50 took 25 s on a busy 2-core machine.
  const BURST = 20

  test(`${BURST} gifts landing at once are receipted and emailed as 1 to ${BURST}, no gaps or duplicates`, async () => {
    const campaign = await createCampaign()
    const gifts = await Promise.all(
      Array.from({ length: BURST }, async (_, i) => {
        const donor = await createDonor({ email: `burst-${i}@example.org` })
        return createGift({ campaignId: campaign.id, donorId: donor.id, receivedAt: IN_2026 })
      }),
    )
    const results = await Promise.all(gifts.map((gift) => sendGiftReceipt(gift.id)))
    expect(results.every((result) => result.sent)).toBe(true)
    const receipts = await prisma.receipt.findMany({ orderBy: { sequence: 'asc' } })
    expect(receipts.map((r) => r.sequence)).toEqual(Array.from({ length: BURST }, (_, i) => i + 1))
    expect(new Set(receipts.map((r) => r.giftId)).size).toBe(BURST)
    expect(receipts.every((r) => r.pdf !== null && r.emailMessageId !== null)).toBe(true)
    expect((await prisma.receiptSequence.findUniqueOrThrow({ where: { year: 2026 } })).last).toBe(
      BURST,
    )
  })
})

describe('the database keeps receipts immutable', () => {
  test('an issued receipt cannot have its amount edited, nor be deleted', async () => {
    const gift = await createGift({ receivedAt: IN_2026 })
    const receipt = await issueReceipt(gift.id)
    await expect(
      prisma.receipt.update({ where: { id: receipt.id }, data: { amountMinor: 1 } }),
    ).rejects.toThrow(/immutable/)
    await expect(prisma.receipt.delete({ where: { id: receipt.id } })).rejects.toThrow(
      /never deleted/,
    )
    // The PDF is stored once: a second one is refused.
    await expect(
      prisma.receipt.update({ where: { id: receipt.id }, data: { pdf: new Uint8Array([1]) } }),
    ).rejects.toThrow(/already has its PDF/)
    const unchanged = await prisma.receipt.findUniqueOrThrow({ where: { id: receipt.id } })
    expect(unchanged.amountMinor).toBe(gift.amountMinor)
  })
})

describe('corrections', () => {
  test('a partial refund voids the receipt and emails one replacement, even when called concurrently', async () => {
    const donor = await createDonor({ email: 'partial@example.org', name: 'Ana' })
    const gift = await createGift({
      donorId: donor.id,
      currency: 'USD',
      amountMinor: 2_500,
      feeCoverMinor: 0,
      receivedAt: IN_2026,
    })
    const first = await sendGiftReceipt(gift.id)
    expect(first).toEqual({ sent: true, receiptNumber: 'LAN-2026-000001' })

    await refund(gift.id, 500, 'PARTIALLY_REFUNDED')
    const results = await Promise.all(Array.from({ length: 5 }, () => sendGiftReceipt(gift.id)))

    expect(results.filter((r) => r.sent)).toHaveLength(1)
    expect(new Set(results.map((r) => r.receiptNumber))).toEqual(new Set(['LAN-2026-000002']))
    const receipts = await prisma.receipt.findMany({
      where: { giftId: gift.id },
      orderBy: { sequence: 'asc' },
    })
    expect(receipts).toHaveLength(2)
    const [old, replacement] = receipts
    expect(old).toMatchObject({ status: 'VOID', amountMinor: 2_500 })
    expect(old?.voidReason).toMatch(/^Refund of \$5\.00 on \d{4}-\d{2}-\d{2}$/)
    expect(replacement).toMatchObject({
      status: 'ISSUED',
      amountMinor: 2_000,
      replacesId: old?.id,
      year: 2026,
    })
    expect(replacement?.emailSubject).toBe('Your corrected gift receipt LAN-2026-000002')
    expect(replacement?.emailText).toContain('This receipt replaces LAN-2026-000001')

    const mails = mailTo('partial@example.org')
    expect(mails.map((m) => m.subject)).toEqual([
      'Your gift receipt LAN-2026-000001',
      'Your corrected gift receipt LAN-2026-000002',
    ])
    expect(mails[1]?.text).toContain('Amount: $20.00')
    expect(mails[1]?.raw).toMatch(/Content-Type: application\/pdf; name=LAN-2026-000002\.pdf/)

    // Nothing changed since: calling again issues and sends nothing.
    expect(await correctReceipt(gift.id)).toMatchObject({ action: 'none' })
    expect(await sendGiftReceipt(gift.id)).toEqual({
      sent: false,
      receiptNumber: 'LAN-2026-000002',
    })
  })

  test('a full refund voids the receipt without a replacement, and none is issued later', async () => {
    const donor = await createDonor({ email: 'full@example.org' })
    const gift = await createGift({
      donorId: donor.id,
      currency: 'KRW',
      amountMinor: 50_000,
      feeCoverMinor: 0,
      receivedAt: IN_2026,
    })
    await sendGiftReceipt(gift.id)
    await refund(gift.id, 50_000, 'REFUNDED')

    expect(await correctReceipt(gift.id)).toEqual({
      receipt: null,
      action: 'voided',
      voidedNumber: 'LAN-2026-000001',
    })
    expect(await sendGiftReceipt(gift.id)).toEqual({ sent: false, receiptNumber: null })
    const receipts = await prisma.receipt.findMany({ where: { giftId: gift.id } })
    expect(receipts).toHaveLength(1)
    expect(receipts[0]).toMatchObject({
      status: 'VOID',
      voidReason: expect.stringMatching(/₩50,000/),
    })
    await expect(issueReceipt(gift.id)).rejects.toThrow(/nothing left to receipt/)
    expect(mailTo('full@example.org')).toHaveLength(1)
  })

  test('a gift refunded in full before its receipt gets none', async () => {
    const gift = await createGift({ receivedAt: IN_2026 })
    await refund(gift.id, gift.amountMinor, 'REFUNDED')
    expect(await sendGiftReceipt(gift.id)).toEqual({ sent: false, receiptNumber: null })
    expect(await prisma.receipt.count()).toBe(0)
    expect(await prisma.receiptSequence.count()).toBe(0)
  })

  test('a lost dispute says so in the void reason', async () => {
    const gift = await createGift({ currency: 'USD', amountMinor: 1_000, receivedAt: IN_2026 })
    await issueReceipt(gift.id)
    await prisma.gift.update({
      where: { id: gift.id },
      data: { disputeLostMinor: 1_000, status: 'DISPUTE_LOST' },
    })
    await correctReceipt(gift.id)
    const receipt = await prisma.receipt.findFirstOrThrow({ where: { giftId: gift.id } })
    expect(receipt.voidReason).toMatch(/^Dispute lost: \$10\.00 taken back on /)
  })
})

describe('receipt PDFs', () => {
  test('the stored PDF is a PDF titled with the receipt number', async () => {
    const gift = await createGift({ receivedAt: IN_2026 })
    const receipt = await issueReceipt(gift.id)
    const stored = await ensureReceiptPdf(receipt.id)
    expect(stored?.pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    // The document's title (an information-dictionary string) is never compressed.
    expect(stored?.pdf.toString('latin1')).toMatch(
      new RegExp(`\\n\\d+ 0 obj\\n\\(Receipt ${receipt.number}\\)\\nendobj`),
    )
    // Stored once: asking again answers the same bytes.
    expect((await ensureReceiptPdf(receipt.id))?.pdf.equals(stored!.pdf)).toBe(true)
  })

  test('an older receipt voided before it had a PDF gets one that says it is void', async () => {
    const gift = await createGift({ receivedAt: IN_2026 })
    const receipt = await prisma.receipt.create({
      data: {
        giftId: gift.id,
        year: 2026,
        sequence: 7,
        number: 'LAN-2026-000007',
        amountMinor: gift.amountMinor,
        currency: gift.currency,
        donorEmail: 'old@example.org',
        status: 'VOID',
        voidedAt: IN_2026,
        voidReason: 'Refund of $5.00 on 2026-06-11',
      },
    })
    const drawn = await ensureReceiptPdf(receipt.id, { compress: false })
    expect(drawn?.status).toBe('VOID')
    expect(pdfTextRuns(drawn!.pdf)).toContain('VOID: Refund of $5.00 on 2026-06-11')
    const stored = await prisma.receipt.findUniqueOrThrow({ where: { id: receipt.id } })
    expect(Buffer.from(stored.pdf!).equals(drawn!.pdf)).toBe(true)
  })

  test('the PDF prints the receipt, donor, amount and gift details', async () => {
    const pdf = await renderReceiptPdf(
      {
        number: 'LAN-2026-000042',
        status: 'ISSUED',
        voidReason: null,
        replacesNumber: 'LAN-2026-000007',
        issuedAt: new Date('2026-11-21T09:00:00Z'),
        donorName: 'Kim 민지',
        donorEmail: 'minji@example.org',
        amountMinor: 1_200_000,
        currency: 'KRW',
        campaignTitle: 'Food for the journey',
        fund: 'NUTRITION',
        paymentMethod: 'cheque',
        offlineReference: 'CHQ 000123',
        giftReceivedAt: new Date('2026-11-20T00:00:00Z'),
      },
      { compress: false },
    )
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = pdfTextRuns(pdf).join('\n')
    expect(text).toContain('Lantern')
    expect(text).toContain('Receipt LAN-2026-000042')
    expect(text).toContain('replaces LAN-2026-000007')
    expect(text).toContain('21 November 2026')
    // The embedded font prints Hangul and the won sign as they are.
    expect(text).toContain('Kim 민지')
    expect(text).toContain('minji@example.org')
    expect(text).toContain('₩1,200,000')
    expect(text).toContain('Food for the journey')
    expect(text).toContain('Nutrition')
    expect(text).toContain('Cheque')
    expect(text).toContain('CHQ 000123')
    expect(text).toContain('20 November 2026')
  })
})
