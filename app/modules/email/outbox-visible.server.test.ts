// Who may see /dev/outbox (password-reset links and receipts): only this machine, and only
// while mail goes to the local outbox.
import { afterEach, expect, test } from 'vitest'
import { reloadEnv } from '#app/utils/env.server.ts'
import { outboxVisible } from './outbox.server.ts'

const saved = { SMTP_URL: process.env.SMTP_URL, NODE_ENV: process.env.NODE_ENV }

function withEnv(env: { SMTP_URL?: string; NODE_ENV?: string }) {
  if (env.SMTP_URL) process.env.SMTP_URL = env.SMTP_URL
  else delete process.env.SMTP_URL
  Object.assign(process.env, { NODE_ENV: env.NODE_ENV ?? 'development' })
  reloadEnv()
}

afterEach(() => {
  withEnv(saved)
})

test('loopback requests see the outbox while mail goes to it', () => {
  withEnv({})
  for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '127.8.9.10']) {
    expect(outboxVisible(address), address).toBe(true)
  }
})

test('any other address gets nothing, whatever it claims in X-Forwarded-For', () => {
  withEnv({})
  // The caller passes the socket's address; a proxied client's header never reaches here.
  for (const address of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', '2001:db8::1', '']) {
    expect(outboxVisible(address), address).toBe(false)
  }
  expect(outboxVisible(undefined)).toBe(false)
  expect(outboxVisible('127.0.0.1.evil.example')).toBe(false)
})

test('never once SMTP_URL is set, even from loopback', () => {
  withEnv({ SMTP_URL: 'smtp://mail.example.org:587' })
  expect(outboxVisible('127.0.0.1')).toBe(false)
})
