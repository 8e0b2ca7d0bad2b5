// The request guard in front of Remix: wrong methods, bad encodings, wrong content types,
// cross-site posts and oversized bodies are refused with a 4xx before any route runs, and a
// clean form still reaches its action unchanged.
import type { AddressInfo } from 'node:net'
import http from 'node:http'
import net from 'node:net'
import type { ServerBuild } from '@remix-run/node'
import { afterEach, expect, test } from 'vitest'
import { createLogger } from '#app/utils/logger.server.ts'
import { createApp } from './app.ts'
import { listen } from './http-server.ts'
import { FORM_LIMIT_BYTES, isCleanEncodedText, isCleanFormBody } from './request-guard.ts'

let actionCalls = 0

/** One resource route whose action echoes the form it received. */
function echoBuild(): ServerBuild {
  const echo = {
    loader: () => Response.json({ ok: true }),
    action: async ({ request }: { request: Request }) => {
      actionCalls++
      const form = await request.formData()
      return Response.json(Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)])))
    },
  }
  return {
    mode: 'test',
    routes: {
      root: { id: 'root', path: '', module: { default: () => null } },
      echo: { id: 'echo', parentId: 'root', path: 'echo/:slug', module: echo },
      image: { id: 'image', parentId: 'root', path: 'admin/campaigns/:id/image', module: echo },
    },
    entry: {
      module: {
        default: () => new Response('documents are not used here', { status: 500 }),
        handleError: () => undefined,
      },
    },
    assets: { url: '/build/m.js', version: 't', entry: { module: '', imports: [] }, routes: {} },
    assetsBuildDirectory: 'public/build',
    publicPath: '/build/',
    basename: '/',
    future: {},
    isSpaMode: false,
  } as unknown as ServerBuild
}

let server: http.Server | null = null
let bytesRead = 0
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = null
  actionCalls = 0
  bytesRead = 0
})

async function serve(): Promise<string> {
  const app = createApp({
    build: echoBuild(),
    mode: 'test',
    publicDir: 'public',
    logger: createLogger('silent'),
    isDatabaseReachable: () => Promise.resolve(true),
    maxUploadBytes: 1024 * 1024,
  })
  server = http.createServer(app)
  server.on('connection', (socket) => socket.on('close', () => (bytesRead += socket.bytesRead)))
  await listen(server, 0)
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const form = (body: string, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  body,
})

test('a clean form reaches the action with its values, Korean included', async () => {
  const url = await serve()
  const response = await fetch(`${url}/echo/a`, form('name=%ED%95%9C%EA%B8%80&note=caf%C3%A9+ok'))
  expect(response.status).toBe(200)
  expect(await response.json()).toEqual({ name: '한글', note: 'café ok' })
})

test.each(['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND'])(
  '%s is refused with 405 and an Allow header, before any action runs',
  async (method) => {
    const url = await serve()
    const response = await fetch(`${url}/echo/a`, {
      method,
      body: method === 'OPTIONS' ? null : 'x=1',
    })
    expect(response.status).toBe(405)
    expect(response.headers.get('Allow')).toBe('GET, HEAD, POST')
    expect(actionCalls).toBe(0)
  },
)

