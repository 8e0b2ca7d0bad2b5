import { formatMoney } from '#app/modules/ledger/money.ts'
import { InstalmentStatus } from './commitment-status.tsx'
import type { InstalmentState } from '#app/modules/finance/commitments.server.ts'

type InstalmentRow = {
  index: number
  dueOn: string | Date
  amountMinor: number
  coveredMinor: number
  gifts: Array<{ giftId: string; minor: number }>
  state: InstalmentState
}

const day = (date: string | Date) => new Date(date).toISOString().slice(0, 10)

export function CommitmentSchedule({
  instalments,
  currency,
  giftDates,
}: {
  instalments: InstalmentRow[]
  currency: string
  /** Gift id → received date, to name the gifts that cover each instalment. */
  giftDates: Record<string, string>
}) {
  return (
    <div className="table-scroll">
      <table className="admin-table">
        <caption className="visually-hidden">Instalments and the gifts that cover them</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Due</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col" className="num">
              Covered
            </th>
            <th scope="col">Covered by</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {instalments.map((instalment) => (
            <tr key={instalment.index}>
              <th scope="row">{instalment.index}</th>
              <td className="nowrap">{day(instalment.dueOn)}</td>
              <td className="num">{formatMoney(instalment.amountMinor, currency)}</td>
              <td className="num">{formatMoney(instalment.coveredMinor, currency)}</td>
              <td>
                {instalment.gifts.length === 0
                  ? '—'
                  : instalment.gifts
                      .map(
                        (g) =>
                          `gift of ${giftDates[g.giftId] ?? '?'} (${formatMoney(g.minor, currency)})`,
                      )
                      .join(', ')}
              </td>
              <td>
                <InstalmentStatus state={instalment.state} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
