/**
 * A simple, explainable check run before a story or an update is published: it points at words
 * that may name a person or a place, and at numbers that look like dates, because a real name,
 * a town or the date of a crossing can put a refugee in danger (CONTEXT.md "Safety").
 *
 * Rules, each reported with the sentence it was found in:
 * - a capitalised word that does not start its sentence, is not in the built-in list of safe
 *   words (countries of the region, funds, months, days, Lantern …) and not in the campaign's
 *   own allowed terms; neighbouring capitalised words are reported together ("Yanji City");
 * - a number that looks like a date: 12/03, 12.03.2024, 2024-05-01, "March 3", "3 March",
 *   "March 2024", 2024년 5월, 5월 1일;
 * - in Korean text, place names and possible personal names (./naming-check-korean.ts).
 * It cannot prove a text is safe; it makes the usual slips easy to catch. The manager confirms.
 */
import { FUND_DETAILS } from './funds.ts'
import { KOREAN_DATE_PATTERNS, checkKoreanSentence } from './naming-check-korean.ts'

export type NamingFinding = {
  kind: 'name' | 'place' | 'date'
  /** The words or number found. */
  text: string
  /** The sentence it is in, for context. */
  sentence: string
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const MONTH_ABBREVIATIONS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Sept',
  'Oct',
  'Nov',
  'Dec',
]
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** Words that name nothing a reader could use to find a person (lower case). */
const SAFE_WORDS = new Set(
  [
    ...MONTHS,
    ...MONTH_ABBREVIATIONS,
    ...DAYS,
    ...Object.values(FUND_DETAILS).flatMap(({ label }) => label.split(/\s+/)),
    'Korea',
    'Korean',
    'Koreans',
    'North',
    'South',
    'China',
    'Chinese',
    'Russia',
    'Russian',
    'Southeast',
    'East',
    'Asia',
    'Asian',
    'Lantern',
    'I',
    "I'm",
    "I've",
    "I'd",
    "I'll",
    'Mr',
    'Mrs',
    'Ms',
    'Dr',
    'God',
    'Christian',
    'Christians',
    'Christmas',
    'Easter',
    'English',
    'OK',
    'UN',
    'NGO',
    'USD',
    'EUR',
    'GBP',
    'KRW',
    'JPY',
  ].map((word) => word.toLowerCase()),
)

const MONTH_PATTERN = `(?:${[...MONTHS, ...MONTH_ABBREVIATIONS].join('|')})\\.?`
const DATE_PATTERNS = [
  /\b\d{4}-\d{1,2}-\d{1,2}\b/g,
  // 12/03 or 12/03/24; with dots only when a year follows, so 12.50 stays an amount.
  /(?<![\d$€£₩¥.,])(?:[012]?\d|3[01])\/(?:[012]?\d|3[01])(?:\/(?:\d{4}|\d{2}))?\b/g,
  /(?<![\d$€£₩¥.,])(?:[012]?\d|3[01])\.(?:[012]?\d|3[01])\.(?:\d{4}|\d{2})\b/g,
  new RegExp(`\\b${MONTH_PATTERN}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?\\b`, 'g'),
  new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_PATTERN}(?:\\s+\\d{4})?`, 'g'),
  new RegExp(`\\b${MONTH_PATTERN}\\s+\\d{4}\\b`, 'g'),
  ...KOREAN_DATE_PATTERNS,
]

const WORD = /[\p{L}][\p{L}\p{M}'’-]*/gu

/** Markdown → plain lines: link targets, code and markup characters removed. */
function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]*>/g, ' ')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/[*_`~]/g, '')
}

/** Sentences: split after . ! ? and at line breaks (headings and list items stand alone). */
export function splitSentences(markdown: string): string[] {
  return plainText(markdown)
    .split(/\n+|(?<=[.!?]["'”’)]?)\s+/)
    .map((sentence) => sentence.trim())
    .filter(Boolean)
}

function normalise(word: string): string {
  return word.replace(/['’]s$/i, '').toLowerCase()
}

export function checkNaming(
  texts: Array<string | null | undefined>,
  allowedTerms: string[] = [],
): NamingFinding[] {
  const allowed = new Set(
    allowedTerms.flatMap((term) => term.split(/\s+/)).map((word) => normalise(word)),
  )
  const findings: NamingFinding[] = []
  const seen = new Set<string>()
  const add = (finding: NamingFinding) => {
    const key = `${finding.kind}|${finding.text}|${finding.sentence}`
    if (seen.has(key)) return
    seen.add(key)
    findings.push(finding)
  }

  for (const text of texts) {
    if (!text) continue
    for (const sentence of splitSentences(text)) {
      const dateSpans: Array<[number, number]> = []
      for (const pattern of DATE_PATTERNS) {
        for (const match of sentence.matchAll(pattern)) {
          const start = match.index ?? 0
          const end = start + match[0].length
          if (dateSpans.some(([s, e]) => start < e && end > s)) continue
          dateSpans.push([start, end])
          add({ kind: 'date', text: match[0].trim(), sentence })
        }
      }

      let group: string[] = []
      let groupEnd = -1
      const flush = () => {
        if (group.length) add({ kind: 'name', text: group.join(' '), sentence })
        group = []
      }
      let first = true
      for (const match of sentence.matchAll(WORD)) {
        const word = match[0].replace(/[-'’]+$/, '')
        const start = match.index ?? 0
        const isFirst = first
        first = false
        const flagged =
          !isFirst &&
          /^\p{Lu}/u.test(word) &&
          !SAFE_WORDS.has(normalise(word)) &&
          !allowed.has(normalise(word))
        if (!flagged) {
          flush()
          continue
        }
        // Words separated only by spaces belong to one name ("Yanji City").
        if (group.length && !/^\s+$/.test(sentence.slice(groupEnd, start))) flush()
        group.push(word)
        groupEnd = start + match[0].length
      }
      flush()

      for (const finding of checkKoreanSentence(sentence)) {
        if (!allowed.has(finding.text)) add({ ...finding, sentence })
      }
    }
  }
  return findings
}
