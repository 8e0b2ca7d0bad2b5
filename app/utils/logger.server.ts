/**
 * Structured logs (pino). Secrets never reach them: request logs drop cookies and
 * authorization headers, and anything named like a secret is redacted wherever it appears.
 */
import pino from 'pino'

export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.DATABASE_URL',
  '*.SESSION_SECRET',
  '*.STRIPE_SECRET_KEY',
  '*.STRIPE_WEBHOOK_SECRET',
  '*.SMTP_URL',
]

export function createLogger(level = process.env.LOG_LEVEL ?? 'info') {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } })
}

export type Logger = ReturnType<typeof createLogger>

declare global {
  var __lanternLogger: Logger | undefined
}

/** The process-wide logger, shared by the server and the Remix build. */
export const logger: Logger = (globalThis.__lanternLogger ??= createLogger())
