/**
 * Reads the text back out of a PDF that pdfkit wrote with `compress: false`: each text run is a
 * `[<hex> kerning <hex> …] TJ` array of WinAnsi bytes. Test-only; enough for our own PDFs.
 */
export function pdfTextRuns(pdf: Buffer): string[] {
  const source = pdf.toString('latin1')
  return [...source.matchAll(/\[([^\]]*)\] TJ/g)].map(([, inner]) =>
    [...(inner ?? '').matchAll(/<([0-9a-f]*)>/gi)]
      .map(([, hex]) => Buffer.from(hex ?? '', 'hex').toString('latin1'))
      .join(''),
  )
}
