// Request logs: one line per request with its path and status, never its query string.
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import { Writable } from 'node:stream'
import express from 'express'
import pino from 'pino'
import { afterEach, expect, test } from 'vitest'
import { requestLog } from './request-log.ts'

type Line = {
  level: number
  msg: string
  req: { id: number; method: string; path: string }
  res: { statusCode: number }
  responseTime: number
  aborted?: boolean
}

let close: (() => Promise<void>) | null = null
afterEach(async () => {
  await close?.()
  close = null
})

async function serve(level: string) {
  const lines: Line[] = []
  const raw: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(chunk.toString())
      lines.push(JSON.parse(chunk.toString()) as Line)
      callback()
    },
  })
  let hung: (() => void) | null = null
  const hungSeen = new Promise<void>((resolve) => (hung = resolve))
  const app = express()
  app.use(requestLog(pino({ level }, stream), { ignore: (req) => req.path === '/healthz' }))
  app.get('/healthz', (_req, res) => res.send('ok'))
  app.get('/donate/manage', (_req, res) => res.send('managed'))
  app.post('/campaigns/:slug', (_req, res) => res.redirect(303, '/elsewhere'))
  app.get('/missing', (_req, res) => res.status(404).send('no'))
  app.put('/campaigns/:slug', (_req, res) => res.status(405).set('Allow', 'GET').send('no'))
  app.get('/broken', (_req, res) => res.status(500).send('sorry'))
  app.get('/hangs', () => hung?.())
  const server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => new Promise((resolve) => server.close(() => resolve()))
  return { base, lines, raw, hungSeen, port: (server.address() as AddressInfo).port }
}

async function until(check: () => boolean) {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10))
}

test('logs method, path, status and time of each request, with a level by status', async () => {
  const { base, lines } = await serve('info')
  await fetch(`${base}/campaigns/safe-passage-rescue`, { method: 'POST', redirect: 'manual' })
  await fetch(`${base}/missing`)
  await fetch(`${base}/broken`)
  await fetch(`${base}/healthz`)
  await until(() => lines.length >= 3)

  expect(
    lines.map((line) => [line.level, line.req.method, line.req.path, line.res.statusCode]),
  ).toEqual([
    [30, 'POST', '/campaigns/safe-passage-rescue', 303],
    [40, 'GET', '/missing', 404],
    [50, 'GET', '/broken', 500],
  ])
  expect(lines.map((line) => line.req.id)).toEqual([1, 2, 3])
  expect(lines.every((line) => line.msg === 'request completed')).toBe(true)
  expect(lines.every((line) => Number.isInteger(line.responseTime) && line.responseTime >= 0)).toBe(
    true,
  )
})

test('never logs the query string: tokens and searches stay out of the logs', async () => {
  const { base, lines, raw } = await serve('info')
  const token = 'v1.secret-manage-token.abcdef'
  const response = await fetch(`${base}/donate/manage?token=${token}&q=donor%40example.org`)
  expect(await response.text()).toBe('managed')
  await until(() => lines.length >= 1)

  expect(lines).toHaveLength(1)
  expect(lines[0]?.req.path).toBe('/donate/manage')
  expect(raw.join('')).not.toContain('secret-manage-token')
  expect(raw.join('')).not.toContain('donor')
})

test('writes nothing below the configured level', async () => {
  const { base, lines } = await serve('warn')
  await fetch(`${base}/campaigns/safe-passage-rescue`, { method: 'POST', redirect: 'manual' })
  await fetch(`${base}/missing`)
  await until(() => lines.length >= 1)
  await new Promise((r) => setTimeout(r, 50))

  expect(lines.map((line) => [line.req.path, line.res.statusCode])).toEqual([['/missing', 404]])
})

test('says so when the client goes away before the response', async () => {
  const { lines, hungSeen, port } = await serve('info')
  const socket = net.connect(port, '127.0.0.1')
  socket.write('GET /hangs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n')
  await hungSeen
  socket.destroy()
  await until(() => lines.length >= 1)

  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatchObject({
    msg: 'request aborted by the client',
    aborted: true,
    req: { method: 'GET', path: '/hangs' },
  })
})

test('a wrong method (405) is logged at info, not as a warning or an error', async () => {
  const { base, lines } = await serve('info')
  await fetch(`${base}/campaigns/safe-passage-rescue`, { method: 'PUT' })
  await until(() => lines.length === 1)
  expect(lines).toEqual([
    expect.objectContaining({ level: 30, res: { statusCode: 405 }, msg: 'request completed' }),
  ])
})
