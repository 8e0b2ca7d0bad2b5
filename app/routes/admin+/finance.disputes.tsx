import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { When, money, words } from '#app/components/ledger-format.tsx'
import { CLOSED_DISPUTES_SHOWN, listDisputes } from '#app/modules/finance/disputes.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import styles from '#app/styles/finance-ledger.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Disputes')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  // The cap travels with the data: .server modules are empty in the browser bundle.
  return { disputes: await listDisputes(), closedShown: CLOSED_DISPUTES_SHOWN }
}

const URGENCY_LABELS = {
  'needs-response': 'Needs our evidence',
  'under-review': 'Under review',
  closed: 'Closed',
} as const

export default function DisputesPage() {
  const { disputes, closedShown } = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="disputes-title">
      <p className="admin-muted">
        <Link to="/admin/finance">Finance</Link> ›
      </p>
      <h1 id="disputes-title">Disputes</h1>
      <p>
        Most urgent first: disputes waiting for our evidence (soonest deadline first), then those
        under review, then closed ones (newest first, the last {closedShown}).
      </p>
      <div className="table-scroll" role="region" aria-label="Disputes" tabIndex={0}>
        <table className="admin-table">
          <thead>
            <tr>
              <th scope="col">Urgency</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Evidence due (UTC)</th>
              <th scope="col" className="num">
                Withdrawn
              </th>
              <th scope="col" className="num">
                Dispute fee
              </th>
              <th scope="col">Gift</th>
            </tr>
          </thead>
          <tbody>
            {disputes.length === 0 ? (
              <tr>
                <td colSpan={8}>No disputes.</td>
              </tr>
            ) : null}
            {disputes.map((dispute) => (
              <tr key={dispute.id}>
                <td>
                  <span className={`ledger-status ledger-status--${dispute.urgency}`}>
                    {URGENCY_LABELS[dispute.urgency]}
                  </span>
                </td>
                <td>{words(dispute.status)}</td>
                <td>{words(dispute.reason)}</td>
                <td className="num nowrap">{money(dispute.amountMinor, dispute.currency)}</td>
                <td className="nowrap">
                  <When at={dispute.evidenceDueBy} />
                </td>
                <td className="num nowrap">{money(dispute.withdrawnMinor, dispute.feeCurrency)}</td>
                <td className="num nowrap">{money(dispute.feeMinor, dispute.feeCurrency)}</td>
                <td>
                  <Link to={`/admin/finance/gifts/${dispute.gift.id}`}>
                    {dispute.gift.donor.email}
                    <span className="visually-hidden"> gift to {dispute.gift.campaign.title}</span>
                  </Link>
                  <span className="ledger-sub">
                    <code>{dispute.stripeDisputeId}</code>
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
