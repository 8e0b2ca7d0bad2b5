import { describe, expect, test } from 'vitest'
import { csvDate, csvHeader, csvLine, csvNumber, csvText } from './csv.ts'

describe('CSV cells', () => {
  test('plain text stays as it is; empty and missing become empty cells', () => {
    expect(csvText('Safe passage')).toBe('Safe passage')
    expect(csvText('')).toBe('')
    expect(csvText(null)).toBe('')
    expect(csvText(undefined)).toBe('')
  })

  test('commas, quotes and line breaks are quoted, quotes doubled', () => {
    expect(csvText('Kim, Min-ji')).toBe('"Kim, Min-ji"')
    expect(csvText('say "hi"')).toBe('"say ""hi"""')
    expect(csvText('two\nlines')).toBe('"two\nlines"')
    expect(csvText('cr\rhere')).toBe('"cr\rhere"')
  })

  test('text holding a semicolon or a tab is quoted (semicolon-separated locales, TSV paste)', () => {
    expect(csvText('Kim; Min-ji')).toBe('"Kim; Min-ji"')
    expect(csvText('a\tb')).toBe('"a\tb"')
    expect(csvText('\tTAB')).toBe(`"'\tTAB"`)
  })

  test('text that a spreadsheet would run as a formula gets an apostrophe', () => {
    expect(csvText('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`)
    expect(csvText('+1 555')).toBe("'+1 555")
    expect(csvText('-minus')).toBe("'-minus")
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)")
  })

  test('numbers pass unchanged, negative ones included; anything else is refused', () => {
    expect(csvNumber(-4500)).toBe('-4500')
    expect(csvNumber('-45.00')).toBe('-45.00')
    expect(csvNumber(12n)).toBe('12')
    expect(csvNumber(null)).toBe('')
    expect(() => csvNumber('=1+1')).toThrow(/not a number/)
    expect(() => csvNumber('1e5')).toThrow(/not a number/)
  })

  test('dates are ISO UTC; lines end with CRLF', () => {
    expect(csvDate(new Date(Date.UTC(2026, 10, 21, 8, 15)))).toBe('2026-11-21T08:15:00.000Z')
    expect(csvDate(null)).toBe('')
    expect(csvLine(['a', '1'])).toBe('a,1\r\n')
    expect(csvHeader(['Gift id', 'Amount'])).toBe('Gift id,Amount\r\n')
  })
})
