/**
 * Which characters Lantern's self-hosted Korean web font carries, in which file (decision 0019).
 * `npm run fonts` (scripts/fonts.ts) cuts the files from fonts/NotoSansKR-*.ttf with these sets;
 * web-font.test.ts checks the committed files against them. Latin text, general punctuation and
 * ₩ are left to the system fonts, so a page without Korean never downloads a Korean face.
 */
import ko from './catalogs/ko.json'
import locales from './locales.json'

export const FAMILY = 'Lantern Noto Sans KR'
export const WEIGHTS = [400, 700] as const
export type Weight = (typeof WEIGHTS)[number]

/**
 * labels: the language names the switch shows on every page (한국어), so an English page pays
 *   ~1 KB for them instead of the whole common face;
 * common: what Korean pages need: KS X 1001's 2,350 syllables, jamo, CJK punctuation, and
 *   every character of the Korean catalog;
 * rare: the other 8,822 modern syllables and old-Hangul jamo, for donors' names and
 *   manager-written text; fetched only by a page that has one of them.
 */
export const SUBSETS = ['labels', 'common', 'rare'] as const
export type Subset = (typeof SUBSETS)[number]

/** Blocks of Korean script (and the CJK forms Korean text uses) this font is for. */
const KOREAN_BLOCKS: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x11ff], // Hangul Jamo
  [0x3000, 0x303f], // CJK Symbols and Punctuation
  [0x3130, 0x318f], // Hangul Compatibility Jamo
  [0xa960, 0xa97f], // Hangul Jamo Extended-A
  [0xac00, 0xd7a3], // Hangul Syllables
  [0xd7b0, 0xd7ff], // Hangul Jamo Extended-B
  [0xff00, 0xffef], // Halfwidth and Fullwidth Forms
]

export function isKoreanScript(codePoint: number): boolean {
  return KOREAN_BLOCKS.some(([from, to]) => codePoint >= from && codePoint <= to)
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, index) => from + index)
}

function koreanCodePointsOf(text: string): number[] {
  return [...text].map((char) => char.codePointAt(0) ?? 0).filter(isKoreanScript)
}

/**
 * The 2,350 Hangul syllables of KS X 1001 (rows 16–40 of EUC-KR, 0xB0A1–0xC8FE), the set
 * Korean systems long limited themselves to, so nearly all everyday text: read from the
 * EUC-KR decoder of the platform's ICU rather than from a copied table.
 */
export function ksX1001Syllables(): number[] {
  const decoder = new TextDecoder('euc-kr', { fatal: true })
  const syllables: number[] = []
  for (let row = 0xb0; row <= 0xc8; row++) {
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      syllables.push(decoder.decode(Uint8Array.of(row, cell)).codePointAt(0) ?? 0)
    }
  }
  return syllables
}

/** Korean characters of the text Lantern itself prints: the Korean catalog, the language names. */
export function catalogCodePoints(): number[] {
  return koreanCodePointsOf(Object.values(ko).join(''))
}

function sorted(codePoints: Iterable<number>): number[] {
  return [...new Set(codePoints)].sort((a, b) => a - b)
}

export function subsetCodePoints(subset: Subset): number[] {
  switch (subset) {
    case 'labels':
      return sorted(koreanCodePointsOf(locales.map((locale) => locale.name).join('')))
    case 'common':
      return sorted([
        ...ksX1001Syllables(),
        ...range(0x3131, 0x318e),
        ...range(0x3000, 0x303f),
        ...range(0xff01, 0xff60),
        ...range(0xffe0, 0xffe6),
        ...catalogCodePoints(),
      ])
    case 'rare': {
      const common = new Set(subsetCodePoints('common'))
      return [...range(0x1100, 0x11ff), ...range(0xac00, 0xd7a3).filter((cp) => !common.has(cp))]
    }
  }
}

