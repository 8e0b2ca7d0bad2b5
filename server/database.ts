/**
 * Boot-time database work: pick the database (DATABASE_URL, or an embedded PostgreSQL in the
 * data folder), create the application database on first run, and apply migrations with the
 * Prisma CLI (offline set-up: prisma.config.ts, docs/decisions/0002).
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'
import pg from 'pg'
import type { Logger } from '#app/utils/logger.server.ts'
import type { EmbeddedDatabase } from './embedded-postgres.ts'

export const EMBEDDED_DATABASE_NAME = 'lantern'

export type ResolvedDatabase = {
  url: string
  embedded: EmbeddedDatabase | null
  /** True when this boot created the application database (first run: seed it). */
  created: boolean
}

/** Creates `database` on the cluster behind `adminUrl` unless it exists; says whether it did. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
    if (found.rowCount) return false
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
    return true
  } finally {
    await client.end()
  }
}

export async function resolveDatabase(options: {
  databaseUrl: string | undefined
  dataDir: string
  logger: Logger
}): Promise<ResolvedDatabase> {
  if (options.databaseUrl) return { url: options.databaseUrl, embedded: null, created: false }
  const startedAt = performance.now()
  // Imported only without DATABASE_URL: a server given a database never loads embedded-postgres.
  const { startEmbeddedPostgres } = await import('./embedded-postgres.ts')
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(options.dataDir, 'postgres'),
    // server/index.ts stops it after draining requests on SIGTERM/SIGINT.
    stopOnSignals: false,
    log: {
      info: (message) => options.logger.debug({ postgres: message }),
      error: (message) => options.logger.warn({ postgres: message }),
      notice: (message) => options.logger.info(message),
    },
  })
  const created = await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE_NAME)
  options.logger.info(
    { ms: Math.round(performance.now() - startedAt), created },
    'embedded PostgreSQL started',
  )
  return { url: embedded.urlFor(EMBEDDED_DATABASE_NAME), embedded, created }
}

/** The project root: where package.json, prisma.config.ts and prisma/ live. */
export function projectRoot(): string {
  return path.resolve(
    path.dirname(createRequire(import.meta.url).resolve('prisma/package.json')),
    '../..',
  )
}

/** Applies pending migrations by running `prisma migrate deploy` against `databaseUrl`. */
export async function migrateDatabase(databaseUrl: string, logger: Logger): Promise<void> {
  const root = projectRoot()
  const cli = createRequire(import.meta.url).resolve('prisma/build/index.js')
  const startedAt = performance.now()
  const output: string[] = []
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', path.join(root, 'prisma/cli-preload.mjs'), cli, 'migrate', 'deploy'],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          CHECKPOINT_DISABLE: '1',
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.on('error', reject)
    child.on('close', resolve)
  })
  const text = output.join('').replaceAll(databaseUrl, '[DATABASE_URL]')
  if (code !== 0) throw new Error(`prisma migrate deploy failed (exit ${code}):\n${text}`)
  const applied = /(\d+) migrations? found/.exec(text)?.[1]
  logger.info(
    { ms: Math.round(performance.now() - startedAt), found: applied },
    'migrations applied',
  )
}
