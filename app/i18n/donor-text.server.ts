/**
 * Text for a donor outside React (emails, receipt PDFs, statements) in the language stored for
 * them: `Pledge.locale` for anything about a gift, `Donor.locale` otherwise. Messages come from
 * the same catalogs as the pages (docs/decisions/0018-i18n-react-intl.md); links point at the
 * pages in that language.
 */
import { serverIntl } from '#app/i18n/catalogs.server.ts'
import type english from '#app/i18n/catalogs/en.json'
import { DEFAULT_LOCALE, localeConfig, localizePath, type Locale } from '#app/i18n/locale.ts'
import { formatMoney } from '#app/modules/ledger/money.ts'
import { appUrl } from '#app/utils/app-url.server.ts'

export type MessageId = keyof typeof english
type Values = Record<string, string | number | Date>

export type DonorText = {
  /** The language code (`en`, `ko`). */
  locale: Locale
  /** The BCP 47 tag, for `<html lang>`. */
  tag: string
  t: (id: MessageId, values?: Values) => string
  money: (amountMinor: number, currency: string) => string
  /** A calendar date in UTC: "21 November 2026", "2026년 11월 21일". */
  date: (value: Date) => string
  /** An absolute link to one of our pages in this language (`/account` → …/ko/account). */
  url: (path: string) => string
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

function dateFormat(code: Locale, tag: string): Intl.DateTimeFormat {
  // English documents keep the day-month-year order they have always had (British wording
  // throughout); every other language uses its own tag.
  const dateTag = code === DEFAULT_LOCALE.code ? 'en-GB' : tag
  let format = dateFormats.get(dateTag)
  if (!format) {
    format = new Intl.DateTimeFormat(dateTag, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    })
    dateFormats.set(dateTag, format)
  }
  return format
}

export function donorText(locale: Locale | null | undefined): DonorText {
  const config = localeConfig(locale)
  const intl = serverIntl(config.code)
  return {
    locale: config.code,
    tag: config.tag,
    t: (id, values) => intl.formatMessage({ id }, values),
    money: (amountMinor, currency) => formatMoney(amountMinor, currency, { locale: config.tag }),
    date: (value) => dateFormat(config.code, config.tag).format(value),
    url: (path) => appUrl(localizePath(path, config.code)),
  }
}