/** CSS `unicode-range` for a sorted list of code points: runs collapse to `U+AC00-AC02`. */
export function unicodeRange(codePoints: readonly number[]): string {
  const runs: Array<[number, number]> = []
  for (const codePoint of codePoints) {
    const last = runs.at(-1)
    if (last && codePoint === last[1] + 1) last[1] = codePoint
    else runs.push([codePoint, codePoint])
  }
  const hex = (codePoint: number) => codePoint.toString(16).toUpperCase()
  return runs
    .map(([from, to]) => (from === to ? `U+${hex(from)}` : `U+${hex(from)}-${hex(to)}`))
    .join(', ')
}

/**
 * The `unicode-range` each face declares. Common and rare overlap over the syllables, which
 * keeps the rules short (the 2,350 syllables one by one take 1,613 ranges), so rare is a family
 * of its own, after common in the font stack: a browser moves on to the next family for a
 * character a loaded face lacks, but Chromium does not move on to another face of the same
 * family (tests/e2e/korean-font.test.ts). The labels face overlaps common without a gap:
 * whatever it has, common has too.
 */
export function declaredRange(subset: Subset): string {
  switch (subset) {
    case 'labels':
      return unicodeRange(subsetCodePoints('labels'))
    case 'common':
      return 'U+3000-303F, U+3131-318E, U+AC00-D7A3, U+FF01-FF60, U+FFE0-FFE6'
    case 'rare':
      return 'U+1100-11FF, U+AC00-D7A3'
  }
}

/** The family each face belongs to; app/styles/app.css starts with FAMILY, then RARE_FAMILY. */
export const RARE_FAMILY = `${FAMILY} Rare`
export const familyOf = (subset: Subset) => (subset === 'rare' ? RARE_FAMILY : FAMILY)

export type WebFontFace = {
  subset: Subset
  weight: Weight
  /** URL path under public/, named by its content's hash. */
  href: string
  bytes: number
  sha256: string
}

export type WebFontManifest = {
  /** SHA-256 of each source font the faces were cut from. */
  sources: Record<string, string>
  faces: WebFontFace[]
}

/**
 * Korean fonts a device may already have, by full and PostScript name, tried before our file:
 * Noto Sans KR and Noto Sans CJK KR (Linux, Android), Apple SD Gothic Neo (macOS, iOS) and
 * Malgun Gothic (Windows) draw every syllable, so such a device downloads nothing.
 */
const LOCAL_NAMES: Record<Weight, string[]> = {
  400: [
    'Noto Sans KR Regular',
    'NotoSansKR-Regular',
    'Noto Sans CJK KR Regular',
    'NotoSansCJKkr-Regular',
    'AppleSDGothicNeo-Regular',
    'Malgun Gothic',
  ],
  700: [
    'Noto Sans KR Bold',
    'NotoSansKR-Bold',
    'Noto Sans CJK KR Bold',
    'NotoSansCJKkr-Bold',
    'AppleSDGothicNeo-Bold',
    'Malgun Gothic Bold',
  ],
}

/** Within a family the face declared last is tried first: labels before common. */
const DECLARATION_ORDER: readonly Subset[] = ['common', 'labels', 'rare']

export function fontFaceCss(manifest: WebFontManifest): string {
  const rules = DECLARATION_ORDER.flatMap((subset) =>
    manifest.faces
      .filter((face) => face.subset === subset)
      .map(
        (face) => `@font-face {
  font-family: '${familyOf(face.subset)}';
  font-style: normal;
  font-weight: ${face.weight};
  font-display: swap;
  src: ${LOCAL_NAMES[face.weight].map((name) => `local('${name}')`).join(', ')}, url('${face.href}') format('woff2');
  unicode-range: ${declaredRange(face.subset)};
}
`,
      ),
  )
  return `/* Generated by \`npm run fonts\` (scripts/fonts.ts) from app/i18n/web-font.ts: do not edit. */\n${rules.join('\n')}`
}
