/**
 * The local outbox: outside production, without SMTP_URL, every email is written as an RFC 822
 * file into `<LANTERN_DATA_DIR>/outbox/` (DESIGN.md "Email"), where /dev/outbox shows it.
 * File names start with a fixed-width UTC timestamp, so name order is time order.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { getEnv } from '#app/utils/env.server.ts'
import { decodeEncodedWords, firstHeader, parseMessage, parseMessageHeaders } from './mime.ts'

export type OutboxSummary = { id: string; to: string; subject: string; date: Date }
export type OutboxMessage = OutboxSummary & { text: string | null; html: string | null }

/** An id is a file name without ".eml": no path separators, no leading dot. */
const OUTBOX_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/
const LIST_LIMIT = 200

export function outboxDir(): string {
  return path.resolve(getEnv().LANTERN_DATA_DIR, 'outbox')
}

let lastStampMs = 0

/** Writes one message; returns its id. Stamps are unique and increasing within a process. */
export async function saveToOutbox(raw: Buffer, messageId: string): Promise<string> {
  lastStampMs = Math.max(Date.now(), lastStampMs + 1)
  // "2026-11-21T06-17-00.123Z": colons are not allowed in Windows file names.
  const stamp = new Date(lastStampMs).toISOString().replace(/:/g, '-')
  const tag = messageId
    .replace(/^<|@.*$/g, '')
    .replace(/[^A-Za-z0-9-]/g, '')
    .slice(0, 40)
  const id = `${stamp}-${tag || 'message'}`
  const dir = outboxDir()
  await mkdir(dir, { recursive: true })
  await writeFile(path.join(dir, `${id}.eml`), raw, { flag: 'wx', mode: 0o600 })
  return id
}

/** The newest messages first (at most 200). */
export async function listOutbox(): Promise<OutboxSummary[]> {
  const ids = (await readdirOrEmpty(outboxDir()))
    .filter((name) => name.endsWith('.eml'))
    .map((name) => name.slice(0, -'.eml'.length))
    .filter((id) => OUTBOX_ID.test(id))
    .sort()
    .reverse()
    .slice(0, LIST_LIMIT)
  const summaries = await Promise.all(
    ids.map(async (id) => {
      const raw = await readMessageFile(id)
      if (!raw) return null
      const headers = parseMessageHeaders(raw)
      const dateHeader = firstHeader(headers, 'date')
      return {
        id,
        to: decodeEncodedWords(firstHeader(headers, 'to') ?? ''),
        subject: decodeEncodedWords(firstHeader(headers, 'subject') ?? ''),
        date: validDate(dateHeader ? new Date(dateHeader) : null) ?? stampDate(id),
      }
    }),
  )
  return summaries.filter((summary) => summary !== null)
}

export async function readOutboxMessage(id: string): Promise<OutboxMessage | null> {
  if (!OUTBOX_ID.test(id)) return null
  const raw = await readMessageFile(id)
  if (!raw) return null
  const message = parseMessage(raw)
  return {
    id,
    to: message.to,
    subject: message.subject,
    date: message.date ?? stampDate(id),
    text: message.text,
    html: message.html,
  }
}

/**
 * Deletes every stored message whose To or Cc names `address` (case-insensitive), or whose text
 * contains it: an erased donor's copies (docs/decisions/0026). Returns how many were deleted.
 */
export async function deleteOutboxMessagesFor(address: string): Promise<number> {
  const wanted = address.trim().toLowerCase()
  if (!wanted) return 0
  let deleted = 0
  for (const name of await readdirOrEmpty(outboxDir())) {
    if (!name.endsWith('.eml')) continue
    const id = name.slice(0, -'.eml'.length)
    if (!OUTBOX_ID.test(id)) continue
    const raw = await readMessageFile(id)
    if (!raw) continue
    const message = parseMessage(raw)
    const headers = parseMessageHeaders(raw)
    const haystack = [
      message.to,
      decodeEncodedWords(firstHeader(headers, 'cc') ?? ''),
      message.text ?? '',
      message.html ?? '',
    ]
      .join('\n')
      .toLowerCase()
    if (!haystack.includes(wanted)) continue
    await rm(path.join(outboxDir(), name), { force: true })
    deleted++
  }
  return deleted
}

async function readMessageFile(id: string): Promise<Buffer | null> {
  try {
    return await readFile(path.join(outboxDir(), `${id}.eml`))
  } catch (error) {
    if (isMissing(error)) return null
    throw error
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    if (isMissing(error)) return []
    throw error
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT'
}

function validDate(date: Date | null): Date | null {
  return date && !Number.isNaN(date.getTime()) ? date : null
}

/** The time in a file name written by `saveToOutbox`, or the epoch for a foreign file. */
function stampDate(id: string): Date {
  const iso = id.slice(0, 24).replace(/^(\d{4}-\d\d-\d\dT\d\d)-(\d\d)-/, '$1:$2:')
  return validDate(new Date(iso)) ?? new Date(0)
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (what Node reports on a dual-stack socket). */
function isLoopback(address: string): boolean {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)
}

/**
 * Whether /dev/outbox may be shown: it holds password-reset links and receipts, so only while
 * mail really goes to the local outbox (not production, no SMTP_URL) and only to a request from
 * this machine. The socket's own address decides, never X-Forwarded-For: with TRUST_PROXY a
 * client could claim to be 127.0.0.1.
 */
export function outboxVisible(peerAddress: string | undefined): boolean {
  const env = getEnv()
  if (env.NODE_ENV === 'production' || env.SMTP_URL) return false
  return !!peerAddress && isLoopback(peerAddress)
}
