/**
 * Reads the text back out of a PDF that pdfkit wrote with `compress: false`. Text is set in an
 * embedded (Type0, Identity-H) font, so each run is a `[<hex glyph ids> kerning …] TJ` array;
 * the font's ToUnicode CMap, which pdfkit writes for every embedded font, maps the glyph ids
 * back to characters. Test-only, and only as general as our own PDFs need.
 */
import { inflateSync } from 'node:zlib'
export function pdfTextRuns(pdf: Buffer): string[] {
  const source = pdf.toString('latin1')
  const objects = new Map<number, { body: string; stream: string | null }>()
  for (const [, num, body = ''] of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    let stream = /stream\r?\n([\s\S]*?)\r?\nendstream/.exec(body)?.[1] ?? null
    // A compressed PDF (what donors get) is read the same way once its streams are inflated.
    if (stream !== null && /\/Filter \/FlateDecode/.test(body))
      stream = inflateSync(Buffer.from(stream, 'latin1')).toString('latin1')
    objects.set(Number(num), { body, stream })
  }
  // Each font object with a ToUnicode CMap: glyph id → characters.
  const cmaps = new Map<number, Map<number, string>>()
  for (const [num, object] of objects) {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(object.body)
    if (!ref) continue
    const map = new Map<number, string>()
    const cmap = objects.get(Number(ref[1]))?.stream ?? ''
    for (const [, start = '', , entries = ''] of cmap.matchAll(
      /<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi,
    )) {
      let code = parseInt(start, 16)
      for (const [, units = ''] of entries.matchAll(/<([0-9a-f ]+)>/gi)) {
        map.set(
          code++,
          String.fromCharCode(
            ...units
              .trim()
              .split(/\s+/)
              .map((h) => parseInt(h, 16)),
          ),
        )
      }
    }
    cmaps.set(num, map)
  }
  // Resource names of the fonts ("/F1 12 0 R" in a /Font dictionary).
  const fontByName = new Map<string, number>()
  for (const object of objects.values()) {
    const fonts = /\/Font\s*<<([\s\S]*?)>>/.exec(object.body)?.[1] ?? ''
    for (const [, name = '', num] of fonts.matchAll(/\/(\w+) (\d+) 0 R/g))
      fontByName.set(name, Number(num))
  }
  const runs: string[] = []
  for (const object of objects.values()) {
    if (!object.stream?.includes(' TJ')) continue
    let font: Map<number, string> | undefined
    for (const [, name, inner] of object.stream.matchAll(/\/(\w+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (name) {
        font = cmaps.get(fontByName.get(name) ?? -1)
        continue
      }
      let text = ''
      for (const [, hex = ''] of (inner ?? '').matchAll(/<([0-9a-f]*)>/gi)) {
        for (let i = 0; i < hex.length; i += 4)
          text += font?.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD'
      }
      runs.push(text)
    }
  }
  return runs
}
