import { type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { PayoutStatement } from '#app/components/payout-statement.tsx'
import { LineMatch, PayoutReconciliation } from '#app/components/payout-status.tsx'
import { getPayoutDetail } from '#app/modules/finance/payouts.server.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { adminMeta } from '#app/modules/staff/meta.ts'
import styles from '#app/styles/finance-payouts.css'

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: styles }]
export const meta: MetaFunction = () => adminMeta('Payout')

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  const page = Number(new URL(request.url).searchParams.get('page') ?? '1')
  const detail = await getPayoutDetail(String(params.payoutId), Number.isFinite(page) ? page : 1)
  if (!detail) throw new Response('No such payout', { status: 404 })
  return detail
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})
const date = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })

/** "1 KRW = 0.00075 USD" when the line's gift is known, else the bare rate. */
function rateText(rate: string, from: string | undefined, to: string) {
  return from ? `1 ${from} = ${rate} ${to}` : `× ${rate}`
}

export default function PayoutPage() {
  const detail = useLoaderData<typeof loader>()
  const { payout, lines, exceptions } = detail
  const money = (minor: number) => formatMoney(minor, payout.currency)
  const journal = `/admin/finance/exports/journal/${encodeURIComponent(payout.id)}.csv`
  const facts: Array<[string, ReactNode]> = [
    ['Amount', money(payout.amountMinor)],
    ['Stripe status', payout.status],
    [
      'Reconciliation',
      <PayoutReconciliation
        key="r"
        reconciliation={payout.reconciliation}
        stripeStatus={payout.status}
      />,
    ],
    [
      'Reconciled at',
      payout.reconciledAt ? `${dateTime.format(new Date(payout.reconciledAt))} UTC` : '—',
    ],
    ['Created', `${dateTime.format(new Date(payout.stripeCreatedAt))} UTC`],
    ['Arrival date', date.format(new Date(payout.arrivalDate))],
    ['Method', `${payout.method ?? 'standard'}${payout.automatic ? ', automatic' : ', manual'}`],
    ['Last synced', payout.syncedAt ? `${dateTime.format(new Date(payout.syncedAt))} UTC` : '—'],
  ]
  if (payout.failureCode) {
    facts.push(['Failure', `${payout.failureCode}: ${payout.failureMessage ?? ''}`])
  }
  return (
    <section aria-labelledby="payout-title">
      <p>
        <Link to="/admin/finance/payouts">← All payouts</Link>
      </p>
      <h1 id="payout-title">
        Payout <span className="payout-id">{payout.id}</span>
      </h1>
      <dl className="payout-facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>

      <PayoutStatement
        figures={{
          currency: payout.currency,
          amountMinor: payout.amountMinor,
          chargesMinor: payout.chargesMinor,
          feesMinor: payout.feesMinor,
          refundsMinor: payout.refundsMinor,
          disputesMinor: payout.disputesMinor,
          otherMinor: payout.otherMinor,
          linesNetMinor: detail.linesNetMinor,
          differenceMinor: detail.differenceMinor,
        }}
      />
      <p className="admin-actions">
        <a href={`${journal}?format=xero`}>Journal for Xero (CSV)</a>
        <a href={`${journal}?format=quickbooks`}>Journal for QuickBooks (CSV)</a>
      </p>

      <section className="admin-section" aria-labelledby="exceptions-title">
        <h2 id="exceptions-title">Exceptions ({exceptions.length})</h2>
        {exceptions.length === 0 ? (
          <p>Nothing to look at: every line matched.</p>
        ) : (
          <ul className="payout-exceptions" data-testid="payout-exceptions">
            {exceptions.map((exception) => (
              <li key={exception.id}>
                <p>
                  <span
                    className={`payout-tag payout-tag--${exception.status === 'OPEN' ? 'bad' : 'good'}`}
                  >
                    {exception.status === 'OPEN' ? 'Open' : `Resolved (${exception.resolution})`}
                  </span>{' '}
                  {exception.reason}
                </p>
                {exception.note ? (
                  <p>
                    <strong>Note:</strong> {exception.note} — {exception.resolvedByEmail}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {exceptions.some((exception) => exception.status === 'OPEN') ? (
          <p>
            <Link to="/admin/finance/exceptions">Resolve them in the exceptions queue</Link>
          </p>
        ) : null}
      </section>

      <section className="admin-section" aria-labelledby="lines-title">
        <h2 id="lines-title">Balance transactions ({detail.lineCount})</h2>
        <div className="table-scroll">
          <table className="admin-table" data-testid="payout-lines">
            <caption className="visually-hidden">
              Balance transactions of this payout, in {payout.currency}
            </caption>
            <thead>
              <tr>
                <th scope="col">Transaction</th>
                <th scope="col">Category</th>
                <th scope="col">Gift (as given)</th>
                <th scope="col" className="payout-amount">
                  Amount
                </th>
                <th scope="col" className="payout-amount">
                  Fee
                </th>
                <th scope="col" className="payout-amount">
                  Net
                </th>
                <th scope="col">Rate</th>
                <th scope="col">Match</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.id} data-line-id={line.id}>
                  <td>
                    <span className="payout-id">{line.id}</span>
                    {line.sourceId ? (
                      <>
                        <br />
                        <span className="payout-id admin-muted">{line.sourceId}</span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {line.reportingCategory}
                    {line.description ? (
                      <>
                        <br />
                        <span className="admin-muted">{line.description}</span>
                      </>
                    ) : null}
                  </td>
                  <td className="nowrap">
                    {line.gift ? (
                      <Link to={`/admin/finance/gifts/${line.gift.id}`}>
                        {formatMoney(line.gift.amountMinor, line.gift.currency)}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="payout-amount">{formatMoney(line.amountMinor, line.currency)}</td>
                  <td className="payout-amount">{formatMoney(line.feeMinor, line.currency)}</td>
                  <td className="payout-amount">{formatMoney(line.netMinor, line.currency)}</td>
                  <td>
                    {line.exchangeRate
                      ? rateText(line.exchangeRate, line.gift?.currency, line.currency)
                      : '—'}
                  </td>
                  <td>
                    <LineMatch match={line.match} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {detail.pageCount > 1 ? (
          <nav className="admin-pager" aria-label="Pages of lines">
            {detail.page > 1 ? <Link to={`?page=${detail.page - 1}`}>Previous lines</Link> : null}
            <span>
              Page {detail.page} of {detail.pageCount}
            </span>
            {detail.page < detail.pageCount ? (
              <Link to={`?page=${detail.page + 1}`}>Next lines</Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </section>
  )
}
