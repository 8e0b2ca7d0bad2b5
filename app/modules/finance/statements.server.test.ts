import { describe, expect, test } from 'vitest'
import { sendJob } from '#app/modules/jobs/queue.server.ts'
import { pdfTextRuns } from '#app/modules/receipts/pdf-text.test-helper.ts'
import { issueReceipt } from '#app/modules/receipts/receipts.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createCampaign, createDonor, createGift } from '#tests/support/factories.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { runQueuedJobs } from '#server/worker.ts'
import {
  generateAnnualStatements,
  generateAnnualStatementsJob,
  renderStatementPdf,
  statementBatches,
  statementYearSchema,
} from './statements.server.ts'

setupTestDatabase()

const at = (iso: string) => new Date(iso)

async function donorWithTwoCurrencies() {
  const donor = await createDonor({ email: 'hana@example.org', name: 'Hana' })
  const usd = await createCampaign({ currency: 'USD', title: 'Safe passage' })
  const krw = await createCampaign({ currency: 'KRW', title: 'Food for the journey' })
  const first = await createGift({
    donorId: donor.id,
    campaignId: usd.id,
    currency: 'USD',
    amountMinor: 5_000,
    receivedAt: at('2026-01-01T00:00:00Z'),
  })
  await createGift({
    donorId: donor.id,
    campaignId: usd.id,
    currency: 'USD',
    amountMinor: 2_500,
    refundedMinor: 1_000,
    status: 'PARTIALLY_REFUNDED',
    receivedAt: at('2026-06-30T12:00:00Z'),
  })
  await createGift({
    donorId: donor.id,
    campaignId: krw.id,
    currency: 'KRW',
    amountMinor: 100_000,
    receivedAt: at('2026-12-31T23:59:59Z'),
  })
  // Outside 2026 (UTC): not on the statement.
  await createGift({
    donorId: donor.id,
    campaignId: usd.id,
    currency: 'USD',
    amountMinor: 9_900,
    receivedAt: at('2025-12-31T23:59:59Z'),
  })
  await createGift({
    donorId: donor.id,
    campaignId: usd.id,
    currency: 'USD',
    amountMinor: 9_900,
    receivedAt: at('2027-01-01T00:00:00Z'),
  })
  return { donor, first }
}

