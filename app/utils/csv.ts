/**
 * CSV per RFC 4180 (comma, CRLF, fields quoted when they hold a comma, quote, line break, `;` or
 * tab), with
 * one addition for spreadsheets: text that starts with = + - @ or a tab/CR would run as a formula
 * in Excel, LibreOffice or Google Sheets (CSV injection), so it gets a leading apostrophe.
 * Numbers are passed as `number`/`bigint`/decimal strings through `csvNumber` and never altered.
 */
export type CsvValue = string | number | bigint | boolean | Date | null | undefined

const FORMULA_START = /^[=+\-@\t\r]/
// `;` and tab too: spreadsheets opened in a locale whose list separator is `;` (much of Europe)
// or pasted as TSV would otherwise split the cell.
const NEEDS_QUOTES = /[",;\t\r\n]/

/** A text cell: quoted when needed, neutralised when it could run as a formula. */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const safe = FORMULA_START.test(value) ? `'${value}` : value
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe
}

/** A number cell (an integer, or an exact decimal string such as "-45.00"). */
export function csvNumber(value: number | bigint | string | null | undefined): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a number for CSV: ${text}`)
  return text
}

/** ISO 8601 UTC, e.g. 2026-11-21T08:15:00.000Z. */
export function csvDate(value: Date | null | undefined): string {
  return value ? value.toISOString() : ''
}

export function csvLine(cells: string[]): string {
  return cells.join(',') + '\r\n'
}

export function csvHeader(names: readonly string[]): string {
  return csvLine(names.map((name) => csvText(name)))
}
