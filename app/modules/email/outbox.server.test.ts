// The mailer without SMTP_URL writes to the local outbox under LANTERN_DATA_DIR, which the
// outbox module lists and reads back. Environment first: getEnv() caches it on first use.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-outbox-'))
delete process.env.SMTP_URL
process.env.LOG_LEVEL = 'warn'
process.env.LANTERN_DATA_DIR = dataDir
const { closeMailer, sendEmail } = await import('./mailer.server.ts')
const { deleteOutboxMessagesFor, listOutbox, outboxDir, readOutboxMessage } =
  await import('./outbox.server.ts')

afterAll(async () => {
  closeMailer()
  await rm(dataDir, { recursive: true, force: true })
})

test('messages land as .eml files and read back newest first', async () => {
  expect(await listOutbox()).toEqual([])
  const first = await sendEmail({
    to: 'José Kim <jose@example.org>',
    subject: 'Your gift receipt LAN-2026-000001',
    text: 'Amount: ₩50,000\nMerci, José.',
    html: '<p>Amount: ₩50,000</p>',
  })
  await sendEmail({ to: 'second@example.org', subject: 'Second', text: 'two', html: '<p>two</p>' })

  expect(outboxDir()).toBe(path.join(dataDir, 'outbox'))
  const files = (await readdir(outboxDir())).sort()
  expect(files).toHaveLength(2)
  for (const file of files) expect(file).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-.+\.eml$/)

  const list = await listOutbox()
  expect(list.map((m) => m.subject)).toEqual(['Second', 'Your gift receipt LAN-2026-000001'])
  expect(list[1]?.to).toBe('José Kim <jose@example.org>')
  expect(Math.abs((list[1]?.date.getTime() ?? 0) - Date.now())).toBeLessThan(60_000)

  const message = await readOutboxMessage(list[1]?.id ?? '')
  expect(message).toMatchObject({
    to: 'José Kim <jose@example.org>',
    subject: 'Your gift receipt LAN-2026-000001',
    text: 'Amount: ₩50,000\nMerci, José.',
    html: '<p>Amount: ₩50,000</p>',
  })
  expect(list[1]?.id).toContain(first.messageId.slice(1, 9))
})

test('ids that could leave the outbox folder, or name no message, read as null', async () => {
  await writeFile(path.join(dataDir, 'x.eml'), 'Subject: outside the outbox\n\nsecret')
  for (const id of ['../x', '..', '.', 'a/b', '..\\x', '/etc/passwd', '', 'missing-id']) {
    expect(await readOutboxMessage(id), id).toBeNull()
  }
})

test("an erased donor's copies are deleted, whatever the case of the address; others stay", async () => {
  await sendEmail({ to: 'Erased.Donor@Example.org', subject: 'A', text: 'a', html: '<p>a</p>' })
  await sendEmail({
    to: 'staff@example.org',
    subject: 'About a gift',
    text: 'From erased.donor@example.org',
    html: '<p>x</p>',
  })
  await sendEmail({ to: 'keep@example.org', subject: 'Keep', text: 'k', html: '<p>k</p>' })
  const before = (await listOutbox()).length
  expect(await deleteOutboxMessagesFor('erased.donor@example.org')).toBe(2)
  const after = await listOutbox()
  expect(after).toHaveLength(before - 2)
  expect(after.map((m) => m.subject)).toContain('Keep')
  expect(after.map((m) => m.subject)).not.toContain('A')
  expect(await deleteOutboxMessagesFor('erased.donor@example.org')).toBe(0)
})
