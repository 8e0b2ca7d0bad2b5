// The production server as a process: boot from nothing, health, headers, config errors, stop.
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { ensureDatabase } from '#server/database.ts'
import { freePort, startEmbeddedPostgres } from '#server/embedded-postgres.ts'
import { adminQuery, withDatabase } from '#tests/support/postgres.ts'
import { startServer } from '#tests/support/server-process.ts'

let tempDir: string

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-server-test-'))
  await chmod(tempDir, 0o755)
})

afterAll(async () => {
  await rm(tempDir, { recursive: true, force: true })
})

// Two boots from nothing: initdb, every migration through the Prisma CLI, the demo seed, then a
// restart. About 15 s for the first boot alone on a busy 2-core machine, hence more than 20 s.
const TWO_BOOTS_MS = 120_000
/** One boot on a migrated database; in production that is one server process per CPU. */
const BOOT_MS = 90_000

describe('with no DATABASE_URL (the newcomer path)', () => {
  test(
    'starts an embedded database, migrates, seeds, serves, and stops it on SIGTERM',
    async () => {
      const dataDir = path.join(tempDir, 'data')
      const server = await startServer({ LANTERN_DATA_DIR: dataDir })
      try {
        expect(server.output()).toContain('first run: demo data seeded')
        const home = await fetch(server.url)
        expect(home.status).toBe(200)
        expect(await home.text()).toContain('Featured appeal')
        expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(true)
        expect(existsSync(path.join(dataDir, 'session-secret'))).toBe(true)
      } finally {
        expect(await server.stop('SIGTERM')).toBe(0)
      }
      expect(server.output()).toContain('"msg":"stopped"')
      // PostgreSQL shut down with the app: its lock file is gone.
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false)

      // A second start reuses the data and does not seed again.
      const again = await startServer({ LANTERN_DATA_DIR: dataDir })
      try {
        expect(again.output()).not.toContain('demo data seeded')
        expect((await fetch(`${again.url}/campaigns/safe-passage-rescue`)).status).toBe(200)
      } finally {
        await again.stop()
      }
    },
    TWO_BOOTS_MS,
  )
})

describe('GET /healthz', () => {
  test('answers 200 while the database is up and 503 while it is unreachable', async () => {
    const port = await freePort()
    const dataDir = path.join(tempDir, 'health-pg')
    let database = await startEmbeddedPostgres({ dataDir, port })
    await ensureDatabase(database.adminUrl, 'lantern')
    const server = await startServer({
      DATABASE_URL: database.urlFor('lantern'),
      LANTERN_DATA_DIR: tempDir,
    })
    try {
      const up = await fetch(`${server.url}/healthz`)
      expect(up.status).toBe(200)
      expect(await up.json()).toEqual({ status: 'ok', database: true })

      await database.stop()
      const down = await fetch(`${server.url}/healthz`).catch((error: unknown) => {
        throw new Error(`the server stopped answering:\n${server.output()}`, { cause: error })
      })
      expect(down.status).toBe(503)
      expect(await down.json()).toEqual({ status: 'unavailable', database: false })
      expect(down.headers.get('cache-control')).toBe('no-store')

      database = await startEmbeddedPostgres({ dataDir, port })
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    } finally {
      await server.stop()
      await database.stop()
    }
  })
})

describe('configuration errors', () => {
  test('a bad variable stops the process with a message naming it', async () => {
    const server = await startServer({ PORT: 'eighty', LANTERN_DATA_DIR: tempDir })
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('PORT must be a port number')
    expect(server.output()).not.toContain('Lantern is listening')
  })

  test('production refuses to start without its required settings', async () => {
    const server = await startServer({ NODE_ENV: 'production', LANTERN_DATA_DIR: tempDir })
    expect(await server.exited).toBe(1)
    for (const name of ['DATABASE_URL', 'SESSION_SECRET', 'STRIPE_SECRET_KEY']) {
      expect(server.output()).toContain(`${name} is required in production`)
    }
  })
})

