/**
 * The chart of accounts the journal exports post to. Codes (Xero) and names (QuickBooks Online
 * matches accounts by name) follow a common small-charity layout; an organisation whose chart
 * differs changes them here, in one place.
 */
import type { Fund } from '#app/generated/prisma/enums.ts'

export type Account = { code: string; name: string }

export const ACCOUNTS = {
  bank: { code: '090', name: 'Bank: Stripe payouts' },
  bankCharges: { code: '404', name: 'Bank charges: Stripe fees' },
  disputeLosses: { code: '405', name: 'Card dispute losses' },
  suspense: { code: '899', name: 'Stripe suspense: unreconciled items' },
} as const satisfies Record<string, Account>

// Names are written out rather than built from the funds' public labels: QuickBooks matches
// accounts by name, so rewording a fund on the site must not rename its account.
const INCOME: Record<Fund, Account> = {
  RESCUE: { code: '4010', name: 'Donations income: Rescue' },
  NUTRITION: { code: '4020', name: 'Donations income: Nutrition' },
  MEDICAL: { code: '4030', name: 'Donations income: Medical care' },
  SHELTER: { code: '4040', name: 'Donations income: Shelter' },
  SURVIVORS: { code: '4050', name: 'Donations income: Survivors of trafficking' },
  RESETTLEMENT: { code: '4060', name: 'Donations income: Resettlement' },
}

/** Restricted income: one donations account per fund. */
export function donationsIncome(fund: Fund): Account {
  return INCOME[fund]
}
