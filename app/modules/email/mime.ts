/**
 * A small reader for the RFC 822/MIME messages nodemailer writes: folded headers with RFC 2047
 * encoded-words, nested multipart bodies, quoted-printable and base64 parts in any charset the
 * runtime's TextDecoder knows. The dev outbox and the test SMTP sink read mail with it (we do not
 * depend on mailparser). It skips attachments and RFC 2231 parameters, which our mail never has.
 *
 * Internally a message is a "binary string" (latin1: one character per byte), so that decoding a
 * part's transfer encoding yields its exact bytes before its charset is applied.
 */

export type MimeHeaders = Map<string, string[]>

export type ParsedMessage = {
  /** Lower-case header names to their unfolded values, encoded-words still encoded. */
  headers: MimeHeaders
  subject: string
  from: string
  to: string
  date: Date | null
  messageId: string | null
  /** The first text/plain and text/html parts that are not attachments, line breaks as "\n". */
  text: string | null
  html: string | null
}

export function parseMessage(raw: Buffer | string): ParsedMessage {
  const binary = toBinaryString(raw)
  const { head, body } = splitHeadAndBody(binary)
  const headers = parseHeaderBlock(head)
  const parts: { text: string | null; html: string | null } = { text: null, html: null }
  collectTextParts(headers, body, parts)
  const dateHeader = firstHeader(headers, 'date')
  const date = dateHeader ? new Date(dateHeader) : null
  return {
    headers,
    subject: decodeEncodedWords(firstHeader(headers, 'subject') ?? ''),
    from: decodeEncodedWords(firstHeader(headers, 'from') ?? ''),
    to: decodeEncodedWords(firstHeader(headers, 'to') ?? ''),
    date: date && !Number.isNaN(date.getTime()) ? date : null,
    messageId: firstHeader(headers, 'message-id') ?? null,
    ...parts,
  }
}

/** Only the headers, for listing many messages without decoding their bodies. */
export function parseMessageHeaders(raw: Buffer | string): MimeHeaders {
  return parseHeaderBlock(splitHeadAndBody(toBinaryString(raw)).head)
}

export function firstHeader(headers: MimeHeaders, name: string): string | undefined {
  return headers.get(name.toLowerCase())?.[0]
}

/** Unfolds continuation lines and groups values by lower-case header name. */
export function parseHeaderBlock(block: string): MimeHeaders {
  const headers: MimeHeaders = new Map()
  const unfolded: string[] = []
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && unfolded.length > 0) unfolded[unfolded.length - 1] += line
    else if (line !== '') unfolded.push(line)
  }
  for (const line of unfolded) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    // Raw UTF-8 in a header (SMTPUTF8) arrives as bytes; encoded-words are plain ASCII.
    const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8')
    headers.set(name, [...(headers.get(name) ?? []), value])
  }
  return headers
}

const ENCODED_WORD = /=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g

/**
 * Decodes RFC 2047 encoded-words ("=?UTF-8?Q?caf=C3=A9?="). White space between two adjacent
 * encoded-words is dropped, and adjacent words in one charset are joined as bytes before
 * decoding, so a multi-byte character split across two words survives.
 */
export function decodeEncodedWords(value: string): string {
  let output = ''
  let pending: { charset: string; bytes: Buffer[] } | null = null
  let lastIndex = 0
  const flush = () => {
    if (pending) output += decodeCharset(Buffer.concat(pending.bytes), pending.charset)
    pending = null
  }
  for (const match of value.matchAll(ENCODED_WORD)) {
    const between = value.slice(lastIndex, match.index)
    const [, rawCharset = '', encoding = '', payload = ''] = match
    // RFC 2231 allows a language after the charset: "UTF-8*en".
    const charset = rawCharset.split('*')[0]?.toLowerCase() ?? 'utf-8'
    const bytes =
      encoding.toUpperCase() === 'B'
        ? Buffer.from(payload, 'base64')
        : decodeQuotedPrintable(payload.replace(/_/g, '=20'))
    const adjacent = pending !== null && /^[ \t\r\n]*$/.test(between)
    if (!adjacent) {
      flush()
      output += between
    }
    if (pending && pending.charset === charset) pending.bytes.push(bytes)
    else {
      flush()
      pending = { charset, bytes: [bytes] }
    }
    lastIndex = match.index + match[0].length
  }
  flush()
  return output + value.slice(lastIndex)
}

