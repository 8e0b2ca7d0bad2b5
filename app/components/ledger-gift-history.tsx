/** What happened to a gift after it arrived: refunds, disputes, receipts and the audit trail. */
import type { ReactNode } from 'react'
import type { GiftDetail } from '#app/modules/ledger/ledger.server.ts'
import { When, money, words } from './ledger-format.tsx'

type Gift = GiftDetail['gift']

function Table({
  id,
  title,
  empty,
  head,
  children,
  count,
}: {
  id: string
  title: string
  empty: string
  head: string[]
  children: ReactNode
  count: number
}) {
  return (
    <section className="admin-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {count === 0 ? (
        <p>{empty}</p>
      ) : (
        <div className="table-scroll" role="region" aria-label={`${title} (table)`} tabIndex={0}>
          <table className="admin-table">
            <thead>
              <tr>
                {head.map((text) => (
                  <th key={text} scope="col">
                    {text}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </section>
  )
}

export function LedgerRefunds({ gift }: { gift: Gift }) {
  return (
    <Table
      id="refunds-title"
      title="Refunds"
      empty="No refunds."
      count={gift.refunds.length}
      head={['When (UTC)', 'Amount', 'Status', 'Reason', 'Staff note', 'Requested by', 'Stripe id']}
    >
      {gift.refunds.map((refund) => (
        <tr key={refund.id}>
          <td className="nowrap">
            <When at={refund.createdAt} />
          </td>
          <td className="num nowrap">{money(refund.amountMinor, refund.currency)}</td>
          <td>
            {words(refund.status)}
            {refund.failureReason ? (
              <span className="ledger-sub">{words(refund.failureReason)}</span>
            ) : null}
          </td>
          <td>{words(refund.reason)}</td>
          <td>{refund.note ?? '—'}</td>
          <td>{refund.requestedByEmail ?? 'Outside Lantern (Stripe)'}</td>
          <td>
            <code>{refund.stripeRefundId}</code>
          </td>
        </tr>
      ))}
    </Table>
  )
}

export function LedgerDisputes({ gift }: { gift: Gift }) {
  return (
    <Table
      id="disputes-title"
      title="Disputes"
      empty="No disputes."
      count={gift.disputes.length}
      head={[
        'Opened (UTC)',
        'Amount',
        'Status',
        'Reason',
        'Evidence due',
        'Withdrawn',
        'Dispute fee',
      ]}
    >
      {gift.disputes.map((dispute) => (
        <tr key={dispute.id}>
          <td className="nowrap">
            <When at={dispute.createdAt} />
          </td>
          <td className="num nowrap">{money(dispute.amountMinor, dispute.currency)}</td>
          <td>{words(dispute.status)}</td>
          <td>{words(dispute.reason)}</td>
          <td className="nowrap">
            <When at={dispute.evidenceDueBy} />
          </td>
          <td className="num nowrap">{money(dispute.withdrawnMinor, dispute.feeCurrency)}</td>
          <td className="num nowrap">{money(dispute.feeMinor, dispute.feeCurrency)}</td>
        </tr>
      ))}
    </Table>
  )
}

export function LedgerReceipts({ gift }: { gift: Gift }) {
  return (
    <Table
      id="receipts-title"
      title="Receipts"
      empty="No receipt issued yet."
      count={gift.receipts.length}
      head={['Number', 'Status', 'Amount', 'Issued (UTC)', 'History', 'PDF']}
    >
      {gift.receipts.map((receipt) => (
        <tr key={receipt.id}>
          <td className="nowrap">{receipt.number}</td>
          <td>
            {receipt.status === 'VOID' ? 'Void' : 'Issued'}
            {receipt.voidReason ? <span className="ledger-sub">{receipt.voidReason}</span> : null}
          </td>
          <td className="num nowrap">{money(receipt.amountMinor, receipt.currency)}</td>
          <td className="nowrap">
            <When at={receipt.issuedAt} />
          </td>
          <td>
            {receipt.replaces ? (
              <span className="ledger-sub">Replaces {receipt.replaces.number}</span>
            ) : null}
            {receipt.replacedBy ? (
              <span className="ledger-sub">Replaced by {receipt.replacedBy.number}</span>
            ) : null}
            {!receipt.replaces && !receipt.replacedBy ? '—' : null}
          </td>
          <td>
            <a href={`/admin/finance/receipts/${receipt.id}.pdf`}>
              Download<span className="visually-hidden"> receipt {receipt.number} as PDF</span>
            </a>
          </td>
        </tr>
      ))}
    </Table>
  )
}

export function LedgerAuditTrail({ audit }: { audit: GiftDetail['audit'] }) {
  return (
    <Table
      id="audit-title"
      title="Audit trail"
      empty="No staff actions on this gift yet."
      count={audit.length}
      head={['When (UTC)', 'Who', 'Action', 'Before', 'After']}
    >
      {audit.map((entry) => (
        <tr key={entry.id}>
          <td className="nowrap">
            <When at={entry.at} />
          </td>
          <td>{entry.actorEmail}</td>
          <td>
            <code>{entry.action}</code>
          </td>
          <td>
            {entry.before ? (
              <pre className="audit-json">{JSON.stringify(entry.before, null, 1)}</pre>
            ) : (
              '—'
            )}
          </td>
          <td>
            {entry.after ? (
              <pre className="audit-json">{JSON.stringify(entry.after, null, 1)}</pre>
            ) : (
              '—'
            )}
          </td>
        </tr>
      ))}
    </Table>
  )
}
