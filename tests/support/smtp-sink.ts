/**
 * A real SMTP server for tests: it accepts every message on 127.0.0.1 (no TLS, any or no
 * login), parses it with the app's own MIME reader and keeps it in memory. With `dir`, it also
 * writes each message as an .eml file there before answering 250, so that a test in another
 * process (Playwright) can read it as soon as the app's send has returned.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { SMTPServer } from 'smtp-server'
import { parseMessage } from '#app/modules/email/mime.ts'

export type ReceivedMail = {
  /** The envelope sender and recipients (MAIL FROM, RCPT TO). */
  from: string
  to: string[]
  raw: string
  subject: string
  text: string | null
  html: string | null
}

export type SmtpSink = {
  url: string
  port: number
  messages(): ReceivedMail[]
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>
  close(): Promise<void>
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024

export async function startSmtpSink(
  options: { port?: number; dir?: string } = {},
): Promise<SmtpSink> {
  const received: ReceivedMail[] = []
  const waiters = new Set<{
    predicate: (mail: ReceivedMail) => boolean
    resolve: (mail: ReceivedMail) => void
  }>()
  if (options.dir) await mkdir(options.dir, { recursive: true })

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    // A pooled client that never says QUIT must not hold close() for the default 30 s.
    closeTimeout: 500,
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anyone' }),
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('error', callback)
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message too large'), { responseCode: 552 }))
          return
        }
        const raw = Buffer.concat(chunks)
        const parsed = parseMessage(raw)
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: raw.toString('utf8'),
          subject: parsed.subject,
          text: parsed.text,
          html: parsed.html,
        }
        const index = received.push(mail)
        // Named so that name order is arrival order.
        const name = `${new Date().toISOString().replace(/:/g, '-')}-${String(index).padStart(6, '0')}.eml`
        const saved = options.dir ? writeFile(path.join(options.dir, name), raw) : Promise.resolve()
        saved.then(() => {
          for (const waiter of waiters) {
            if (waiter.predicate(mail)) {
              waiters.delete(waiter)
              waiter.resolve(mail)
            }
          }
          callback()
        }, callback)
      })
    },
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.server.address() as AddressInfo).port

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages: () => [...received],
    waitFor(predicate, timeoutMs = 5_000) {
      const already = received.find(predicate)
      if (already) return Promise.resolve(already)
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (mail: ReceivedMail) => {
            clearTimeout(timer)
            resolve(mail)
          },
        }
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(
            new Error(`No matching message within ${timeoutMs} ms (${received.length} received)`),
          )
        }, timeoutMs)
        waiters.add(waiter)
      })
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
