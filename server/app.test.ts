// The Express app around a small Remix build: load context reaches the routes, and a finance
// export download is written with backpressure (a client that stops reading holds it back, one
// that leaves cancels it), which the maintained adapter does not do (decision 0013).
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import http from 'node:http'
import type { ServerBuild } from '@remix-run/node'
import { afterEach, expect, test } from 'vitest'
import webFont from '#app/i18n/web-font.json'
import { createLogger } from '#app/utils/logger.server.ts'
import { createApp } from './app.ts'
import { listen } from './http-server.ts'

const CHUNK = 1024 * 1024
const CHUNKS = 64
const stream = { pulls: 0, cancelled: false }

/** A Remix build with two resource routes: the load context as JSON, and a big "export". */
function smallBuild(): ServerBuild {
  const routes = {
    root: { id: 'root', path: '', module: { default: () => null } },
    context: {
      id: 'context',
      parentId: 'root',
      path: 'context',
      module: { loader: ({ context }: { context: unknown }) => Response.json(context) },
    },
    export: {
      id: 'export',
      parentId: 'root',
      path: 'admin/finance/exports/*',
      module: {
        loader: () => {
          const body = new ReadableStream<Uint8Array>(
            {
              pull(controller) {
                stream.pulls++
                // Random bytes do not compress, so compression cannot hide a backlog.
                const chunk = new Uint8Array(CHUNK)
                for (let i = 0; i < CHUNK; i += 65_536)
                  crypto.getRandomValues(chunk.subarray(i, i + 65_536))
                controller.enqueue(chunk)
                if (stream.pulls === CHUNKS) controller.close()
              },
              cancel() {
                stream.cancelled = true
              },
            },
            { highWaterMark: 0 },
          )
          return new Response(body, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } })
        },
      },
    },
  }
  return {
    mode: 'test',
    routes,
    entry: {
      module: {
        default: () => new Response('documents are not used here', { status: 500 }),
        handleError: () => undefined,
      },
    },
    assets: {
      url: '/build/manifest.js',
      version: 'test',
      entry: { module: '', imports: [] },
      routes: {},
    },
    assetsBuildDirectory: 'public/build',
    publicPath: '/build/',
    basename: '/',
    future: {},
    isSpaMode: false,
  } as unknown as ServerBuild
}

let server: http.Server | null = null
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = null
  stream.pulls = 0
  stream.cancelled = false
})

async function serve(): Promise<number> {
  const app = createApp({
    build: smallBuild(),
    mode: 'test',
    publicDir: 'public',
    logger: createLogger('silent'),
    isDatabaseReachable: () => Promise.resolve(true),
  })
  server = http.createServer(app)
  await listen(server, 0)
  return (server.address() as AddressInfo).port
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function download(port: number, acceptGzip: boolean) {
  const socket = net.connect(port, '127.0.0.1')
  socket.write(
    `GET /admin/finance/exports/gifts.csv HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: ${acceptGzip ? 'gzip' : 'identity'}\r\nConnection: close\r\n\r\n`,
  )
  socket.pause() // a client that does not read
  return socket
}

test('routes get the CSP nonce and the client address in their load context', async () => {
  const port = await serve()
  const response = await fetch(`http://127.0.0.1:${port}/context`)
  const context = (await response.json()) as {
    cspNonce: string
    clientIp: string
    peerAddress: string
  }
  expect(context.clientIp).toMatch(/^(::ffff:)?127\.0\.0\.1$/)
  expect(context.peerAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/)
  expect(response.headers.get('Content-Security-Policy')).toContain(`'nonce-${context.cspNonce}'`)
})

test.each([
  ['plain', false],
  ['through compression', true],
])(
  '%s: an export download waits for a client that stops reading; reading resumes it',
  async (_name, gzip) => {
    const port = await serve()
    const socket = download(port, gzip)
    await sleep(500)
    const held = stream.pulls
    // Socket buffers take a few MiB; the other ~55 MiB must not have been read.
    expect(held).toBeGreaterThan(0)
    expect(held).toBeLessThan(20)
    await sleep(300)
    expect(stream.pulls).toBe(held)

    let bytes = 0
    socket.on('data', (data: Buffer) => (bytes += data.length))
    socket.resume()
    await new Promise((resolve) => socket.once('end', resolve))
    expect(stream.pulls).toBe(CHUNKS)
    expect(bytes).toBeGreaterThan(CHUNKS * CHUNK * 0.99)
  },
)

test('a client that leaves in the middle of an export cancels it', async () => {
  const port = await serve()
  const socket = download(port, false)
  await sleep(300)
  socket.destroy()
  for (let i = 0; i < 50 && !stream.cancelled; i++) await sleep(20)
  expect(stream.cancelled).toBe(true)
  expect(stream.pulls).toBeLessThan(CHUNKS)
})

test('fonts come from our own origin only, and a hashed font file is cached for good', async () => {
  const port = await serve()
  const page = await fetch(`http://127.0.0.1:${port}/context`)
  const policy = page.headers.get('Content-Security-Policy') ?? ''
  expect(policy.split(';').map((directive) => directive.trim())).toContain("font-src 'self'")

  const [face] = webFont.faces
  const font = await fetch(`http://127.0.0.1:${port}${face?.href}`)
  expect(font.status).toBe(200)
  expect(font.headers.get('Content-Type')).toBe('font/woff2')
  expect(font.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable')
  expect((await font.arrayBuffer()).byteLength).toBe(face?.bytes)

  // Anything else under public/ may change under the same name.
  const icon = await fetch(`http://127.0.0.1:${port}/favicon.svg`)
  expect(icon.headers.get('Cache-Control')).toBe('public, max-age=3600')
})
