// /account: the signed-in donor's gifts, receipts, statements and monthly or annual gifts.
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { FormattedMessage, useLocale } from '#app/i18n/i18n.tsx'
import { accountOverview } from '#app/modules/donors/account.server.ts'
import { requireDonor } from '#app/modules/donors/donor-session.server.ts'
import { DONOR_PAGE_HANDLE, donorPageHeaders } from '#app/modules/donors/http.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { notFound } from '#app/utils/http.ts'

export const meta: MetaFunction = () => [
  { title: 'My giving · Lantern' },
  { name: 'robots', content: 'noindex' },
]
export const headers = donorPageHeaders
export const handle = DONOR_PAGE_HANDLE

export async function loader({ request }: LoaderFunctionArgs) {
  const donor = await requireDonor(request)
  const overview = await accountOverview(donor.id)
  if (!overview) throw notFound()
  return overview
}

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
})
const EVERY: Record<string, string> = { MONTHLY: 'month', ANNUAL: 'year' }

export default function Account() {
  const view = useLoaderData<typeof loader>()
  const { localize } = useLocale()
  return (
    <section className="page account" aria-labelledby="account-title">
      <h1 id="account-title">My giving</h1>
      <p className="lede">Signed in as {view.email}.</p>

      <h2>Monthly and annual gifts</h2>
      {view.recurring.length === 0 ? (
        <p>You have no monthly or annual gifts.</p>
      ) : (
        <ul className="account-list">
          {view.recurring.map((gift) => (
            <li key={gift.pledgeId}>
              <strong>
                {formatMoney(gift.amountMinor, gift.currency)} each{' '}
                {EVERY[gift.frequency] ?? 'period'}
              </strong>{' '}
              to {gift.campaignTitle}.{' '}
              {gift.nextChargeAt
                ? `Next payment on ${DATE.format(new Date(gift.nextChargeAt))}.`
                : 'No further payments.'}{' '}
              <Link to={`/account/monthly/${gift.pledgeId}`}>Manage this gift</Link>
            </li>
          ))}
        </ul>
      )}

      <h2>Gifts</h2>
      {view.gifts.length === 0 ? (
        <p>No gifts have arrived yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="account-table">
            <caption className="visually-hidden">Every gift you have made</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Appeal</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Receipt</th>
              </tr>
            </thead>
            <tbody>
              {view.gifts.map((gift) => (
                <tr key={gift.id}>
                  <td>{DATE.format(new Date(gift.receivedAt))}</td>
                  <td>
                    <Link to={`/campaigns/${gift.campaignSlug}`}>{gift.campaignTitle}</Link>
                  </td>
                  <td>
                    {formatMoney(gift.amountMinor, gift.currency)}
                    {gift.refundedMinor > 0
                      ? ` (${formatMoney(gift.refundedMinor, gift.currency)} refunded)`
                      : ''}
                  </td>
                  <td>{gift.status}</td>
                  <td>
                    {gift.receipt ? (
                      <a href={`/account/receipts/${gift.receipt.id}.pdf`} download>
                        Receipt {gift.receipt.number} (PDF)
                      </a>
                    ) : (
                      'On its way'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Annual statements</h2>
      {view.statementYears.length === 0 ? (
        <p>A statement appears here once a gift has arrived.</p>
      ) : (
        <ul className="account-list">
          {view.statementYears.map((year) => (
            <li key={year}>
              <a href={`/account/statements/${year}.pdf`} download>
                Statement for {year} (PDF)
              </a>
            </li>
          ))}
        </ul>
      )}

      <h2>Emails and your data</h2>
      <ul className="account-list">
        <li>
          <Link to="/account/preferences">Email preferences</Link>:{' '}
          {view.updatesOptedOut
            ? 'you receive no appeal updates.'
            : 'appeal updates for appeals where you asked for them.'}
        </li>
        <li>
          Download my data: <a href="/account/data.json">JSON</a> or{' '}
          <a href="/account/data.csv">CSV</a>
        </li>
        <li>
          <Link to={localize('/account/erase')}>
            <FormattedMessage id="account.erase.link" />
          </Link>
        </li>
      </ul>

      <h2>Sign out</h2>
      <div className="account-actions">
        <Form method="post" action="/account/sign-out">
          <button type="submit" className="button">
            Sign out
          </button>
        </Form>
        <Form method="post" action="/account/sign-out">
          <input type="hidden" name="everywhere" value="1" />
          <button type="submit" className="button">
            Sign out everywhere and cancel every link sent to me
          </button>
        </Form>
      </div>
    </section>
  )
}
