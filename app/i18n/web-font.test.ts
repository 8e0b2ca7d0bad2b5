// The committed Korean web font files (public/fonts/, written by `npm run fonts`) still match
// what app/i18n/web-font.ts says they carry: when the Korean catalog gains a character the
// common face lacks, or a source font changes, this fails until the files are cut again.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import * as fontkit from 'fontkit'
import prettier from 'prettier'
import { describe, expect, test } from 'vitest'
import ko from './catalogs/ko.json'
import manifestJson from './web-font.json'
import {
  SUBSETS,
  WEIGHTS,
  catalogCodePoints,
  declaredRange,
  fontFaceCss,
  ksX1001Syllables,
  subsetCodePoints,
  type Subset,
  type WebFontManifest,
  type Weight,
} from './web-font.ts'

const manifest = manifestJson as WebFontManifest
const ROOT = path.resolve(import.meta.dirname, '../..')
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

function face(subset: Subset, weight: Weight) {
  const found = manifest.faces.find((entry) => entry.subset === subset && entry.weight === weight)
  if (!found) throw new Error(`no ${subset} ${weight} face in web-font.json: run npm run fonts`)
  return found
}

async function openFace(subset: Subset, weight: Weight): Promise<fontkit.Font> {
  const data = await readFile(path.join(ROOT, 'public', face(subset, weight).href))
  return fontkit.create(data) as fontkit.Font
}

/** Whether a code point falls in a CSS unicode-range such as `U+AC00-D7A3, U+3131`. */
function inRange(range: string, codePoint: number): boolean {
  return range.split(',').some((part) => {
    const [from = '', to = from] = part.trim().replace('U+', '').split('-')
    return codePoint >= parseInt(from, 16) && codePoint <= parseInt(to, 16)
  })
}

const hex = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase()}`

test('KS X 1001 gives 2,350 distinct modern syllables', () => {
  const syllables = ksX1001Syllables()
  expect(new Set(syllables).size).toBe(2350)
  expect(syllables.every((cp) => cp >= 0xac00 && cp <= 0xd7a3)).toBe(true)
  expect(syllables).toContain('가'.codePointAt(0))
  expect(syllables).not.toContain('똠'.codePointAt(0))
})

test('every character of the Korean catalog is Korean script or plain text the system font draws', () => {
  const korean = new Set(catalogCodePoints())
  const others = [...new Set([...Object.values(ko).join('')])]
    .map((char) => char.codePointAt(0) ?? 0)
    .filter((cp) => !korean.has(cp))
  // Latin, Latin-1 and general punctuation (· – … “ ”): every system UI font has them.
  expect(others.filter((cp) => cp > 0x24f && (cp < 0x2000 || cp > 0x206f)).map(hex)).toEqual([])
  expect(korean.size).toBeGreaterThan(100)
})

describe.each(WEIGHTS)('weight %i', (weight) => {
  test('the common face draws, and declares, every Korean character of the catalog', async () => {
    const font = await openFace('common', weight)
    const missing = catalogCodePoints().filter(
      (cp) => !font.hasGlyphForCodePoint(cp) || !inRange(declaredRange('common'), cp),
    )
    expect(missing.map(hex)).toEqual([])
  })

  test('the labels face draws the language names the switch shows', async () => {
    const font = await openFace('labels', weight)
    const names = subsetCodePoints('labels')
    expect(names.map((cp) => String.fromCodePoint(cp)).join('')).toBe('국어한')
    expect(names.filter((cp) => !font.hasGlyphForCodePoint(cp)).map(hex)).toEqual([])
  })

  test('common and rare together draw all 11,172 syllables, and only rare is large', async () => {
    const [common, rare] = await Promise.all([openFace('common', weight), openFace('rare', weight)])
    const undrawn: number[] = []
    for (let cp = 0xac00; cp <= 0xd7a3; cp++) {
      if (!common.hasGlyphForCodePoint(cp) && !rare.hasGlyphForCodePoint(cp)) undrawn.push(cp)
    }
    expect(undrawn.map(hex)).toEqual([])
    expect(common.hasGlyphForCodePoint('똠'.codePointAt(0) ?? 0)).toBe(false)
    expect(face('common', weight).bytes).toBeLessThan(face('rare', weight).bytes / 2)
  })
})

test('the committed files are the ones web-font.json names, cut from the fonts in fonts/', async () => {
  expect(manifest.faces.map((entry) => `${entry.subset}-${entry.weight}`).sort()).toEqual(
    SUBSETS.flatMap((subset) => WEIGHTS.map((weight) => `${subset}-${weight}`)).sort(),
  )
  for (const entry of manifest.faces) {
    const data = await readFile(path.join(ROOT, 'public', entry.href))
    expect(sha256(data)).toBe(entry.sha256)
    expect(data.length).toBe(entry.bytes)
    expect(entry.href).toContain(`.${entry.sha256.slice(0, 10)}.woff2`)
  }
  for (const [file, hash] of Object.entries(manifest.sources)) {
    expect(sha256(await readFile(path.join(ROOT, 'fonts', file))), file).toBe(hash)
  }
})

test('app/styles/fonts.css is what the manifest gives, with font-display swap', async () => {
  const file = path.join(ROOT, 'app/styles/fonts.css')
  const expected = await prettier.format(fontFaceCss(manifest), {
    ...(await prettier.resolveConfig(file)),
    filepath: file,
  })
  const committed = await readFile(file, 'utf8')
  expect(committed).toBe(expected)
  expect(committed.match(/font-display: swap;/g)).toHaveLength(manifest.faces.length)
  expect(committed).not.toMatch(/url\('(?!\/fonts\/)/)
})
