/**
 * Sends email. With SMTP_URL: a pooled nodemailer SMTP transport. Without it (development and
 * tests; production refuses to start without SMTP_URL): the local outbox, one .eml file per
 * message (./outbox.server.ts). The transport is chosen once, on the first send.
 *
 * Donor privacy: logs carry the message id only, never addresses, subjects or bodies.
 */
import { createTransport } from 'nodemailer'
import { getEnv } from '#app/utils/env.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { saveToOutbox } from './outbox.server.ts'

export type EmailMessage = {
  to: string
  subject: string
  text: string
  html: string
  headers?: Record<string, string>
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>
}

/**
 * Pool and timeouts for SMTP, so that a slow or silent mail server fails a send within seconds
 * instead of holding a job forever. Each can be overridden in SMTP_URL's query string
 * (nodemailer's connection-URL options), e.g. `smtp://…:587/?maxConnections=10`.
 */
const SMTP_DEFAULTS = {
  pool: 'true',
  maxConnections: '3',
  connectionTimeout: '10000',
  greetingTimeout: '10000',
  socketTimeout: '30000',
}

type Mailer = {
  transport: 'smtp' | 'outbox'
  deliver(message: EmailMessage): Promise<string>
  close(): void
}

let mailer: Mailer | undefined

export async function sendEmail(message: EmailMessage): Promise<{ messageId: string }> {
  mailer ??= createMailer()
  const messageId = await mailer.deliver(message)
  logger.info({ messageId, transport: mailer.transport }, 'email sent')
  return { messageId }
}

/** Closes pooled SMTP connections; the next send builds the transport from config again. */
export function closeMailer(): void {
  mailer?.close()
  mailer = undefined
}

function createMailer(): Mailer {
  const { SMTP_URL, MAIL_FROM: from } = getEnv()
  if (SMTP_URL) {
    const url = new URL(SMTP_URL)
    for (const [name, value] of Object.entries(SMTP_DEFAULTS)) {
      if (!url.searchParams.has(name)) url.searchParams.set(name, value)
    }
    const transporter = createTransport(url.toString())
    return {
      transport: 'smtp',
      deliver: async (message) => (await transporter.sendMail({ from, ...message })).messageId,
      close: () => transporter.close(),
    }
  }
  const transporter = createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
  return {
    transport: 'outbox',
    async deliver(message) {
      const info = await transporter.sendMail({ from, ...message })
      await saveToOutbox(info.message as Buffer, info.messageId)
      return info.messageId
    },
    close: () => transporter.close(),
  }
}
