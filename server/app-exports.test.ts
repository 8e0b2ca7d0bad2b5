// A finance export through the whole Express app and the production build (run `npm run build`
// first): the download that server/app.ts writes with backpressure is still the Remix route's,
// with its authorization, validation and audit.
import { existsSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createLogger } from '#app/utils/logger.server.ts'
import { createGift } from '#tests/support/factories.ts'
import { createStaffUser, ensureSessionSecret, staffSessionCookie } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { createApp } from './app.ts'
import { listen } from './http-server.ts'

const BUILD = path.resolve('build/remix/index.js')
let server: http.Server
let base: string

beforeAll(async () => {
  if (!existsSync(BUILD))
    throw new Error('build/remix/index.js is missing: run `npm run build` first')
  ensureSessionSecret()
  const build = (await import(pathToFileURL(BUILD).href)) as ServerBuild
  const app = createApp({
    build,
    mode: 'test',
    publicDir: path.resolve('public'),
    logger: createLogger('silent'),
    isDatabaseReachable: () => Promise.resolve(true),
  })
  server = http.createServer(app)
  await listen(server, 0)
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

setupTestDatabase()

const URL_PATH = '/admin/finance/exports/gifts.csv?from=2026-11-20&to=2026-11-20'

test('without a FINANCE session the download is refused, and nothing is audited', async () => {
  const anonymous = await fetch(`${base}${URL_PATH}`, { redirect: 'manual' })
  expect(anonymous.status).toBe(302)
  expect(anonymous.headers.get('Location')).toMatch(/^\/admin\/login/)

  const { user } = await createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
  const manager = await fetch(`${base}${URL_PATH}`, {
    headers: { Cookie: await staffSessionCookie(user.id) },
    redirect: 'manual',
  })
  expect(manager.status).toBe(403)
  expect(await prisma.auditLog.count()).toBe(0)
})

test('with one it streams the CSV, gzipped when asked, audited with the client address', async () => {
  const gift = await createGift({ amountMinor: 4500, receivedAt: new Date('2026-11-20T10:00:00Z') })
  const { user } = await createStaffUser({ roles: ['FINANCE'] })
  const response = await fetch(`${base}${URL_PATH}`, {
    headers: { Cookie: await staffSessionCookie(user.id), 'Accept-Encoding': 'gzip' },
  })
  expect(response.status).toBe(200)
  expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8')
  expect(response.headers.get('Content-Encoding')).toBe('gzip')
  expect(response.headers.get('Content-Disposition')).toBe(
    'attachment; filename="lantern-gifts-2026-11-20_to_2026-11-20.csv"',
  )
  // The app's own headers are still there (helmet runs before the download).
  expect(response.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'")
  const lines = (await response.text()).trim().split('\r\n')
  expect(lines).toHaveLength(2)
  expect(lines[1]).toMatch(new RegExp(`^${gift.id},2026-11-20T10:00:00.000Z,`))
  expect(await prisma.auditLog.findMany({ where: { actorId: user.id } })).toEqual([
    expect.objectContaining({
      action: 'export.gifts',
      ipAddress: expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/) as unknown,
    }),
  ])
})

test('bad input gets a 400 with the field, not a 5xx', async () => {
  const { user } = await createStaffUser({ roles: ['FINANCE'] })
  const response = await fetch(`${base}/admin/finance/exports/gifts.csv?from=2026-13-40`, {
    headers: { Cookie: await staffSessionCookie(user.id) },
  })
  expect(response.status).toBe(400)
  expect(await response.text()).toMatch(/^Cannot export: from: /)
})
