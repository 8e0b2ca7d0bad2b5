/**
 * The chart of accounts the journal exports post to. Codes (Xero) and names (QuickBooks Online
 * matches accounts by name) follow a common small-charity layout; an organisation whose chart
 * differs changes them here, in one place.
 */
import { FUND_DETAILS, type FundCode } from '#app/modules/campaigns/funds.ts'

export type Account = { code: string; name: string }

export const ACCOUNTS = {
  bank: { code: '090', name: 'Bank: Stripe payouts' },
  bankCharges: { code: '404', name: 'Bank charges: Stripe fees' },
  disputeLosses: { code: '405', name: 'Card dispute losses' },
  suspense: { code: '899', name: 'Stripe suspense: unreconciled items' },
} as const satisfies Record<string, Account>

const INCOME_CODES: Record<FundCode, string> = {
  RESCUE: '4010',
  NUTRITION: '4020',
  MEDICAL: '4030',
  SHELTER: '4040',
  SURVIVORS: '4050',
  RESETTLEMENT: '4060',
}

/** Restricted income: one donations account per fund. */
export function donationsIncome(fund: FundCode): Account {
  return { code: INCOME_CODES[fund], name: `Donations income: ${FUND_DETAILS[fund].label}` }
}
