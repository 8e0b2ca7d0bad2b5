// The request Remix handles: URL, headers and body as the client sent them, and a signal that
// aborts when the client leaves before the response is sent, and only then.
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import express from 'express'
import { afterEach, expect, test } from 'vitest'
import { createHttpServer, listen } from './http-server.ts'
import { createRemixRequest } from './remix-request.ts'

let close: (() => Promise<void>) | null = null
afterEach(async () => {
  await close?.()
  close = null
})

async function serve(handler: express.RequestHandler): Promise<number> {
  const app = express()
  app.all('*', handler)
  const server = createHttpServer(app)
  await listen(server, 0)
  close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return (server.address() as AddressInfo).port
}

test('a form post reaches Remix with its URL, headers and body; the signal stays quiet', async () => {
  let signal: AbortSignal | null = null
  const port = await serve(async (req, res) => {
    const request = createRemixRequest(req, res)
    signal = request.signal
    const form = await request.formData()
    res.json({
      url: request.url,
      method: request.method,
      type: request.headers.get('content-type'),
      amount: form.get('amount'),
      email: form.get('email'),
    })
  })
  const response = await fetch(`http://127.0.0.1:${port}/campaigns/safe-passage?utm_source=mail`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'amount=4500&email=donor%40example.org',
  })
  expect(await response.json()).toEqual({
    url: `http://127.0.0.1:${port}/campaigns/safe-passage?utm_source=mail`,
    method: 'POST',
    type: 'application/x-www-form-urlencoded',
    amount: '4500',
    email: 'donor@example.org',
  })
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(signal).not.toBeNull()
  expect(signal!.aborted).toBe(false)
})

test('the signal aborts when the client leaves before the response', async () => {
  let resolveAborted: (value: boolean) => void = () => undefined
  const aborted = new Promise<boolean>((resolve) => (resolveAborted = resolve))
  let resolveStarted: () => void = () => undefined
  const started = new Promise<void>((resolve) => (resolveStarted = resolve))
  const port = await serve((req, res) => {
    const request = createRemixRequest(req, res)
    request.signal.addEventListener('abort', () => resolveAborted(true))
    setTimeout(() => resolveAborted(false), 5_000).unref()
    resolveStarted()
    // A slow loader: never answers by itself.
  })
  const socket = net.connect(port, '127.0.0.1')
  socket.write(`GET /slow HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)
  await started
  socket.destroy()
  expect(await aborted).toBe(true)
})
