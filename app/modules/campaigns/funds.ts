/** The funds a gift can go to, in the order the site lists them, with their public wording. */
export const FUNDS = [
  'RESCUE',
  'NUTRITION',
  'MEDICAL',
  'SHELTER',
  'SURVIVORS',
  'RESETTLEMENT',
] as const
export type FundCode = (typeof FUNDS)[number]

export const FUND_DETAILS: Record<FundCode, { label: string; blurb: string }> = {
  RESCUE: {
    label: 'Rescue',
    blurb: 'Safe passage from hiding in China to Southeast Asia, then a flight to South Korea.',
  },
  NUTRITION: {
    label: 'Nutrition',
    blurb:
      'Food and supplements for refugees in hiding and on the move, most of them women and children.',
  },
  MEDICAL: {
    label: 'Medical care',
    blurb: 'Medicines and treatment for people who have no papers and cannot use a hospital.',
  },
  SHELTER: {
    label: 'Shelter',
    blurb: 'Safe houses along the way where people can rest, eat and recover.',
  },
  SURVIVORS: {
    label: 'Survivors of trafficking',
    blurb: 'Counselling, practical help and training for women who were trafficked into China.',
  },
  RESETTLEMENT: {
    label: 'Resettlement',
    blurb: 'Education, job skills and community for new arrivals in South Korea.',
  },
}