/** Quoted-printable to bytes: soft line breaks removed, "=XX" turned into the byte 0xXX. */
export function decodeQuotedPrintable(input: string): Buffer {
  // Trailing white space on a line is transport padding (RFC 2045 6.7 rule 3).
  const text = input.replace(/[ \t]+(?=\r?\n|$)/g, '').replace(/=\r?\n/g, '')
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3)
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      bytes.push(text.charCodeAt(i) & 0xff)
    }
  }
  return Buffer.from(bytes)
}

export type ContentType = { type: string; params: Record<string, string> }

/** "text/plain; charset=utf-8" → { type: 'text/plain', params: { charset: 'utf-8' } }. */
export function parseContentType(value: string | undefined): ContentType {
  const [type = '', ...rest] = (value ?? '').split(';')
  const params: Record<string, string> = {}
  const paramPattern = /;\s*([^=\s;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g
  for (const [, name = '', raw = ''] of `;${rest.join(';')}`.matchAll(paramPattern)) {
    const trimmed = raw.trim()
    params[name.toLowerCase()] = trimmed.startsWith('"')
      ? trimmed.slice(1, -1).replace(/\\(.)/g, '$1')
      : trimmed
  }
  return { type: type.trim().toLowerCase() || 'text/plain', params }
}

function toBinaryString(raw: Buffer | string): string {
  return (typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw).toString('latin1')
}

function splitHeadAndBody(message: string): { head: string; body: string } {
  const leading = /^\r?\n/.exec(message)
  if (leading) return { head: '', body: message.slice(leading[0].length) }
  const blank = /\r?\n\r?\n/.exec(message)
  if (!blank) return { head: message, body: '' }
  return { head: message.slice(0, blank.index), body: message.slice(blank.index + blank[0].length) }
}

function collectTextParts(
  headers: MimeHeaders,
  body: string,
  found: { text: string | null; html: string | null },
): void {
  const { type, params } = parseContentType(firstHeader(headers, 'content-type'))
  if (type.startsWith('multipart/')) {
    if (!params.boundary) return
    for (const part of splitMultipart(body, params.boundary)) {
      const { head, body: partBody } = splitHeadAndBody(part)
      collectTextParts(parseHeaderBlock(head), partBody, found)
    }
    return
  }
  const disposition = parseContentType(firstHeader(headers, 'content-disposition')).type
  if (disposition === 'attachment') return
  const slot = type === 'text/plain' ? 'text' : type === 'text/html' ? 'html' : null
  if (!slot || found[slot] !== null) return
  const bytes = decodeTransferEncoding(body, firstHeader(headers, 'content-transfer-encoding'))
  found[slot] = decodeCharset(bytes, params.charset ?? 'us-ascii').replace(/\r\n/g, '\n')
}

/** The body parts between "--boundary" lines, without the line break before each delimiter. */
function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = []
  let current: string[] | null = null
  for (const line of body.split(/\r?\n/)) {
    const delimiter = line.startsWith(`--${boundary}`) ? line.slice(boundary.length + 2) : null
    if (delimiter !== null && /^(--)?[ \t]*$/.test(delimiter)) {
      if (current) parts.push(current.join('\r\n'))
      if (delimiter.startsWith('--')) return parts
      current = []
    } else {
      current?.push(line)
    }
  }
  if (current) parts.push(current.join('\r\n'))
  return parts
}

function decodeTransferEncoding(body: string, encoding: string | undefined): Buffer {
  switch (encoding?.trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64')
    case 'quoted-printable':
      return decodeQuotedPrintable(body)
    default: // 7bit, 8bit, binary
      return Buffer.from(body, 'latin1')
  }
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes)
  } catch {
    // An unknown charset label: UTF-8 is what nodemailer writes and a superset of ASCII.
    return new TextDecoder('utf-8').decode(bytes)
  }
}