describe('the annual-statements job', () => {
  test('a donor with gifts in two currencies and a refund gets one statement with totals per currency', async () => {
    const { donor, first } = await donorWithTwoCurrencies()
    const receipt = await issueReceipt(first.id)
    // A donor who gave only in 2025 gets no 2026 statement.
    const earlier = await createDonor()
    await createGift({ donorId: earlier.id, receivedAt: at('2025-05-05T00:00:00Z') })

    const jobId = await sendJob('annual-statements', { year: 2026 })
    expect(await runQueuedJobs('annual-statements')).toBe(1)

    const [done] = await statementBatches()
    expect(done).toMatchObject({
      id: jobId,
      status: 'SUCCEEDED',
      payload: { year: 2026 },
      result: { year: 2026, statements: 1, done: true },
    })
    const statements = await prisma.annualStatement.findMany()
    expect(statements).toHaveLength(1)
    const statement = statements[0]!
    expect(statement).toMatchObject({ donorId: donor.id, year: 2026, giftCount: 3, jobId })
    expect(statement.totals).toEqual([
      { currency: 'KRW', giftCount: 1, grossMinor: 100_000, refundedMinor: 0, netMinor: 100_000 },
      { currency: 'USD', giftCount: 2, grossMinor: 7_500, refundedMinor: 1_000, netMinor: 6_500 },
    ])
    const pdf = Buffer.from(statement.pdf)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.toString('latin1')).toContain('(Annual giving statement 2026)')
    expect(receipt.number).toBe('LAN-2026-000001')

    // A rerun replaces the statement (one row per donor and year), with the new figures.
    await prisma.gift.updateMany({
      where: { donorId: donor.id, currency: 'KRW' },
      data: { refundedMinor: 100_000, status: 'REFUNDED' },
    })
    await sendJob('annual-statements', { year: 2026 })
    expect(await runQueuedJobs('annual-statements')).toBe(1)
    const rerun = await prisma.annualStatement.findMany()
    expect(rerun).toHaveLength(1)
    expect(rerun[0]?.id).toBe(statement.id)
    expect(rerun[0]?.totals).toContainEqual({
      currency: 'KRW',
      giftCount: 1,
      grossMinor: 100_000,
      refundedMinor: 100_000,
      netMinor: 0,
    })
  })

  test('a batch works in short jobs: each hands the rest to the next, and the count runs on', async () => {
    const donors = await Promise.all([1, 2, 3].map(() => createDonor()))
    for (const donor of donors) {
      await createGift({ donorId: donor.id, receivedAt: at('2026-04-01T00:00:00Z') })
    }
    // The batch's first job, with no time to spare: one statement, then the rest is queued.
    const batchId = await sendJob('annual-statements', { year: 2026 })
    if (!batchId) throw new Error('the batch was not queued')
    await prisma.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE id = $1::uuid`, batchId)
    const first = await generateAnnualStatementsJob({ year: 2026 }, { id: batchId }, 0)
    expect(first).toEqual({ year: 2026, statements: 1, done: false })
    expect(await prisma.annualStatement.count()).toBe(1)

    // A retried first job queues the same next job, not a second one.
    await prisma.annualStatement.deleteMany()
    await generateAnnualStatementsJob({ year: 2026 }, { id: batchId }, 0)
    expect(await runQueuedJobs('annual-statements')).toBe(1)

    const statements = await prisma.annualStatement.findMany({
      select: { donorId: true, jobId: true },
    })
    expect(statements.map((statement) => statement.donorId).sort()).toEqual(
      donors.map((donor) => donor.id).sort(),
    )
    expect(new Set(statements.map((statement) => statement.jobId))).toEqual(new Set([batchId]))
  })

  test('the batch list shows one row per batch, running until its last job is done', async () => {
    const donors = await Promise.all([1, 2].map(() => createDonor()))
    for (const donor of donors) {
      await createGift({ donorId: donor.id, receivedAt: at('2026-04-01T00:00:00Z') })
    }
    const batchId = await sendJob('annual-statements', { year: 2026 })
    // The first job hands on after one donor (as a slow chunk would) and is marked done.
    const next = await sendJob('annual-statements', {
      year: 2026,
      batchId,
      after: 'a',
      statements: 1,
    })
    await prisma.$executeRawUnsafe(
      `UPDATE pgboss.job SET state = 'completed', completed_on = now(),
         output = '{"year":2026,"statements":1,"done":false}'::jsonb WHERE id = $1::uuid`,
      batchId,
    )
    // (Earlier tests' batches stay in the queue's tables; this one is the newest.)
    const [running, earlier] = await statementBatches()
    expect(running).toMatchObject({ id: batchId, status: 'QUEUED', payload: { year: 2026 } })
    expect(earlier?.id).not.toBe(batchId)
    expect(await runQueuedJobs('annual-statements')).toBe(1)
    const batches = await statementBatches()
    expect(batches.filter((batch) => batch.id === batchId)).toHaveLength(1)
    expect(batches[0]).toMatchObject({
      id: batchId,
      status: 'SUCCEEDED',
      result: { statements: 3, done: true },
    })
    expect(next).not.toBe(batchId)
  })

  test('a year outside 2000..this year fails the job without writing anything', async () => {
    await donorWithTwoCurrencies()
    const jobId = await sendJob('annual-statements', { year: 1999 })
    expect(await runQueuedJobs('annual-statements')).toBe(1)
    // Failed, to be retried later; the batch list says why.
    const [after] = await statementBatches()
    expect(after).toMatchObject({ id: jobId, status: 'QUEUED', attempts: 1 })
    expect(after?.lastError).toMatch(/from 2000/)
    expect(await prisma.annualStatement.count()).toBe(0)
    expect(statementYearSchema(at('2026-11-21T00:00:00Z')).safeParse('2027').success).toBe(false)
    expect(statementYearSchema(at('2026-11-21T00:00:00Z')).safeParse('2026').success).toBe(true)
  })
})

test('the statement PDF lists each gift with its receipt number and refund', async () => {
  const pdf = await renderStatementPdf(
    {
      year: 2026,
      donorName: 'Hana',
      donorEmail: 'hana@example.org',
      totals: [
        { currency: 'USD', giftCount: 1, grossMinor: 2_500, refundedMinor: 1_000, netMinor: 1_500 },
      ],
      gifts: [
        {
          receivedAt: at('2026-06-30T12:00:00Z'),
          campaignTitle: 'Safe passage',
          receiptNumber: 'LAN-2026-000002',
          amountMinor: 2_500,
          refundedMinor: 1_000,
          currency: 'USD',
        },
      ],
      generatedAt: at('2027-01-05T00:00:00Z'),
    },
    { compress: false },
  )
  const text = pdfTextRuns(pdf)
  expect(text).toEqual(
    expect.arrayContaining([
      'Your giving in 2026',
      'Hana',
      'USD: 1 gift, $25.00 given, $10.00 refunded, $15.00 net',
      '2026-06-30',
      'Safe passage',
      'LAN-2026-000002',
      '$25.00',
      '$10.00',
    ]),
  )
})

test('a donor who reads Korean gets the statement in Korean', async () => {
  const donor = await createDonor({ email: 'minji@example.org', name: '박민지', locale: 'ko' })
  await createGift({
    donorId: donor.id,
    currency: 'KRW',
    amountMinor: 30_000,
    receivedAt: at('2026-03-05T12:00:00Z'),
  })
  await generateAnnualStatements(2026, null, at('2026-12-02T03:00:00Z'))
  const statement = await prisma.annualStatement.findFirstOrThrow({ where: { donorId: donor.id } })
  // The stored file's title metadata (UTF-16BE outside Latin-1) is the Korean one.
  const title = Buffer.from('\ufeff2026년 연간 기부 내역서', 'utf16le').swap16()
  expect(Buffer.from(statement.pdf).includes(title)).toBe(true)

  const pdf = await renderStatementPdf(
    {
      year: 2026,
      donorName: '박민지',
      donorEmail: 'minji@example.org',
      totals: [
        { currency: 'KRW', giftCount: 2, grossMinor: 60_000, refundedMinor: 0, netMinor: 60_000 },
      ],
      gifts: [
        {
          receivedAt: at('2026-03-05T12:00:00Z'),
          campaignTitle: 'Safe passage',
          receiptNumber: null,
          amountMinor: 30_000,
          refundedMinor: 0,
          currency: 'KRW',
        },
      ],
      generatedAt: at('2026-12-02T03:00:00Z'),
      locale: 'ko',
    },
    { compress: false },
  )
  expect(pdfTextRuns(pdf)).toEqual(
    expect.arrayContaining([
      '연간 기부 내역서',
      '2026년 후원 내역',
      '작성일: 2026년 12월 2일',
      'KRW: 후원 2건, 후원액 ₩60,000, 환불액 ₩0, 순 후원액 ₩60,000',
      '날짜',
      '캠페인',
      '영수증',
      '없음',
      '₩30,000',
    ]),
  )
})