test('TRACE is refused with 405', async () => {
  const url = await serve()
  const status = await new Promise<string>((resolve) => {
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1')
    socket.write('TRACE /echo/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    socket.once('data', (data: Buffer) => resolve(data.toString('latin1').split('\r\n')[0]!))
  })
  expect(status).toMatch(/^HTTP\/1\.1 405/)
})

test.each(['/echo/a%00b', '/echo/a?q=%00', '/echo/%C0%AF', '/echo/%ED%A0%80', '/echo/a?q=%FF'])(
  'a NUL byte or invalid UTF-8 in the URL (%s) is a 400',
  async (path) => {
    const url = await serve()
    expect((await fetch(`${url}${path}`)).status).toBe(400)
  },
)

test.each(['name=a%00b', 'a%00=1', 'name=%ED%A0%80', 'name=%FF'])(
  'a NUL byte or invalid UTF-8 in a form value (%s) is a 400 and no action runs',
  async (body) => {
    const url = await serve()
    expect((await fetch(`${url}/echo/a`, form(body))).status).toBe(400)
    expect(actionCalls).toBe(0)
  },
)

test.each([
  ['application/json', '{"a":1}'],
  ['text/plain', 'a=1'],
  ['', 'a=1'],
])('a POST sent as "%s" is a 415', async (type, body) => {
  const url = await serve()
  const response = await fetch(`${url}/echo/a`, {
    method: 'POST',
    headers: type ? { 'Content-Type': type } : {},
    body: new TextEncoder().encode(body),
  })
  expect(response.status).toBe(415)
  expect(actionCalls).toBe(0)
})

test('a cross-site POST is a 403; a same-origin one goes through', async () => {
  const url = await serve()
  const cross = await fetch(`${url}/echo/a`, form('a=1', { Origin: 'https://evil.example' }))
  expect(cross.status).toBe(403)
  const fetchSite = await fetch(`${url}/echo/a`, form('a=1', { 'Sec-Fetch-Site': 'cross-site' }))
  expect(fetchSite.status).toBe(403)
  const same = await fetch(`${url}/echo/a`, form('a=1', { Origin: url }))
  expect(same.status).toBe(200)
  expect(actionCalls).toBe(1)
})

test('a 50 MB form is refused with 413 after reading almost none of it', async () => {
  const url = await serve()
  const total = 50 * 1024 * 1024
  const response = await new Promise<string>((resolve) => {
    const socket = net.connect(Number(new URL(url).port), '127.0.0.1')
    socket.on('error', () => undefined)
    socket.write(
      `POST /echo/a HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${total}\r\n\r\n`,
    )
    let answer = ''
    socket.on('data', (data: Buffer) => {
      answer += data.toString('latin1')
      if (answer.includes('\r\n')) resolve(answer.split('\r\n')[0]!)
    })
    // Offer the body as fast as the socket takes it; the server should answer long before.
    const chunk = Buffer.alloc(64 * 1024, 'a')
    let sent = 0
    const pump = () => {
      while (sent < total && socket.writable) {
        sent += chunk.length
        if (!socket.write(chunk)) return socket.once('drain', pump)
      }
    }
    pump()
  })
  expect(response).toMatch(/^HTTP\/1\.1 413/)
  server?.closeAllConnections()
  await new Promise((resolve) => setImmediate(resolve))
  expect(actionCalls).toBe(0)
  // The server read the headers and at most a few socket buffers, not the 50 MB.
  expect(bytesRead).toBeLessThan(8 * 1024 * 1024)
})

test('a form body just over the limit is a 413; a chunked body without a length is a 411', async () => {
  const url = await serve()
  const over = await fetch(`${url}/echo/a`, form(`a=${'x'.repeat(FORM_LIMIT_BYTES)}`))
  expect(over.status).toBe(413)
  const chunked = await fetch(`${url}/echo/a`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new Blob(['a=1']).stream(),
    duplex: 'half',
  } as RequestInit)
  expect(chunked.status).toBe(411)
})

test('only the hero image upload may send a large multipart body', async () => {
  const url = await serve()
  const upload = () => {
    const data = new FormData()
    data.set('image', new Blob([new Uint8Array(512 * 1024)]), 'hero.webp')
    return { method: 'POST', body: data, headers: { Origin: url } }
  }
  expect((await fetch(`${url}/echo/a`, upload())).status).toBe(413)
  expect((await fetch(`${url}/admin/campaigns/c1/image`, upload())).status).toBe(200)
})

test('the encoded-text checks', () => {
  expect(isCleanEncodedText('/campaigns/%ED%95%9C')).toBe(true)
  expect(isCleanEncodedText('/a%2')).toBe(true) // a lone % is left for the router to 404
  expect(isCleanEncodedText('/a%00')).toBe(false)
  expect(isCleanFormBody(Buffer.from('a=%F0%9F%98%80&b=한글'))).toBe(true)
  expect(isCleanFormBody(Buffer.from([0x61, 0x3d, 0xff]))).toBe(false)
})
