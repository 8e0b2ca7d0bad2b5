/**
 * Which currencies a donor may give in on an appeal, with the amount buttons for each
 * (docs/decisions/0020). Shared by the page (the picker and the buttons) and the server.
 */
import type { CurrencyCode } from '#app/modules/ledger/money.ts'

/** `lang` is set when the impact line is not in the page's language (untranslated-note.tsx). */
export type SuggestedAmountView = { amountMinor: number; impact: string; lang?: string | null }

export type CurrencyOption = {
  currency: CurrencyCode
  /** True when Lantern rounded the appeal's own amounts at the staff rate (no manager amounts). */
  proposed: boolean
  amounts: SuggestedAmountView[]
}

export type DonationCurrencies = {
  appealCurrency: CurrencyCode
  /** The currency the form is in now. */
  currency: CurrencyCode
  /** 'url' when the donor picked it (`?currency=`); 'default' from the language or the appeal. */
  chosenBy: 'url' | 'default'
  /** The appeal's own currency first, then the others Lantern can take for it. */
  options: CurrencyOption[]
}

/** Only the appeal's own currency (the staff preview, which shows the appeal as written). */
export function appealCurrencyOnly(campaign: {
  currency: CurrencyCode
  suggestedAmounts: SuggestedAmountView[]
}): DonationCurrencies {
  return {
    appealCurrency: campaign.currency,
    currency: campaign.currency,
    chosenBy: 'default',
    options: [{ currency: campaign.currency, proposed: false, amounts: campaign.suggestedAmounts }],
  }
}
