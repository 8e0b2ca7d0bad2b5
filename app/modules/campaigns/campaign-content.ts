/**
 * Which language an appeal's own texts are shown in. English (the default language) lives on
 * the Campaign, SuggestedAmount and CampaignUpdate rows; every other language of
 * app/i18n/locales.json is an optional translation row keyed by its code
 * (docs/decisions/0018-i18n-react-intl.md, "Content"). A page in a language the appeal has no
 * translation for shows the English, marked with its own `lang` so screen readers pronounce it
 * right, and says so. Shared by the server (loaders, emails) and the staff editor.
 */
import { DEFAULT_LOCALE, LOCALES, type Locale } from '#app/i18n/locale.ts'

/** The languages an appeal can be translated into: every configured one but the default. */
export const TRANSLATION_LOCALES: readonly Locale[] = LOCALES.filter(
  (locale) => locale.code !== DEFAULT_LOCALE.code,
).map((locale) => locale.code)

/** A language's English name for staff pages ("Korean"), from Intl. */
export function languageName(code: Locale): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code
  } catch {
    return code
  }
}

export type ContentLanguage = {
  /** The `lang` of the texts when it is not the page's (English on a Korean page), else null. */
  lang: string | null
  /** The page's language has no translation of these texts, so they are shown in English. */
  untranslated: boolean
}

function contentLanguage(translated: boolean, pageLocale: Locale): ContentLanguage {
  const untranslated = !translated && pageLocale !== DEFAULT_LOCALE.code
  // The language code, as on <html lang> (root.tsx).
  return { lang: untranslated ? DEFAULT_LOCALE.code : null, untranslated }
}

/** The translation row for the page's language, if the page is not in the default language. */
export function translationFor<T extends { locale: string }>(
  rows: readonly T[] | undefined,
  pageLocale: Locale,
): T | undefined {
  if (pageLocale === DEFAULT_LOCALE.code) return undefined
  return rows?.find((row) => row.locale === pageLocale)
}

type CampaignTexts = { title: string; summary: string }
type CampaignTranslationRow = CampaignTexts & { locale: string; story?: string }

/**
 * An appeal's title, summary and (when loaded) story in the page's language, or in English with
 * `untranslated` when the appeal has no translation for it.
 */
export function campaignContent<C extends CampaignTexts & { story?: string }>(
  campaign: C & { translations?: readonly CampaignTranslationRow[] },
  pageLocale: Locale,
): CampaignTexts & { story: C['story'] } & ContentLanguage {
  const translation = translationFor(campaign.translations, pageLocale)
  const source = translation ?? campaign
  return {
    title: source.title,
    summary: source.summary,
    story: (source.story ?? campaign.story) as C['story'],
    ...contentLanguage(Boolean(translation), pageLocale),
  }
}

/**
 * An impact line in the page's language. It follows the appeal: when the appeal is shown in
 * English (untranslated), so are its impact lines, so a page never mixes languages needlessly.
 */
export function impactContent(
  amount: { impact: string; translations?: ReadonlyArray<{ locale: string; impact: string }> },
  pageLocale: Locale,
  campaignTranslated: boolean,
): { impact: string; lang: string | null } {
  const translation = campaignTranslated
    ? translationFor(amount.translations, pageLocale)
    : undefined
  return {
    impact: translation?.impact ?? amount.impact,
    lang: contentLanguage(Boolean(translation), pageLocale).lang,
  }
}

/** An update's title and Markdown body in the page's (or a donor's) language, else English. */
export function updateContent(
  update: {
    title: string
    body: string
    translations?: ReadonlyArray<{ locale: string; title: string; body: string }>
  },
  pageLocale: Locale,
): { title: string; body: string } & ContentLanguage {
  const translation = translationFor(update.translations, pageLocale)
  const source = translation ?? update
  return {
    title: source.title,
    body: source.body,
    ...contentLanguage(Boolean(translation), pageLocale),
  }
}
