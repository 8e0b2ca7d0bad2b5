// Role × route rows for the finance receipts routes (see admin-access.expectations.ts for the format).
import { prisma } from '#app/utils/db.server.ts'
import { createCampaign, createDonor, createGift } from '#tests/support/factories.ts'
import type { AdminRouteExpectation } from './admin-access.expectations.ts'

async function prepareCommitment() {
  const campaign = await createCampaign({ currency: 'KRW' })
  const donor = await createDonor()
  const commitment = await prisma.pledgeCommitment.create({
    data: {
      donorId: donor.id,
      campaignId: campaign.id,
      currency: 'KRW',
      totalMinor: 1_200_000,
      instalmentCount: 12,
      startsOn: new Date('2026-01-01T00:00:00Z'),
    },
  })
  return { commitmentId: commitment.id }
}

export const financeReceiptsRouteExpectations: AdminRouteExpectation[] = [
  {
    routeId: 'routes/admin+/finance.receipts.$receiptId[.pdf]',
    url: '/admin/finance/receipts/:receiptId.pdf',
    get: ['FINANCE'],
    prepare: async () => {
      const gift = await createGift()
      const receipt = await prisma.receipt.create({
        data: {
          giftId: gift.id,
          year: 2026,
          sequence: 1,
          number: 'LAN-2026-000001',
          amountMinor: gift.amountMinor,
          currency: gift.currency,
          donorEmail: 'donor@example.org',
        },
      })
      return { receiptId: receipt.id }
    },
  },
  {
    routeId: 'routes/admin+/finance.offline.new',
    url: '/admin/finance/offline/new',
    get: ['FINANCE'],
    post: ['FINANCE'],
    // Refused (400): no campaign chosen; nothing is recorded.
    postBody: { amount: '10', method: 'cheque', donorEmail: 'donor@example.org' },
  },
  {
    routeId: 'routes/admin+/finance.rates',
    url: '/admin/finance/rates',
    get: ['FINANCE'],
    post: ['FINANCE'],
    // Refused (400): the same currency twice; nothing is stored.
    postBody: { base: 'USD', quote: 'USD', rate: '1', effectiveOn: '2026-01-01' },
  },
  {
    routeId: 'routes/admin+/finance.commitments._index',
    url: '/admin/finance/commitments',
    get: ['FINANCE'],
  },
  {
    routeId: 'routes/admin+/finance.commitments.new',
    url: '/admin/finance/commitments/new',
    get: ['FINANCE'],
    post: ['FINANCE'],
    postBody: { donorEmail: 'donor@example.org' },
  },
  {
    routeId: 'routes/admin+/finance.commitments.$commitmentId',
    url: '/admin/finance/commitments/:commitmentId',
    get: ['FINANCE'],
    post: ['FINANCE'],
    postBody: { intent: 'link', giftId: 'no-such-gift' },
    prepare: prepareCommitment,
  },
  {
    routeId: 'routes/admin+/finance.statements._index',
    url: '/admin/finance/statements?year=2026',
    get: ['FINANCE'],
    post: ['FINANCE'],
    // Refused (400): before the first statement year.
    postBody: { year: '1999' },
  },
  {
    routeId: 'routes/admin+/finance.statements.$statementId[.pdf]',
    url: '/admin/finance/statements/:statementId.pdf',
    get: ['FINANCE'],
    prepare: async () => {
      const donor = await createDonor()
      const statement = await prisma.annualStatement.create({
        data: {
          donorId: donor.id,
          year: 2026,
          totals: [],
          giftCount: 0,
          pdf: new Uint8Array([37, 80, 68, 70]),
        },
      })
      return { statementId: statement.id }
    },
  },
]
