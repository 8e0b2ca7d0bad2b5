/**
 * The one connection pool and Prisma client of this process. Queries go through
 * @prisma/adapter-pg (no Rust engine at run time) on a pg pool.
 * Both are kept on globalThis so that the Express server and the Remix build, which are bundled
 * separately, share them.
 */
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { PrismaClient } from '#app/generated/prisma/client.ts'
import { getEnv } from './env.server.ts'
import { logger } from './logger.server.ts'

export type Database = InstanceType<typeof PrismaClient>

const CONNECT_TIMEOUT_MS = 5_000

declare global {
  var __lanternPool: pg.Pool | undefined
  var __lanternPrisma: Database | undefined
}

function createPool(databaseUrl: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: getEnv().DATABASE_POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  })
  // An idle connection that breaks (a database restart) is dropped from the pool; the next
  // query opens a new one. Without a listener the error would end the process.
  // pg attaches the whole client to the error (its connection settings, prepared statements and
  // cancel key), so only the message and code are logged.
  pool.on('error', (error: Error & { code?: string }) =>
    logger.warn(
      { error: { message: error.message, code: error.code } },
      'an idle database connection failed',
    ),
  )
  return pool
}

function connectionString(): string {
  const url = getEnv().DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set: the server resolves it before the app loads')
  return url
}

const pool: pg.Pool = (globalThis.__lanternPool ??= createPool(connectionString()))

export const prisma: Database = (globalThis.__lanternPrisma ??= new PrismaClient({
  adapter: new PrismaPg(pool),
}))

/** Answers whether the database takes queries; used by GET /healthz. */
export async function isDatabaseReachable(timeoutMs = 2_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs)
  })
  const probe = prisma.$queryRaw`SELECT 1`.then(
    () => true,
    () => false,
  )
  try {
    return await Promise.race([probe, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export async function disconnectDatabase(): Promise<void> {
  await globalThis.__lanternPrisma?.$disconnect()
  globalThis.__lanternPrisma = undefined
  await globalThis.__lanternPool?.end()
  globalThis.__lanternPool = undefined
}
