import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listCommitments } from '#app/modules/finance/commitments.server.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import styles from '#app/styles/finance-receipts.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Scheduled pledges')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  return { commitments: await listCommitments() }
}

export default function Commitments() {
  const { commitments } = useLoaderData<typeof loader>()
  return (
    <>
      <div className="admin-heading">
        <h1>Scheduled pledges</h1>
        <Link to="/admin/finance/commitments/new" className="button button--primary">
          New scheduled pledge
        </Link>
      </div>
      {commitments.length === 0 ? (
        <p className="admin-muted">No scheduled pledges yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="admin-table">
            <caption className="visually-hidden">Scheduled pledges, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Donor</th>
                <th scope="col">Campaign</th>
                <th scope="col" className="num">
                  Total
                </th>
                <th scope="col" className="num">
                  Fulfilled
                </th>
                <th scope="col" className="num">
                  Outstanding
                </th>
                <th scope="col">Instalments</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {commitments.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/admin/finance/commitments/${c.id}`}>{c.donor.email}</Link>
                  </td>
                  <td>{c.campaign.title}</td>
                  <td className="num">{formatMoney(c.totalMinor, c.currency)}</td>
                  <td className="num">{formatMoney(c.coveredMinor, c.currency)}</td>
                  <td className="num">{formatMoney(c.outstandingMinor, c.currency)}</td>
                  <td>
                    {c.fulfilledCount} of {c.instalmentCount} fulfilled
                    {c.overdueCount > 0 ? (
                      <>
                        ,{' '}
                        <span className="finance-status finance-status--overdue">
                          {c.overdueCount} overdue
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td>{c.status.toLowerCase()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  )
}