describe('in production', () => {
  test(
    'serves with real settings, and development-only pages do not exist',
    async () => {
      const admin = inject('databaseAdminUrl')
      await adminQuery(
        admin,
        'DROP DATABASE IF EXISTS lantern_production_test WITH (FORCE)',
        'CREATE DATABASE lantern_production_test',
      )
      const server = await startServer({
        NODE_ENV: 'production',
        DATABASE_URL: withDatabase(admin, 'lantern_production_test'),
        APP_URL: 'https://give.example.org',
        SESSION_SECRET: 'p'.repeat(48),
        STRIPE_SECRET_KEY: 'sk_live_lantern_test_only',
        STRIPE_WEBHOOK_SECRET: 'whsec_lantern_test_only',
        SMTP_URL: 'smtp://127.0.0.1:9',
        LANTERN_DATA_DIR: tempDir,
      })
      try {
        expect(server.output()).toContain('Lantern is listening')
        expect(server.output()).not.toContain('Stripe emulator started')
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
        expect((await fetch(`${server.url}/dev/outbox`)).status).toBe(404)
        const home = await fetch(server.url)
        expect(home.status).toBe(200)
        // The banner is not shown (its words are still in the page's message catalog).
        expect(await home.text()).not.toContain('class="test-mode-banner"')
        expect(home.headers.get('strict-transport-security')).toContain('max-age=')
      } finally {
        await server.stop()
        await adminQuery(admin, 'DROP DATABASE IF EXISTS lantern_production_test WITH (FORCE)')
      }
    },
    BOOT_MS,
  )
})

describe('WEB_CONCURRENCY', () => {
  /** The server processes that said they listen, in the order they did. */
  const serverPids = (output: string) =>
    [...output.matchAll(/"pid":(\d+)[^\n]*"msg":"server process listening"/g)].map((m) =>
      Number(m[1]),
    )
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }

  test(
    'runs that many server processes on one port; a dead one is replaced; SIGTERM stops all',
    async () => {
      const admin = inject('databaseAdminUrl')
      await adminQuery(
        admin,
        'DROP DATABASE IF EXISTS lantern_cluster_test WITH (FORCE)',
        'CREATE DATABASE lantern_cluster_test',
      )
      const server = await startServer(
        {
          WEB_CONCURRENCY: '2',
          DATABASE_URL: withDatabase(admin, 'lantern_cluster_test'),
          LANTERN_DATA_DIR: path.join(tempDir, 'cluster'),
        },
        90_000,
      )
      try {
        expect(server.output()).toContain('"processes":2')
        const pids = serverPids(server.output())
        expect(new Set(pids).size).toBe(2)
        expect(pids).not.toContain(server.child.pid)
        // Both serve pages (this database has no demo appeals: it was not created by the server).
        const pages = await Promise.all(
          Array.from({ length: 20 }, () => fetch(`${server.url}/about`)),
        )
        expect(pages.map((page) => page.status)).toEqual(Array(20).fill(200))

        // One dies: the primary starts another, and the site keeps answering meanwhile.
        process.kill(pids[0]!, 'SIGKILL')
        await expect.poll(() => serverPids(server.output()).length, { timeout: 60_000 }).toBe(3)
        const replacement = serverPids(server.output())[2]!
        expect(pids).not.toContain(replacement)
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
        expect(server.output()).toContain('"msg":"a server process ended"')

        expect(await server.stop('SIGTERM')).toBe(0)
        expect(alive(pids[1]!)).toBe(false)
        expect(alive(replacement)).toBe(false)
      } finally {
        await server.stop('SIGKILL')
        await adminQuery(admin, 'DROP DATABASE IF EXISTS lantern_cluster_test WITH (FORCE)')
      }
    },
    TWO_BOOTS_MS,
  )
})
