/**
 * Vitest global setup: a real PostgreSQL for the whole run. Uses the cluster of `npm test`
 * (TEST_DATABASE_ADMIN_URL) when there is one, else starts its own; migrates the template once.
 */
import type { TestProject } from 'vitest/node'
import { ensureDatabase, migrateDatabase } from '#server/database.ts'
import { createLogger } from '#app/utils/logger.server.ts'
import { TEMPLATE_DATABASE, startTestCluster, withDatabase, type TestCluster } from './postgres.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseAdminUrl: string
  }
}

let cluster: TestCluster | undefined

export async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL
  if (!adminUrl) {
    cluster = await startTestCluster()
    adminUrl = cluster.adminUrl
  }
  if (await ensureDatabase(adminUrl, TEMPLATE_DATABASE)) {
    await migrateDatabase(withDatabase(adminUrl, TEMPLATE_DATABASE), createLogger('warn'))
  }
  project.provide('databaseAdminUrl', adminUrl)
}

export async function teardown() {
  await cluster?.dispose()
}
