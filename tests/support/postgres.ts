/**
 * Real PostgreSQL for tests: one embedded cluster per test run (in a temporary folder), a
 * template database migrated once, and a database per Vitest worker cloned from it.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startEmbeddedPostgres, type EmbeddedDatabase } from '#server/embedded-postgres.ts'

export const TEMPLATE_DATABASE = 'lantern_template'

export type TestCluster = EmbeddedDatabase & { dispose(): Promise<void> }

export async function startTestCluster(): Promise<TestCluster> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lantern-pg-'))
  // mkdtemp makes the folder private; as root, PostgreSQL runs as the `postgres` user.
  await chmod(dir, 0o755)
  const cluster = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    persistent: false,
  })
  return {
    ...cluster,
    async dispose() {
      await cluster.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Runs statements on the cluster's maintenance database. */
export async function adminQuery(adminUrl: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    for (const statement of statements) await client.query(statement)
  } finally {
    await client.end()
  }
}

/** Replaces `name` with a fresh copy of the migrated template. */
export async function cloneTemplate(adminUrl: string, name: string): Promise<void> {
  await adminQuery(
    adminUrl,
    `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`,
    `CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`,
  )
}

export function withDatabase(adminUrl: string, database: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return url.toString()
}
