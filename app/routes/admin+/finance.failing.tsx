import { type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { listFailingRecurringGifts } from '#app/modules/finance/failing-gifts.server.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'

export const meta: MetaFunction = () => adminMeta('Failing recurring gifts')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  return { gifts: await listFailingRecurringGifts() }
}

const DATE = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })
const day = (value: string | Date | null) => (value ? DATE.format(new Date(value)) : '—')

export default function FailingGifts() {
  const { gifts } = useLoaderData<typeof loader>()
  return (
    <section aria-labelledby="failing-title">
      <p className="admin-muted">
        <Link to="/admin/finance">Finance</Link> ›
      </p>
      <h1 id="failing-title">Failing recurring gifts</h1>
      <p>
        Renewals Stripe could not collect and is retrying, and gifts it ended after the last retry
        in the past 90 days. Each donor was emailed once per failure with a link to update their
        card.
      </p>
      {gifts.length === 0 ? (
        <p>No recurring gift is failing.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Donor</th>
              <th scope="col">Appeal</th>
              <th scope="col">Amount</th>
              <th scope="col">Status</th>
              <th scope="col">Failed attempts</th>
              <th scope="col">Last failure</th>
              <th scope="col">Next try</th>
            </tr>
          </thead>
          <tbody>
            {gifts.map((gift) => (
              <tr key={gift.pledgeId}>
                <td>
                  {gift.giftId ? (
                    <Link to={`/admin/finance/gifts/${gift.giftId}`}>{gift.donorEmail}</Link>
                  ) : (
                    gift.donorEmail
                  )}
                </td>
                <td>{gift.campaignTitle}</td>
                <td>
                  {formatMoney(gift.amountMinor, gift.currency)} / {gift.interval}
                </td>
                <td>{gift.status === 'canceled' ? 'Ended by Stripe' : 'Retrying'}</td>
                <td>{gift.attempts}</td>
                <td>{day(gift.failedAt)}</td>
                <td>{day(gift.nextAttemptAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
