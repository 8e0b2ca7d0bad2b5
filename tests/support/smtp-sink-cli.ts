/**
 * Runs the test SMTP sink as its own process until SIGTERM or SIGINT, for browser tests:
 *   SMTP_SINK_PORT=2525 SMTP_SINK_DIR=test-results/mail tsx tests/support/smtp-sink-cli.ts
 * The app under test gets SMTP_URL=smtp://127.0.0.1:2525; tests read the .eml files in the dir.
 */
import { startSmtpSink } from './smtp-sink.ts'

const port = Number(process.env.SMTP_SINK_PORT ?? 0)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('SMTP_SINK_PORT must be a port number')
  process.exit(1)
}
const dir = process.env.SMTP_SINK_DIR || undefined

const sink = await startSmtpSink({ port, dir })
console.log(`SMTP sink listening on ${sink.url}${dir ? `, writing to ${dir}` : ''}`)

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void sink.close().then(() => process.exit(0))
  })
}
