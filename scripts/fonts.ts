/**
 * `npm run fonts`: cuts the Korean web font faces (app/i18n/web-font.ts says which characters
 * go where) out of fonts/NotoSansKR-*.ttf as WOFF2, writes them to public/fonts/ under names
 * that carry their content hash (served as immutable), and writes the @font-face rules
 * (app/styles/fonts.css) and app/i18n/web-font.json. Run it after the Korean catalog gains a
 * character the common face lacks; app/i18n/web-font.test.ts says when. The output is
 * committed, so that builds and CI do not spend the ~40 s of subsetting (decision 0019).
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import prettier from 'prettier'
import subsetFont from 'subset-font'
import {
  SUBSETS,
  WEIGHTS,
  fontFaceCss,
  subsetCodePoints,
  type WebFontFace,
  type WebFontManifest,
} from '#app/i18n/web-font.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUT_DIR = path.join(ROOT, 'public/fonts')
const FILE_PREFIX = 'lantern-korean-'
const SOURCE = { 400: 'NotoSansKR-Regular.ttf', 700: 'NotoSansKR-Bold.ttf' } as const

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex')

await mkdir(OUT_DIR, { recursive: true })
for (const file of await readdir(OUT_DIR)) {
  if (file.startsWith(FILE_PREFIX)) await rm(path.join(OUT_DIR, file))
}

const manifest: WebFontManifest = { sources: {}, faces: [] }
for (const weight of WEIGHTS) {
  const source = await readFile(path.join(ROOT, 'fonts', SOURCE[weight]))
  manifest.sources[SOURCE[weight]] = sha256(source)
  for (const subset of SUBSETS) {
    const woff2 = await subsetFont(source, String.fromCodePoint(...subsetCodePoints(subset)), {
      targetFormat: 'woff2',
    })
    const hash = sha256(woff2)
    const file = `${FILE_PREFIX}${subset}-${weight}.${hash.slice(0, 10)}.woff2`
    await writeFile(path.join(OUT_DIR, file), woff2)
    const face: WebFontFace = {
      subset,
      weight,
      href: `/fonts/${file}`,
      bytes: woff2.length,
      sha256: hash,
    }
    manifest.faces.push(face)
    process.stdout.write(`${face.href}  ${face.bytes.toLocaleString('en')} bytes\n`)
  }
}

const format = async (text: string, filepath: string) =>
  prettier.format(text, { ...(await prettier.resolveConfig(filepath)), filepath })
const manifestFile = path.join(ROOT, 'app/i18n/web-font.json')
const cssFile = path.join(ROOT, 'app/styles/fonts.css')
await writeFile(manifestFile, await format(JSON.stringify(manifest), manifestFile))
await writeFile(cssFile, await format(fontFaceCss(manifest), cssFile))
