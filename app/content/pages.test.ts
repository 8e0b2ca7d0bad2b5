// The About and Privacy pages exist in every configured language, with the same sections and
// lists as English: a page left untranslated, or a section dropped in translation, fails here.
import { describe, expect, test } from 'vitest'
import { LOCALES } from '#app/i18n/locale.ts'
import { PAGE_MARKDOWN, pageMarkdown, privacyPageMarkdown, type ProsePageName } from './pages.ts'

/** Headings (by level) and list items, in order: the shape of a page, whatever its language. */
function outline(markdown: string): string[] {
  return markdown
    .split('\n')
    .map((line) => /^(#{1,6}) |^(- )/.exec(line))
    .filter((match) => match !== null)
    .map((match) => match[1] ?? '-')
}

const pages = Object.keys(PAGE_MARKDOWN) as ProsePageName[]

describe.each(pages)('the %s page', (page) => {
  const english = PAGE_MARKDOWN[page].en as string

  test.each(LOCALES.map((locale) => locale.code))('is written in %s', (code) => {
    expect(Object.keys(PAGE_MARKDOWN[page])).toContain(code)
    expect(outline(PAGE_MARKDOWN[page][code] as string)).toEqual(outline(english))
  })

  test('the Korean version is Korean, not English left in place', () => {
    const korean = PAGE_MARKDOWN[page].ko as string
    const hangul = korean.match(/[\uac00-\ud7a3]/g)?.length ?? 0
    const latin = korean.match(/[A-Za-z]/g)?.length ?? 0
    expect(hangul).toBeGreaterThan(latin * 5)
  })
})

test('a language without its own version of a page reads the English one', () => {
  expect(pageMarkdown('about', 'xx')).toBe(PAGE_MARKDOWN.about.en)
  expect(pageMarkdown('privacy', 'ko')).toBe(PAGE_MARKDOWN.privacy.ko)
})

test('the privacy page gives the same contact address in every language', () => {
  for (const markdown of Object.values(PAGE_MARKDOWN.privacy))
    expect(markdown).toContain('privacy@example.org')
})

test.each(LOCALES.map((locale) => locale.code))(
  'the privacy page in %s states the configured retention periods, not fixed ones',
  (code) => {
    const page = privacyPageMarkdown(code, { unpaidPledgeDays: 12, stripeEventDays: 45 })
    expect(page).not.toMatch(/\{\w+Days\}/)
    expect(page).toMatch(/\b12\b/)
    expect(page).toMatch(/\b45\b/)
    expect(privacyPageMarkdown(code, { unpaidPledgeDays: 30, stripeEventDays: 30 })).not.toMatch(
      /\b12\b|\b45\b/,
    )
  },
)
