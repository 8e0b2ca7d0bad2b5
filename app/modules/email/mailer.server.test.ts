// The mailer with SMTP_URL, against a real SMTP server (the test sink). getEnv() caches the
// environment on first use, so SMTP_URL is set before the mailer is imported.
import { afterAll, expect, test, vi } from 'vitest'
import { startSmtpSink } from '#tests/support/smtp-sink.ts'

const sink = await startSmtpSink()
process.env.SMTP_URL = sink.url
delete process.env.MAIL_FROM
process.env.LOG_LEVEL = 'warn'
const { closeMailer, sendEmail } = await import('./mailer.server.ts')
const { logger } = await import('#app/utils/logger.server.ts')

afterAll(async () => {
  closeMailer()
  await sink.close()
})

test('a message arrives over SMTP with subject, text and HTML intact', async () => {
  const { messageId } = await sendEmail({
    to: 'Kim Min-ji <minji@example.org>',
    subject: 'Your gift receipt LAN-2026-000042: ₩50,000, merci José',
    text: 'Amount: ₩50,000\nThank you, José.',
    html: '<p>Amount: <strong>₩50,000</strong></p>',
    headers: { 'Auto-Submitted': 'auto-generated' },
  })

  const mail = await sink.waitFor((m) => m.to.includes('minji@example.org'))
  expect(messageId).toMatch(/^<.+@lantern\.invalid>$/)
  expect(mail).toMatchObject({
    from: 'receipts@lantern.invalid',
    to: ['minji@example.org'],
    subject: 'Your gift receipt LAN-2026-000042: ₩50,000, merci José',
    text: 'Amount: ₩50,000\nThank you, José.',
    html: '<p>Amount: <strong>₩50,000</strong></p>',
  })
  expect(mail.raw).toMatch(/^From: Lantern <receipts@lantern\.invalid>\r$/m)
  expect(mail.raw).toMatch(/^Auto-Submitted: auto-generated\r$/m)
  expect(mail.raw).toContain(`Message-ID: ${messageId}`)
})

test('the log names the message id only, never the address, subject or body', async () => {
  const info = vi.spyOn(logger, 'info')
  try {
    const { messageId } = await sendEmail({
      to: 'private.donor@example.org',
      subject: 'Private subject',
      text: 'Private body',
      html: '<p>Private body</p>',
    })
    await sink.waitFor((m) => m.to.includes('private.donor@example.org'))
    expect(info).toHaveBeenCalledWith({ messageId, transport: 'smtp' }, 'email sent')
    const logged = JSON.stringify(info.mock.calls)
    for (const secret of ['private.donor', 'Private subject', 'Private body']) {
      expect(logged).not.toContain(secret)
    }
  } finally {
    info.mockRestore()
  }
})

test('a pooled transport sends a burst of messages', async () => {
  const recipients = Array.from({ length: 8 }, (_, i) => `burst-${i}@example.org`)
  await Promise.all(
    recipients.map((to) => sendEmail({ to, subject: `Burst ${to}`, text: 'x', html: '<p>x</p>' })),
  )
  const received = sink.messages().flatMap((m) => m.to)
  expect(received).toEqual(expect.arrayContaining(recipients))
})
