// The HTTP server builds requests and responses with Express's prototypes from the start, and
// Express works on them as on any other.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, expect, test } from 'vitest'
import { createHttpServer, listen } from './http-server.ts'

let server: http.Server | null = null
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  server = null
})

test('requests and responses have the app’s prototypes before Express sees them', async () => {
  const app = express()
  app.use(express.urlencoded({ extended: false }))
  app.post('/echo', (req, res) => {
    res
      .status(201)
      .set('X-Seen-Host', req.get('host') ?? '')
      .json({ body: req.body as unknown, ip: req.ip, path: req.path })
  })
  app.get('/moved', (_req, res) => res.redirect(303, '/elsewhere'))
  server = createHttpServer(app)
  const prototypes: boolean[] = []
  // Runs before the app, which is the server's other 'request' listener.
  server.prependListener('request', (req, res) => {
    prototypes.push(
      Object.getPrototypeOf(req) === app.request,
      Object.getPrototypeOf(res) === app.response,
      req instanceof http.IncomingMessage,
      res instanceof http.ServerResponse,
    )
  })
  await listen(server, 0)
  const { port } = server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`

  const posted = await fetch(`${base}/echo`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'amount=4500&frequency=ONE_TIME',
  })
  expect(posted.status).toBe(201)
  expect(posted.headers.get('X-Seen-Host')).toBe(`127.0.0.1:${port}`)
  expect(await posted.json()).toEqual({
    body: { amount: '4500', frequency: 'ONE_TIME' },
    ip: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/) as unknown,
    path: '/echo',
  })

  const moved = await fetch(`${base}/moved`, { redirect: 'manual' })
  expect(moved.status).toBe(303)
  expect(moved.headers.get('Location')).toBe('/elsewhere')

  expect(prototypes).toEqual(Array(8).fill(true))
})

test('listen rejects when the port is taken', async () => {
  server = createHttpServer(express())
  await listen(server, 0)
  const { port } = server.address() as AddressInfo
  const second = createHttpServer(express())
  await expect(listen(second, port)).rejects.toThrow(/EADDRINUSE/)
})
