import {
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { PayoutReconciliation } from '#app/components/payout-status.tsx'
import { Notice } from '#app/components/staff-form.tsx'
import { listPayouts, requestPayoutSync } from '#app/modules/finance/payouts.server.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import styles from '#app/styles/finance-payouts.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Payouts')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  const before = new URL(request.url).searchParams.get('before')
  return listPayouts({ before })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const { jobId } = await requestPayoutSync({
    actor: { id: staff.id, email: staff.email },
    ipAddress: context.clientIp ?? null,
  })
  return { jobId }
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})
const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })

export default function PayoutsPage() {
  const { payouts, nextBefore } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  return (
    <section aria-labelledby="payouts-title">
      <div className="admin-heading">
        <h1 id="payouts-title">Payouts</h1>
        <Form method="post">
          <button type="submit" className="button" disabled={busy}>
            Sync payouts now
          </button>
        </Form>
      </div>
      <p>
        Stripe payouts to the bank, each checked line by line against the gifts ledger. Payouts sync
        on Stripe’s webhooks and on a schedule;{' '}
        <Link to="/admin/finance/exceptions">open exceptions</Link> say what does not reconcile.
      </p>
      {actionData?.jobId ? (
        <Notice>
          <p>
            Sync started: payouts of the last 30 days are being fetched from Stripe. Reload in a
            moment to see them.
          </p>
        </Notice>
      ) : null}
      {payouts.length === 0 ? (
        <p>No payouts yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="admin-table" data-testid="payouts-table">
            <caption className="visually-hidden">Payouts, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Payout</th>
                <th scope="col">Created (UTC)</th>
                <th scope="col">Arrival</th>
                <th scope="col" className="payout-amount">
                  Amount
                </th>
                <th scope="col">Currency</th>
                <th scope="col">Stripe status</th>
                <th scope="col">Reconciliation</th>
                <th scope="col" className="payout-amount">
                  Open exceptions
                </th>
              </tr>
            </thead>
            <tbody>
              {payouts.map((payout) => (
                <tr key={payout.id} data-payout-id={payout.id}>
                  <td>
                    <Link to={`/admin/finance/payouts/${payout.id}`} className="payout-id">
                      {payout.id}
                    </Link>
                  </td>
                  <td className="nowrap">{dateTime.format(new Date(payout.stripeCreatedAt))}</td>
                  <td className="nowrap">{date.format(new Date(payout.arrivalDate))}</td>
                  <td className="payout-amount">
                    {formatMoney(payout.amountMinor, payout.currency)}
                  </td>
                  <td>{payout.currency}</td>
                  <td>{payout.status}</td>
                  <td>
                    <PayoutReconciliation
                      reconciliation={payout.reconciliation}
                      stripeStatus={payout.status}
                    />
                  </td>
                  <td className="payout-amount">{payout.openExceptions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore ? (
        <nav className="admin-pager" aria-label="More payouts">
          <Link to={`?before=${encodeURIComponent(nextBefore)}`}>Older payouts</Link>
        </nav>
      ) : null}
    </section>
  )
}
