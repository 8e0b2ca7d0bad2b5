/**
 * `setupTestDatabase()` in a test file gives it a freshly migrated database of its own, emptied
 * before every test (every table but Prisma's migration history is truncated).
 */
import { afterAll, beforeAll, beforeEach, inject } from 'vitest'
import { cloneTemplate } from './postgres.ts'

export function setupTestDatabase() {
  beforeAll(async () => {
    await cloneTemplate(inject('databaseAdminUrl'), process.env.TEST_DATABASE_NAME as string)
  })
  beforeEach(async () => {
    const { prisma } = await import('#app/utils/db.server.ts')
    const tables = await prisma.$queryRaw<Array<{ tablename: string }>>`
      SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`
    if (tables.length === 0) return
    const list = tables.map(({ tablename }) => `"public"."${tablename}"`).join(', ')
    await prisma.$executeRawUnsafe(`TRUNCATE ${list} RESTART IDENTITY CASCADE`)
  })
  afterAll(async () => {
    const { disconnectDatabase } = await import('#app/utils/db.server.ts')
    await disconnectDatabase()
  })
}
