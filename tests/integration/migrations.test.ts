// The migration drift check: the SQL migrations must produce exactly the Prisma schema.
import { spawnSync } from 'node:child_process'
import { expect, inject, test } from 'vitest'
import { withDatabase } from '#tests/support/postgres.ts'

// The Prisma CLI starts its WASM schema engine, builds a shadow database from every migration
// and compares: 23 s was seen on a busy 2-core machine, so it gets the CLI's own 60 s and more.
const DRIFT_CHECK_MS = 90_000

test(
  'prisma/migrations matches prisma/schema.prisma (no drift)',
  () => {
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        './prisma/cli-preload.mjs',
        'node_modules/prisma/build/index.js',
        'migrate',
        'diff',
        '--from-migrations',
        'prisma/migrations',
        '--to-schema-datamodel',
        'prisma/schema.prisma',
        '--exit-code',
      ],
      {
        encoding: 'utf8',
        env: {
          ...process.env,
          // The shadow database is created on the test cluster and dropped afterwards.
          DATABASE_URL: withDatabase(inject('databaseAdminUrl'), 'postgres'),
          CHECKPOINT_DISABLE: '1',
        },
        timeout: 60_000,
      },
    )
    const output = `${result.stdout}\n${result.stderr}`
    // --exit-code: 0 = no difference, 2 = drift, 1 = error.
    expect(output).toContain('No difference detected')
    expect(result.status, output).toBe(0)
  },
  DRIFT_CHECK_MS,
)
