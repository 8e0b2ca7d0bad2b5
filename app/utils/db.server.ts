/**
 * The one Prisma client of this process. Queries go through @prisma/adapter-pg (no Rust engine
 * at run time). It is kept on globalThis so that the Express server and the Remix build, which
 * are bundled separately, share one connection pool.
 */
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '#app/generated/prisma/client.ts'
import { getEnv } from './env.server.ts'

export type Database = InstanceType<typeof PrismaClient>

const POOL_SIZE = 10
const CONNECT_TIMEOUT_MS = 5_000

declare global {
  var __lanternPrisma: Database | undefined
}

export function createPrismaClient(databaseUrl: string): Database {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: POOL_SIZE,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  })
  return new PrismaClient({ adapter })
}

function connectionString(): string {
  const url = getEnv().DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set: the server resolves it before the app loads')
  return url
}

export const prisma: Database = (globalThis.__lanternPrisma ??=
  createPrismaClient(connectionString()))

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
}
