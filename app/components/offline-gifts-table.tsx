import { Link } from '@remix-run/react'
import {
  OFFLINE_METHOD_LABELS,
  type OfflineMethod,
} from '#app/modules/finance/offline-gift-form.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'

type OfflineGiftRow = {
  id: string
  amountMinor: number
  currency: string
  receivedAt: string | Date
  paymentMethod: string | null
  offlineReference: string | null
  donor: { email: string }
  campaign: { title: string }
  receipts: Array<{ id: string; number: string; emailedAt: string | Date | null }>
}

export function OfflineGiftsTable({ gifts }: { gifts: OfflineGiftRow[] }) {
  if (gifts.length === 0) return <p className="admin-muted">No offline gifts yet.</p>
  return (
    <div className="table-scroll">
      <table className="admin-table">
        <caption className="visually-hidden">Offline gifts, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col">Donor</th>
            <th scope="col">Campaign</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Method</th>
            <th scope="col">Receipt</th>
          </tr>
        </thead>
        <tbody>
          {gifts.map((gift) => {
            const receipt = gift.receipts[0]
            return (
              <tr key={gift.id}>
                <td className="nowrap">
                  <Link to={`/admin/finance/gifts/${gift.id}`}>
                    {new Date(gift.receivedAt).toISOString().slice(0, 10)}
                  </Link>
                </td>
                <td>{gift.donor.email}</td>
                <td>{gift.campaign.title}</td>
                <td className="num">{formatMoney(gift.amountMinor, gift.currency)}</td>
                <td>
                  {OFFLINE_METHOD_LABELS[gift.paymentMethod as OfflineMethod] ?? gift.paymentMethod}
                  {gift.offlineReference ? ` ${gift.offlineReference}` : ''}
                </td>
                <td className="nowrap">
                  {receipt ? (
                    <>
                      <a href={`/admin/finance/receipts/${receipt.id}.pdf`} download>
                        {receipt.number} (PDF)
                      </a>
                      {receipt.emailedAt ? ' emailed' : ' not emailed yet'}
                    </>
                  ) : (
                    'none yet'
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
