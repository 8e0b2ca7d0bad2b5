/**
 * Text people type, made safe to store and show: NFC (so "한" typed as three jamo and "한" as one
 * syllable are the same string, and searches and duplicates agree), without the invisible
 * characters that change what a reader sees: bidi overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069, which can make a name or a link read backwards) and zero-width characters
 * (U+200B–U+200D, U+2060, U+FEFF, which hide words from the spam filter), and without C0
 * controls other than tab and line breaks (NUL cannot be stored in PostgreSQL text).
 */
const INVISIBLE =
  /[\u202A-\u202E\u2066-\u2069\u200B-\u200D\u2060\uFEFF\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

export function normaliseText(value: string): string {
  return value.replace(INVISIBLE, '').normalize('NFC')
}
