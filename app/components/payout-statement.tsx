import { formatMoney } from '#app/modules/ledger/money.ts'

export type PayoutStatementFigures = {
  currency: string
  amountMinor: number
  chargesMinor: number
  feesMinor: number
  refundsMinor: number
  disputesMinor: number
  otherMinor: number
  linesNetMinor: number
  differenceMinor: number
}

/** The payout as an accountant reads it: gross − fees − refunds − disputes ± other = payout. */
export function PayoutStatement({ figures }: { figures: PayoutStatementFigures }) {
  const money = (minor: number) => formatMoney(minor, figures.currency)
  const rows: Array<[string, string]> = [
    ['Gross donations (charges)', money(figures.chargesMinor)],
    ['− Stripe fees (incl. dispute fees)', money(figures.feesMinor)],
    ['− Refunds', money(figures.refundsMinor)],
    ['− Disputes (withdrawn, net of reinstated)', money(figures.disputesMinor)],
    ['± Other adjustments', money(figures.otherMinor)],
  ]
  const balanced = figures.differenceMinor === 0
  return (
    <table className="admin-table payout-statement" data-testid="payout-statement">
      <caption>Statement in {figures.currency}</caption>
      <tbody>
        {rows.map(([label, value]) => (
          <tr key={label}>
            <th scope="row">{label}</th>
            <td className="payout-amount">{value}</td>
          </tr>
        ))}
        <tr className="payout-statement__total">
          <th scope="row">= Lines total</th>
          <td className="payout-amount" data-testid="statement-lines-total">
            {money(figures.linesNetMinor)}
          </td>
        </tr>
        <tr>
          <th scope="row">Payout amount (to the bank)</th>
          <td className="payout-amount" data-testid="statement-payout-amount">
            {money(figures.amountMinor)}
          </td>
        </tr>
        <tr>
          <th scope="row">Difference</th>
          <td className="payout-amount" data-testid="statement-difference">
            {balanced ? `${money(0)} (balances to the cent)` : money(figures.differenceMinor)}
          </td>
        </tr>
      </tbody>
    </table>
  )
}
