/** The gifts ledger's table and the totals of the filtered set. */
import { Link } from '@remix-run/react'
import { FUND_DETAILS, type FundCode } from '#app/modules/campaigns/funds.ts'
import type { LedgerRow, LedgerTotals } from '#app/modules/ledger/ledger.server.ts'
import {
  FREQUENCY_LABELS,
  GiftStatusBadge,
  METHOD_LABELS,
  SOURCE_LABELS,
  When,
  money,
  words,
} from './ledger-format.tsx'

export function LedgerTotalsSummary({ totals }: { totals: LedgerTotals }) {
  return (
    <section className="ledger-totals" aria-labelledby="ledger-totals-title">
      <h2 id="ledger-totals-title">
        Totals of the {totals.count.toLocaleString('en-US')} gift{totals.count === 1 ? '' : 's'}{' '}
        shown by these filters
      </h2>
      <div className="ledger-totals__grid">
        <table className="admin-table">
          <caption>Given, per currency</caption>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col" className="num">
                Gross
              </th>
              <th scope="col" className="num">
                Refunded
              </th>
              <th scope="col" className="num">
                Lost to disputes
              </th>
            </tr>
          </thead>
          <tbody>
            {totals.gross.map((row) => (
              <tr key={row.currency}>
                <th scope="row">{row.currency}</th>
                <td className="num">{money(row.amountMinor, row.currency)}</td>
                <td className="num">{money(row.refundedMinor, row.currency)}</td>
                <td className="num">{money(row.lostMinor, row.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="admin-table">
          <caption>Stripe fees and net, per settlement currency</caption>
          <thead>
            <tr>
              <th scope="col">Currency</th>
              <th scope="col" className="num">
                Fees
              </th>
              <th scope="col" className="num">
                Net
              </th>
            </tr>
          </thead>
          <tbody>
            {totals.settlement.length === 0 ? (
              <tr>
                <td colSpan={3}>No settled online gifts in this set.</td>
              </tr>
            ) : null}
            {totals.settlement.map((row) => (
              <tr key={row.currency}>
                <th scope="row">{row.currency}</th>
                <td className="num">{money(row.feeMinor, row.currency)}</td>
                <td className="num">{money(row.netMinor, row.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** Net (and fee) are in the settlement currency; say so when it is not the gift's. */
function settled(amountMinor: number | null, row: LedgerRow) {
  const currency = row.settlementCurrency ?? row.currency
  if (amountMinor === null) return '—'
  return currency === row.currency
    ? money(amountMinor, currency)
    : `${money(amountMinor, currency)} ${currency}`
}

export function LedgerTable({ rows }: { rows: LedgerRow[] }) {
  return (
    <div className="table-scroll" role="region" aria-label="Gifts" tabIndex={0}>
      <table className="admin-table ledger-table">
        <caption className="visually-hidden">Gifts, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Received (UTC)</th>
            <th scope="col">Donor</th>
            <th scope="col">Campaign</th>
            <th scope="col">Fund</th>
            <th scope="col" className="num">
              Gross
            </th>
            <th scope="col" className="num">
              Refunded
            </th>
            <th scope="col" className="num">
              Fee
            </th>
            <th scope="col" className="num">
              Net
            </th>
            <th scope="col">Status</th>
            <th scope="col">Frequency</th>
            <th scope="col">Method</th>
            <th scope="col">Source</th>
            <th scope="col">Receipt</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={13}>No gifts match these filters.</td>
            </tr>
          ) : null}
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row" className="nowrap">
                <Link to={`/admin/finance/gifts/${row.id}`}>
                  <When at={row.receivedAt} />
                  <span className="visually-hidden"> gift from {row.donorEmail}</span>
                </Link>
              </th>
              <td className="ledger-email">{row.donorEmail}</td>
              <td className="ledger-campaign">{row.campaignTitle}</td>
              <td>{FUND_DETAILS[row.fund as FundCode]?.label ?? row.fund}</td>
              <td className="num nowrap">{money(row.amountMinor, row.currency)}</td>
              <td className="num nowrap">
                {row.refundedMinor > 0 ? money(row.refundedMinor, row.currency) : '—'}
                {row.disputeLostMinor > 0 ? (
                  <span className="ledger-sub">
                    lost {money(row.disputeLostMinor, row.currency)}
                  </span>
                ) : null}
              </td>
              <td className="num nowrap">
                {settled(row.stripeFeeMinor, row)}
                {row.disputeFeeMinor > 0 ? (
                  <span className="ledger-sub">
                    dispute fee {settled(row.disputeFeeMinor, row)}
                  </span>
                ) : null}
              </td>
              <td className="num nowrap">{settled(row.netMinor, row)}</td>
              <td>
                <GiftStatusBadge status={row.status} />
              </td>
              <td>{FREQUENCY_LABELS[row.frequency] ?? row.frequency}</td>
              <td>{METHOD_LABELS[row.paymentMethod ?? ''] ?? words(row.paymentMethod)}</td>
              <td>{SOURCE_LABELS[row.source] ?? row.source}</td>
              <td className="nowrap">{row.receiptNumber ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
