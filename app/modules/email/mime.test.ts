import { createTransport } from 'nodemailer'
import { describe, expect, test } from 'vitest'
import {
  decodeEncodedWords,
  decodeQuotedPrintable,
  parseContentType,
  parseMessage,
} from './mime.ts'

describe('quoted-printable', () => {
  test('joins soft line breaks and decodes =XX bytes, UTF-8 included', () => {
    const encoded =
      'Caf=C3=A9 gift of =E2=82=A950,000 =3D thanks, a very long line th=\r\nat was wrapped'
    expect(decodeQuotedPrintable(encoded).toString('utf8')).toBe(
      'Café gift of ₩50,000 = thanks, a very long line that was wrapped',
    )
  })

  test('keeps hard line breaks, drops trailing padding, leaves a stray "=" alone', () => {
    expect(decodeQuotedPrintable('one  \r\ntwo=\ntwo\nx=ZZ=2').toString('utf8')).toBe(
      'one\r\ntwotwo\nx=ZZ=2',
    )
  })
})

describe('encoded-words', () => {
  test('decodes Q and B words in UTF-8 and Latin-1, joining adjacent words', () => {
    expect(decodeEncodedWords('=?UTF-8?Q?Caf=C3=A9_receipt?=')).toBe('Café receipt')
    expect(decodeEncodedWords('=?utf-8?B?4oKpNTAsMDAw?=')).toBe('₩50,000')
    expect(decodeEncodedWords('=?ISO-8859-1?Q?caf=E9?=')).toBe('café')
    // White space between two encoded-words is not part of the text.
    expect(decodeEncodedWords('=?UTF-8?Q?Your_?= =?UTF-8?Q?gift?=')).toBe('Your gift')
    expect(decodeEncodedWords('Re: =?UTF-8?Q?caf=C3=A9?= today')).toBe('Re: café today')
  })

  test('joins a multi-byte character split across two words', () => {
    // "₩" is E2 82 A9; the encoder split it between the words.
    expect(decodeEncodedWords('=?UTF-8?Q?=E2=82?=\r\n =?UTF-8?Q?=A9100?=')).toBe('₩100')
  })
})

test('content types keep quoted parameters', () => {
  expect(
    parseContentType('multipart/alternative;\r\n boundary="--_NmP-a; b"; charset=UTF-8'),
  ).toEqual({
    type: 'multipart/alternative',
    params: { boundary: '--_NmP-a; b', charset: 'UTF-8' },
  })
  expect(parseContentType(undefined).type).toBe('text/plain')
})

test('a hand-written multipart/alternative message with folded headers', () => {
  const raw = [
    'From: Lantern <receipts@lantern.invalid>',
    'To: =?UTF-8?Q?Jos=C3=A9?= <jose@example.org>',
    'Subject: =?UTF-8?B?WW91ciBnaWZ0IHJlY2VpcHQg4oKpNTAsMDAw?=',
    ' =?UTF-8?Q?_for_Caf=C3=A9?=',
    'Date: Sat, 21 Nov 2026 06:17:00 +0000',
    'Message-ID: <abc@lantern.invalid>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="outer"',
    '',
    'This is a preamble.',
    '--outer',
    'Content-Type: multipart/alternative; boundary=inner',
    '',
    '--inner',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Amount: =E2=82=A950,000',
    'Merci, Jos=C3=A9 =',
    '',
    '--inner',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('<p>Amount: ₩50,000</p>').toString('base64'),
    '--inner--',
    '--outer',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Disposition: attachment; filename="receipt.txt"',
    '',
    'not the body',
    '--outer--',
    'epilogue',
  ].join('\r\n')

  const message = parseMessage(Buffer.from(raw, 'latin1'))
  expect(message.subject).toBe('Your gift receipt ₩50,000 for Café')
  expect(message.to).toBe('José <jose@example.org>')
  expect(message.from).toBe('Lantern <receipts@lantern.invalid>')
  expect(message.date?.toISOString()).toBe('2026-11-21T06:17:00.000Z')
  expect(message.messageId).toBe('<abc@lantern.invalid>')
  expect(message.text).toBe('Amount: ₩50,000\nMerci, José ')
  expect(message.html).toBe('<p>Amount: ₩50,000</p>')
})

test('a single-part 8bit message and one without a body', () => {
  const eightBit = parseMessage('Subject: plain\nContent-Type: text/plain; charset=utf-8\n\n₩ é\n')
  expect(eightBit).toMatchObject({ subject: 'plain', text: '₩ é\n', html: null })
  expect(parseMessage('Subject: empty')).toMatchObject({ subject: 'empty', text: '', date: null })
})

describe('round trip through nodemailer', () => {
  const compose = async (mail: Record<string, unknown>) => {
    const transport = createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
    const info = await transport.sendMail({
      from: 'Lantern <receipts@lantern.invalid>',
      to: 'José Kim <jose@example.org>',
      ...mail,
    })
    return info.message as Buffer
  }
  const longText = `${'Thank you — your gift of ₩50,000 and €12.50 to the café appeal. '.repeat(12)}\nEnd é`
  const html = `<!DOCTYPE html><html lang="en"><body><h1>Thank you</h1><p>${'₩50,000 é '.repeat(30)}</p></body></html>`
  const subject = `Your gift receipt LAN-2026-000042 — ₩50,000 for the café appeal,${' long'.repeat(15)}`

  for (const encoding of ['quoted-printable', 'base64'] as const) {
    test(`${encoding} parts and an encoded, folded subject survive`, async () => {
      const raw = await compose({ subject, text: longText, html, textEncoding: encoding })
      expect(raw.toString('latin1')).toContain(`Content-Transfer-Encoding: ${encoding}`)
      expect(raw.toString('latin1')).toMatch(/^Subject: =\?UTF-8\?[BQ]\?.*\r\n =\?UTF-8/m)
      expect(raw.toString('latin1')).toMatch(/^To: =\?UTF-8\?[BQ]\?/m)
      const message = parseMessage(raw)
      expect(message.subject).toBe(subject)
      expect(message.to).toBe('José Kim <jose@example.org>')
      expect(message.text).toBe(longText)
      expect(message.html).toBe(html)
    })
  }
})
