/**
 * The currencies a donor may give in on an appeal, and the one the form starts in
 * (docs/decisions/0020): the appeal's own; any currency a manager set amounts for; any other
 * currency with a staff exchange rate from the appeal's, with round amounts proposed from the
 * appeal's own. A currency with neither is not offered.
 */
import { DEFAULT_LOCALE, localeConfig, type Locale } from '#app/i18n/locale.ts'
import { estimatedRate } from '#app/modules/ledger/exchange-rates.server.ts'
import { CURRENCY_CODES, isCurrencyCode, type CurrencyCode } from '#app/modules/ledger/money.ts'
import { prisma } from '#app/utils/db.server.ts'
import type { CurrencyOption, DonationCurrencies } from './donation-currencies.ts'
import { proposeAmounts } from './nice-amounts.ts'

type AppealAmounts = {
  currency: CurrencyCode
  /** In position order; rows of every currency. */
  suggestedAmounts: ReadonlyArray<{
    currency: string
    amountMinor: number
    impact: string
    lang?: string | null
  }>
}

export async function currencyOptions(
  campaign: AppealAmounts,
  now = new Date(),
): Promise<CurrencyOption[]> {
  const own = campaign.suggestedAmounts.filter((row) => row.currency === campaign.currency)
  const options = await Promise.all(
    CURRENCY_CODES.map(async (currency): Promise<CurrencyOption | null> => {
      if (currency === campaign.currency) return { currency, proposed: false, amounts: own }
      const managers = campaign.suggestedAmounts.filter((row) => row.currency === currency)
      // Lines written for the appeal's own amounts describe the button at the same position.
      const impactAt = (index: number) => ({
        impact: own[index]?.impact ?? '',
        ...(own[index]?.lang ? { lang: own[index]?.lang } : {}),
      })
      if (managers.length) {
        const amounts = managers.map((row, index) => ({
          amountMinor: row.amountMinor,
          ...(row.impact ? { impact: row.impact } : impactAt(index)),
        }))
        return { currency, proposed: false, amounts }
      }
      const rate = await estimatedRate(campaign.currency, currency, now)
      if (!rate) return null
      const proposed = proposeAmounts(
        own.map((row) => row.amountMinor),
        campaign.currency,
        currency,
        rate.rate,
      )
      const amounts = proposed.map((amountMinor, index) => ({ amountMinor, ...impactAt(index) }))
      return { currency, proposed: true, amounts }
    }),
  )
  const offered = options.filter((option): option is CurrencyOption => option !== null)
  return [
    ...offered.filter((option) => option.currency === campaign.currency),
    ...offered.filter((option) => option.currency !== campaign.currency),
  ]
}

/**
 * The donate form's currencies for a page view: `requested` (`?currency=`) when offered, else
 * the language's currency (Korean: KRW) when offered, else the appeal's own. English pages
 * start in the appeal's currency: English is read everywhere, its currency says nothing.
 */
export async function donationCurrencies(
  campaign: AppealAmounts,
  options: { requested: string | null; locale: Locale; now?: Date },
): Promise<DonationCurrencies> {
  const offered = await currencyOptions(campaign, options.now)
  const isOffered = (code: string | null | undefined): code is CurrencyCode =>
    isCurrencyCode(code) && offered.some((option) => option.currency === code)
  const languageCurrency =
    localeConfig(options.locale).code === DEFAULT_LOCALE.code
      ? null
      : localeConfig(options.locale).currency
  const base = { appealCurrency: campaign.currency, options: offered }
  if (isOffered(options.requested)) return { ...base, currency: options.requested, chosenBy: 'url' }
  return {
    ...base,
    currency: isOffered(languageCurrency) ? languageCurrency : campaign.currency,
    chosenBy: 'default',
  }
}

/** Whether a donor may give to the appeal in `currency` now (the donate action's check). */
export async function isOfferedCurrency(
  campaign: { id: string; currency: string },
  currency: string,
  now = new Date(),
): Promise<boolean> {
  if (!isCurrencyCode(currency)) return false
  if (currency === campaign.currency) return true
  const managers = await prisma.suggestedAmount.count({
    where: { campaignId: campaign.id, currency },
  })
  return managers > 0 || (await estimatedRate(campaign.currency, currency, now)) !== null
}
