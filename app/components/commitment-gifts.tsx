import { Form } from '@remix-run/react'
import { formatMoney } from '#app/modules/ledger/money.ts'

type GiftRow = {
  id: string
  receivedAt: string | Date
  amountMinor: number
  refundedMinor: number
  disputeLostMinor: number
  currency: string
  source: string
  paymentMethod: string | null
  offlineReference: string | null
}

/** Gifts with a Link or Unlink button each (posted to the commitment page's action). */
export function CommitmentGifts({
  gifts,
  intent,
}: {
  gifts: GiftRow[]
  intent: 'link' | 'unlink'
}) {
  if (gifts.length === 0) return <p className="admin-muted">None.</p>
  const label = intent === 'link' ? 'Link' : 'Unlink'
  return (
    <div className="table-scroll">
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">Received</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col" className="num">
              Refunded or lost
            </th>
            <th scope="col">Source</th>
            <th scope="col">
              <span className="visually-hidden">Action</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {gifts.map((gift) => {
            const day = new Date(gift.receivedAt).toISOString().slice(0, 10)
            return (
              <tr key={gift.id}>
                <td className="nowrap">{day}</td>
                <td className="num">{formatMoney(gift.amountMinor, gift.currency)}</td>
                <td className="num">
                  {formatMoney(gift.refundedMinor + gift.disputeLostMinor, gift.currency)}
                </td>
                <td>
                  {gift.source === 'OFFLINE'
                    ? `Offline (${gift.paymentMethod ?? ''}${gift.offlineReference ? ` ${gift.offlineReference}` : ''})`
                    : `Online (${gift.paymentMethod ?? 'card'})`}
                </td>
                <td>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value={intent} />
                    <input type="hidden" name="giftId" value={gift.id} />
                    <button
                      type="submit"
                      className="admin-link-button"
                      aria-label={`${label} the gift of ${day}, ${formatMoney(gift.amountMinor, gift.currency)}`}
                    >
                      {label}
                    </button>
                  </Form>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
