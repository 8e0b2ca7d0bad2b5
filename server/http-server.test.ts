import http from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, expect, test } from 'vitest'
import { listen } from './http-server.ts'

const servers: http.Server[] = []
afterEach(async () => {
  await Promise.all(
    servers
      .splice(0)
      .map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  )
})

test('listen resolves once the server takes requests', async () => {
  const app = express()
  app.get('/ping', (_req, res) => res.type('text/plain').send('pong'))
  const server = http.createServer(app)
  servers.push(server)
  await listen(server, 0)
  const { port } = server.address() as AddressInfo
  const response = await fetch(`http://127.0.0.1:${port}/ping`)
  expect(await response.text()).toBe('pong')
})

test('listen rejects when the port is taken', async () => {
  const first = http.createServer(express())
  servers.push(first)
  await listen(first, 0)
  const { port } = first.address() as AddressInfo
  await expect(listen(http.createServer(express()), port)).rejects.toThrow(/EADDRINUSE/)
})
