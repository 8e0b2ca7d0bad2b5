import path from 'node:path'
import { defineConfig } from 'prisma/config'
import { createMigrationAdapter } from './prisma/migrate-adapter.ts'

// The schema's `env("DATABASE_URL")` must resolve for the CLI to read the schema at all, even for
// `prisma generate`; an unreadable schema makes the CLI fall back to downloading a native engine.
// Commands that need no database (generate, validate, format) get a placeholder.
const PLACEHOLDER_URL = 'postgresql://placeholder@localhost:5432/placeholder'
process.env.DATABASE_URL ||= PLACEHOLDER_URL

// The CLI migrates through a driver adapter on Prisma's WASM schema engine, so it never
// downloads a native engine (docs/decisions/0002-prisma-offline-migrations.md).
export default defineConfig({
  engine: 'js',
  experimental: { adapter: true },
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations'), seed: 'tsx prisma/seed-cli.ts' },
  async adapter() {
    const url = process.env.DATABASE_URL
    if (!url || url === PLACEHOLDER_URL)
      throw new Error('DATABASE_URL must be set to run Prisma migrations')
    return createMigrationAdapter(url)
  },
})
