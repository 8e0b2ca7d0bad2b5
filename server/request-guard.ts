/**
 * What every request must satisfy before Remix sees it (decision 0025). Each refusal is a 4xx
 * with a plain message, so no malformed request can reach a loader or action and end as a 500:
 *
 * - methods: GET, HEAD and POST only (405 with `Allow`); no route has another verb;
 * - URL: the path and query, once percent-decoded, are valid UTF-8 without NUL (400), which
 *   PostgreSQL would refuse in a text column (22021) and Remix would fail to decode;
 * - POST bodies: a form content type (415), a `Content-Length` no bigger than the route's limit
 *   (413 before a byte is read; 411 without a length), and a same-origin `Origin` when the
 *   browser sends one (403). Node's parser never delivers more than the declared length, so
 *   the length check bounds what is read; urlencoded bodies are also read with that limit and
 *   their values checked like the query.
 */
import type express from 'express'

export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST'] as const
export const ALLOW_HEADER = ALLOWED_METHODS.join(', ')

/** A form: fields only, a few kilobytes in practice; 64 KiB leaves room for a long message. */
export const FORM_LIMIT_BYTES = 64 * 1024

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

export type RequestGuardOptions = {
  /** Paths (prefixes) whose POST bodies may reach this many bytes (the hero image upload). */
  uploads: { pattern: RegExp; limitBytes: number }[]
  /** Paths answered before the guard's body checks (the Stripe webhook, with its own limit). */
  exempt: string[]
  /** Paths other sites may POST to (RFC 8058 one-click unsubscribe from mail clients). */
  crossSiteAllowed: string[]
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Percent-decodes to bytes (no `+` rule: that is the caller's) and checks UTF-8 and NUL.
 * `raw` says what other characters are: `latin1` for a request target (Node reads its bytes
 * as latin1), `utf8` for text already decoded from UTF-8 (a form body).
 */
export function isCleanEncodedText(encoded: string, raw: 'latin1' | 'utf8' = 'latin1'): boolean {
  if (encoded.includes('\0')) return false
  if (!encoded.includes('%')) return true
  const bytes: number[] = []
  for (let i = 0; i < encoded.length; i++) {
    const char = encoded.charCodeAt(i)
    if (char === 0x25 && /^[0-9A-Fa-f]{2}$/.test(encoded.slice(i + 1, i + 3))) {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16))
      i += 2
    } else if (char < 0x80 || (raw === 'latin1' && char < 0x100)) {
      bytes.push(char)
    } else {
      const codePoint = encoded.codePointAt(i)!
      if (codePoint > 0xffff) i++
      for (const byte of Buffer.from(String.fromCodePoint(codePoint), 'utf8')) bytes.push(byte)
    }
  }
  if (bytes.includes(0)) return false
  try {
    fatalUtf8.decode(Uint8Array.from(bytes))
    return true
  } catch {
    return false
  }
}

/** A urlencoded body's names and values are clean text (see isCleanEncodedText). */
export function isCleanFormBody(body: Buffer): boolean {
  let text: string
  try {
    text = fatalUtf8.decode(body)
  } catch {
    return false
  }
  return text
    .replaceAll('+', ' ')
    .split('&')
    .every((pair) => pair.split('=').every((part) => isCleanEncodedText(part, 'utf8')))
}

function refuse(res: express.Response, status: number, message: string, allow?: string) {
  if (allow) res.setHeader('Allow', allow)
  res.status(status).set('Cache-Control', 'no-store').type('text/plain').send(message)
}

function isSameOrigin(req: express.Request, source: string): boolean {
  try {
    return new URL(source).host === req.get('host')
  } catch {
    return false
  }
}

export function requestGuard(options: RequestGuardOptions): express.Handler {
  return (req, res, next) => {
    if (!(ALLOWED_METHODS as readonly string[]).includes(req.method)) {
      return refuse(res, 405, 'Method not allowed', ALLOW_HEADER)
    }
    if (!isCleanEncodedText(req.originalUrl)) {
      return refuse(res, 400, 'The address contains characters that are not allowed')
    }
    if (req.method !== 'POST' || options.exempt.some((path) => req.path.startsWith(path))) {
      return next()
    }

    const origin = req.get('origin')
    const crossSite =
      (origin !== undefined && !isSameOrigin(req, origin)) ||
      req.get('sec-fetch-site') === 'cross-site'
    if (crossSite && !options.crossSiteAllowed.some((path) => req.path.startsWith(path))) {
      return refuse(res, 403, 'Cross-site request refused')
    }

    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (!FORM_TYPES.includes(type)) {
      return refuse(res, 415, 'Send the form as application/x-www-form-urlencoded')
    }

    const upload =
      type === 'multipart/form-data'
        ? options.uploads.find((candidate) => candidate.pattern.test(req.path))
        : undefined
    const limitBytes = upload?.limitBytes ?? FORM_LIMIT_BYTES
    const declared = req.get('content-length')
    if (declared === undefined || !/^\d+$/.test(declared)) {
      return refuse(res, 411, 'The request needs a Content-Length')
    }
    if (Number(declared) > limitBytes) {
      // Close the connection: the body is never read, so it cannot be kept alive.
      res.setHeader('Connection', 'close')
      return refuse(res, 413, 'The request is too large')
    }
    next()
  }
}

/**
 * Reads a urlencoded POST body (bounded by the guard's length check) and refuses NUL and
 * invalid UTF-8 in it. The bytes are kept on `req.body` for the Remix request.
 */
export function formBodyGuard(): express.Handler {
  return (req, res, next) => {
    if (req.method !== 'POST' || !req.is('application/x-www-form-urlencoded')) return next()
    const chunks: Buffer[] = []
    let received = 0
    req.on('data', (chunk: Buffer) => {
      received += chunk.length
      if (received > FORM_LIMIT_BYTES) {
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('error', () => undefined)
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      if (!isCleanFormBody(body)) {
        return refuse(res, 400, 'The form contains characters that are not allowed')
      }
      ;(req as { body?: unknown }).body = body
      next()
    })
  }
}
