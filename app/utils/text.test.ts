import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { parseForm } from './forms.ts'
import { normaliseText } from './text.ts'

describe('normaliseText', () => {
  test('Hangul typed as jamo composes to the same syllables (NFC)', () => {
    const jamo = '\u1112\u1161\u11AB\u1100\u1173\u11AF' // 한글 as conjoining jamo
    expect(normaliseText(jamo)).toBe('한글')
    expect(normaliseText('탈북민 지원 감사합니다')).toBe('탈북민 지원 감사합니다')
    expect(normaliseText('cafe\u0301')).toBe('café')
  })

  test('bidi overrides and isolates, zero-width and control characters are removed', () => {
    expect(normaliseText('Kim\u202Egnp.exe')).toBe('Kimgnp.exe')
    expect(normaliseText('\u2066a\u2067b\u2068c\u2069')).toBe('abc')
    expect(normaliseText('ca\u200Bsi\u200Cno\u200D\u2060\uFEFF')).toBe('casino')
    expect(normaliseText('a\u0000b\u0007c')).toBe('abc')
  })

  test('tabs and line breaks stay', () => {
    expect(normaliseText('line one\r\nline two\tend')).toBe('line one\r\nline two\tend')
  })
})

describe('parseForm', () => {
  test('every text field of every form is normalised before its schema sees it', () => {
    const schema = z.object({ name: z.string(), message: z.string().optional() })
    const form = new FormData()
    form.set('name', '\u1112\u1161\u11AB\u202E')
    form.set('message', 'free c\u200Basino\u0000')
    const submission = parseForm(form, schema)
    expect(submission.status).toBe('success')
    expect(submission.status === 'success' && submission.value).toEqual({
      name: '한',
      message: 'free casino',
    })
  })

  test('a field holding only invisible characters counts as empty', () => {
    const schema = z.object({ name: z.string({ required_error: 'required' }) })
    const submission = parseForm(new URLSearchParams({ name: '\u200B\u202E' }), schema)
    expect(submission.status).toBe('error')
  })
})
