// The export routes through the real Remix request handler (the production build: run
// `npm run build` first): the download streams and is audited; bad input is refused at the field.
import type { createRequestHandler } from '@remix-run/node'
import { beforeAll, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createGift } from '#tests/support/factories.ts'
import { loadBuiltRequestHandler } from '#tests/support/remix-build.ts'
import { createStaffUser, staffSessionCookie } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'

const ORIGIN = 'http://lantern.test'
let handle: ReturnType<typeof createRequestHandler>

beforeAll(async () => {
  handle = await loadBuiltRequestHandler()
})

setupTestDatabase()

async function get(url: string) {
  const { user } = await createStaffUser({ roles: ['FINANCE'] })
  const headers = new Headers({
    Accept: 'text/html',
    Cookie: await staffSessionCookie(user.id, { twoFactorPassed: true }),
  })
  const response = await handle(new Request(`${ORIGIN}${url}`, { headers, redirect: 'manual' }), {
    clientIp: '203.0.113.9',
    cspNonce: 'test',
  })
  return { response, user }
}

test('the gifts CSV streams as an attachment, not cached, and the download is audited', async () => {
  const gift = await createGift({ amountMinor: 4500, receivedAt: new Date('2026-11-20T10:00:00Z') })
  const { response, user } = await get(
    '/admin/finance/exports/gifts.csv?from=2026-11-20&to=2026-11-20',
  )
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
  expect(response.headers.get('Content-Disposition')).toBe(
    'attachment; filename="lantern-gifts-2026-11-20_to_2026-11-20.csv"',
  )
  expect(response.headers.get('Cache-Control')).toBe('no-store')
  const lines = (await response.text()).trim().split('\r\n')
  expect(lines).toHaveLength(2)
  expect(lines[1]).toMatch(new RegExp(`^${gift.id},2026-11-20T10:00:00.000Z,`))
  const audit = await prisma.auditLog.findMany({ where: { actorId: user.id } })
  expect(audit).toEqual([
    expect.objectContaining({
      action: 'export.gifts',
      entityType: 'Export',
      after: { kind: 'gifts', from: '2026-11-20', to: '2026-11-20' },
      ipAddress: '203.0.113.9',
    }),
  ])
})

test('the exports form sends a valid choice to the download, and refuses an inverted range', async () => {
  const ok = await get('/admin/finance/exports?kind=donors&from=2026-01-01&to=')
  expect(ok.response.status).toBe(302)
  expect(ok.response.headers.get('Location')).toBe(
    '/admin/finance/exports/donors.csv?from=2026-01-01',
  )

  const bad = await get('/admin/finance/exports?kind=gifts&from=2026-11-20&to=2026-11-01')
  expect(bad.response.status).toBe(400)
  const html = await bad.response.text()
  expect(html).toContain('id="export-to-error"')
  expect(html).toContain('The end date is before the start date')
  expect(html).toMatch(/id="export-to"[^>]*aria-invalid="true"/)
  expect(await prisma.auditLog.count()).toBe(0)

  const direct = await get('/admin/finance/exports/gifts.csv?from=2026-11-20&to=2026-11-01')
  expect(direct.response.status).toBe(400)
  expect(await direct.response.text()).toContain('to: The end date is before the start date')
  expect((await get('/admin/finance/exports/secrets.csv')).response.status).toBe(400)
  expect(await prisma.auditLog.count()).toBe(0)
})

test('a payout journal downloads balanced for Xero and QuickBooks; a failed payout has none', async () => {
  const gift = await createGift({ amountMinor: 4500 })
  const payout = {
    amountMinor: 4339,
    currency: 'USD',
    arrivalDate: new Date('2026-11-23T00:00:00Z'),
    automatic: true,
    stripeCreatedAt: new Date('2026-11-21T00:00:00Z'),
  }
  await prisma.payout.create({
    data: {
      ...payout,
      id: 'po_journal_1',
      status: 'paid',
      transactions: {
        create: {
          id: 'txn_journal_1',
          type: 'charge',
          reportingCategory: 'charge',
          amountMinor: 4500,
          feeMinor: 161,
          netMinor: 4339,
          currency: 'USD',
          status: 'available',
          availableOn: new Date(),
          stripeCreatedAt: new Date(),
          match: 'MATCHED',
          giftId: gift.id,
        },
      },
    },
  })
  await prisma.payout.create({ data: { ...payout, id: 'po_journal_failed', status: 'failed' } })

  const xero = await get('/admin/finance/exports/journal/po_journal_1.csv?format=xero')
  expect(xero.response.status).toBe(200)
  const rows = (await xero.response.text())
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .slice(1)
  expect(rows.map((row) => row.split(',').slice(3, 6))).toEqual([
    ['404', 'Tax Exempt', '1.61'],
    ['4010', 'Tax Exempt', '-45.00'],
    ['090', 'Tax Exempt', '43.39'],
  ])
  const qbo = await get('/admin/finance/exports/journal/po_journal_1.csv?format=quickbooks')
  expect(qbo.response.status).toBe(200)
  expect(await qbo.response.text()).toContain(
    'po_journal_1,11/23/2026,USD,Bank: Stripe payouts,43.39,,',
  )
  expect(
    (await get('/admin/finance/exports/journal/po_journal_1.csv?format=sage')).response.status,
  ).toBe(400)
  expect((await get('/admin/finance/exports/journal/po_journal_failed.csv')).response.status).toBe(
    409,
  )
  expect((await get('/admin/finance/exports/journal/po_missing.csv')).response.status).toBe(404)
  expect(await prisma.auditLog.count({ where: { action: 'export.journal' } })).toBe(2)
})
