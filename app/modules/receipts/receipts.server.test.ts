import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createCampaign, createDonor, createGift } from '#tests/support/factories.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { formatReceiptNumber, issueReceipt } from './receipts.server.ts'

setupTestDatabase()

const IN_2026 = new Date('2026-11-21T10:00:00Z')

async function lastSequence(year: number) {
  return (await prisma.receiptSequence.findUnique({ where: { year } }))?.last
}

test('receipt numbers read LAN-<year>-<six digits>', () => {
  expect(formatReceiptNumber(2026, 42)).toBe('LAN-2026-000042')
  expect(formatReceiptNumber(2027, 123_456)).toBe('LAN-2027-123456')
})

describe('issueReceipt', () => {
  test('numbers gifts in order within the year of receipt', async () => {
    const first = await createGift({ receivedAt: IN_2026 })
    const second = await createGift({ receivedAt: IN_2026 })
    const a = await issueReceipt(first.id)
    const b = await issueReceipt(second.id)
    expect(a).toMatchObject({ number: 'LAN-2026-000001', year: 2026, sequence: 1, emailedAt: null })
    expect(b).toMatchObject({ number: 'LAN-2026-000002', year: 2026, sequence: 2 })
    expect(b.issuedAt).toBeInstanceOf(Date)
    expect(await lastSequence(2026)).toBe(2)
  })

  test('each year has its own sequence, by the UTC date the gift was received', async () => {
    // 23:30 on 31 December UTC is already 1 January in Seoul: still a 2025 gift.
    const lateIn2025 = await createGift({ receivedAt: new Date('2025-12-31T23:30:00Z') })
    const earlyIn2026 = await createGift({ receivedAt: new Date('2026-01-01T00:00:00Z') })
    const alsoIn2025 = await createGift({ receivedAt: new Date('2025-03-01T00:00:00Z') })
    expect((await issueReceipt(lateIn2025.id)).number).toBe('LAN-2025-000001')
    expect((await issueReceipt(earlyIn2026.id)).number).toBe('LAN-2026-000001')
    expect((await issueReceipt(alsoIn2025.id)).number).toBe('LAN-2025-000002')
  })

  test('is idempotent: a gift keeps its one receipt and uses up no number', async () => {
    const gift = await createGift({ receivedAt: IN_2026 })
    const first = await issueReceipt(gift.id)
    const again = await issueReceipt(gift.id)
    expect(again).toEqual(first)
    expect(await prisma.receipt.count()).toBe(1)
    expect(await lastSequence(2026)).toBe(1)
  })

  test('refuses a gift that does not exist, without using a number', async () => {
    await expect(issueReceipt('no-such-gift')).rejects.toThrow(/does not exist/)
    expect(await prisma.receiptSequence.count()).toBe(0)
  })

  test('50 gifts issued at once get exactly the numbers 1 to 50', async () => {
    const campaign = await createCampaign()
    const donor = await createDonor()
    const gifts = await Promise.all(
      Array.from({ length: 50 }, () =>
        createGift({ campaignId: campaign.id, donorId: donor.id, receivedAt: IN_2026 }),
      ),
    )
    const receipts = await Promise.all(gifts.map((gift) => issueReceipt(gift.id)))
    expect(receipts.map((r) => r.sequence).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    )
    expect(new Set(receipts.map((r) => r.number)).size).toBe(50)
    expect(await lastSequence(2026)).toBe(50)
  })

  test('20 issuers racing for one gift make one receipt and advance the sequence by one', async () => {
    const earlier = await createGift({ receivedAt: IN_2026 })
    await issueReceipt(earlier.id)
    const gift = await createGift({ receivedAt: IN_2026 })

    const results = await Promise.all(Array.from({ length: 20 }, () => issueReceipt(gift.id)))

    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect(results[0]?.number).toBe('LAN-2026-000002')
    expect(await prisma.receipt.count({ where: { giftId: gift.id } })).toBe(1)
    expect(await lastSequence(2026)).toBe(2)
    // The next gift continues without a gap.
    const next = await createGift({ receivedAt: IN_2026 })
    expect((await issueReceipt(next.id)).number).toBe('LAN-2026-000003')
  })
})
