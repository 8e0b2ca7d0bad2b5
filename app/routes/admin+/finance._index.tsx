import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import { prisma } from '#app/utils/db.server.ts'

export const meta: MetaFunction = () => adminMeta('Finance')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  const [openExceptions, unreconciledPayouts, openDisputes] = await Promise.all([
    prisma.reconciliationException.count({ where: { status: 'OPEN' } }),
    prisma.payout.count({ where: { reconciliation: { not: 'RECONCILED' }, status: 'paid' } }),
    prisma.dispute.count({
      where: {
        status: {
          in: ['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review'],
        },
      },
    }),
  ])
  return { openExceptions, unreconciledPayouts, openDisputes }
}

const SECTIONS = [
  ['/admin/finance/gifts', 'Gifts ledger', 'Every gift with filters, totals, refunds and detail.'],
  [
    '/admin/finance/disputes',
    'Disputes',
    'Chargebacks by urgency: evidence due dates and outcomes.',
  ],
  ['/admin/finance/payouts', 'Payouts', 'Stripe payouts, each reconciled to the cent.'],
  [
    '/admin/finance/exceptions',
    'Exceptions',
    'What did not reconcile, with the reason; resolve it here.',
  ],
  [
    '/admin/finance/failing',
    'Failing recurring gifts',
    'Monthly and annual gifts whose last payment failed, with the next retry.',
  ],
  ['/admin/finance/offline/new', 'Record an offline gift', 'Cheques, bank transfers and cash.'],
  [
    '/admin/finance/rates',
    'Exchange rates',
    "Dated rates that count gifts in other currencies toward an appeal's total.",
  ],
  [
    '/admin/finance/commitments',
    'Scheduled pledges',
    'Promises over a schedule: fulfilled, outstanding, overdue.',
  ],
  [
    '/admin/finance/statements',
    'Annual statements',
    'Giving statements per donor and year, as PDFs.',
  ],
  [
    '/admin/finance/exports',
    'Exports',
    'CSV of gifts, donors, refunds, payouts; accounting journals.',
  ],
] as const

export default function FinanceHome() {
  const { openExceptions, unreconciledPayouts, openDisputes } = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Finance</h1>
      <ul className="admin-figures" aria-label="Needs attention">
        <li>
          <strong>{openExceptions}</strong> open reconciliation exceptions
        </li>
        <li>
          <strong>{unreconciledPayouts}</strong> paid payouts not reconciled yet
        </li>
        <li>
          <strong>{openDisputes}</strong> open disputes
        </li>
      </ul>
      <ul className="admin-cards">
        {SECTIONS.map(([to, title, text]) => (
          <li key={to}>
            <Link to={to}>{title}</Link>
            <p>{text}</p>
          </li>
        ))}
      </ul>
    </>
  )
}
