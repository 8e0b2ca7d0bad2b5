/**
 * Runs before every test file: points DATABASE_URL at this worker's own database, so test
 * files in parallel never share rows. Nothing connects until a test asks for the database
 * (see `setupTestDatabase` in ./test-database.ts).
 */
import { inject } from 'vitest'
import { withDatabase } from './postgres.ts'

const workerId = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '0'
process.env.TEST_DATABASE_NAME = `lantern_test_${workerId}`
process.env.DATABASE_URL = withDatabase(inject('databaseAdminUrl'), process.env.TEST_DATABASE_NAME)
process.env.NODE_ENV = 'test'
process.env.LOG_LEVEL ??= 'error'
