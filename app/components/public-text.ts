import type { FundCode } from '#app/modules/campaigns/funds.ts'

/** The catalog ids of each fund's public name and one-line description. */
export const FUND_TEXT = {
  RESCUE: { label: 'home.fund.rescue', blurb: 'home.fundBlurb.rescue' },
  NUTRITION: { label: 'home.fund.nutrition', blurb: 'home.fundBlurb.nutrition' },
  MEDICAL: { label: 'home.fund.medical', blurb: 'home.fundBlurb.medical' },
  SHELTER: { label: 'home.fund.shelter', blurb: 'home.fundBlurb.shelter' },
  SURVIVORS: { label: 'home.fund.survivors', blurb: 'home.fundBlurb.survivors' },
  RESETTLEMENT: { label: 'home.fund.resettlement', blurb: 'home.fundBlurb.resettlement' },
} as const satisfies Record<FundCode, { label: string; blurb: string }>

/** A day on a public page, in the reader's language; UTC so server and browser agree. */
export const PUBLIC_DATE = { dateStyle: 'long', timeZone: 'UTC' } as const
