// Streamed responses wait for the client: a reader that stops reading stops the stream.
import net from 'node:net'
import compression from 'compression'
import express from 'express'
import { afterEach, expect, test } from 'vitest'
import { sendResponse } from './app.ts'

const CHUNK = 1024 * 1024
const CHUNKS = 200

let close: (() => Promise<void>) | null = null
afterEach(async () => {
  await close?.()
  close = null
})

async function serve(withCompression: boolean) {
  let pulls = 0
  let cancelled = false
  const app = express()
  if (withCompression) app.use(compression())
  app.get('/big', (_req, res, next) => {
    const body = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++
          // Random bytes do not compress, so compression cannot hide the backlog.
          const chunk = new Uint8Array(CHUNK)
          for (let i = 0; i < CHUNK; i += 4096) crypto.getRandomValues(chunk.subarray(i, i + 4096))
          controller.enqueue(chunk)
          if (pulls === CHUNKS) controller.close()
        },
        cancel() {
          cancelled = true
        },
      },
      { highWaterMark: 1 },
    )
    sendResponse(res, new Response(body, { headers: { 'Content-Type': 'text/csv' } })).catch(next)
  })
  const server = app.listen(0)
  await new Promise((resolve) => server.once('listening', resolve))
  close = () => new Promise((resolve) => server.close(() => resolve()))
  const port = (server.address() as net.AddressInfo).port
  return { port, pulls: () => pulls, cancelled: () => cancelled }
}

function connect(port: number, acceptGzip: boolean) {
  const socket = net.connect(port, '127.0.0.1')
  socket.write(
    `GET /big HTTP/1.1\r\nHost: x\r\nAccept-Encoding: ${acceptGzip ? 'gzip' : 'identity'}\r\nConnection: close\r\n\r\n`,
  )
  socket.pause() // a client that does not read
  return socket
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

test.each([
  ['plain', false],
  ['through compression', true],
])(
  '%s: a client that stops reading holds the stream back; reading resumes it',
  async (_name, gzip) => {
    const server = await serve(gzip)
    const socket = connect(server.port, gzip)
    await sleep(500)
    const held = server.pulls()
    // Socket buffers take a few MiB; the other ~190 MiB must not have been read.
    expect(held).toBeLessThan(20)
    await sleep(300)
    expect(server.pulls()).toBe(held)

    let bytes = 0
    socket.on('data', (data: Buffer) => (bytes += data.length))
    socket.resume()
    await new Promise((resolve) => socket.once('end', resolve))
    expect(server.pulls()).toBe(CHUNKS)
    expect(bytes).toBeGreaterThan(CHUNKS * CHUNK * 0.99)
  },
)

test('a client that goes away cancels the stream', async () => {
  const server = await serve(false)
  const socket = connect(server.port, false)
  await sleep(300)
  socket.destroy()
  for (let i = 0; i < 50 && !server.cancelled(); i++) await sleep(20)
  expect(server.cancelled()).toBe(true)
  expect(server.pulls()).toBeLessThan(CHUNKS)
})
