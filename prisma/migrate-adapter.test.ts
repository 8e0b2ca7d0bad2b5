import type { QueryResult } from 'pg'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { adminQuery, withDatabase } from '#tests/support/postgres.ts'
import { CatalogAsTextClient, createMigrationAdapter } from './migrate-adapter.ts'

const DATABASE = 'lantern_migrate_adapter_test'
let url: string

beforeAll(async () => {
  const adminUrl = inject('databaseAdminUrl')
  await adminQuery(
    adminUrl,
    `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`,
    `CREATE DATABASE ${DATABASE}`,
  )
  url = withDatabase(adminUrl, DATABASE)
  await adminQuery(
    url,
    'CREATE TABLE t (id int PRIMARY KEY, amount int NOT NULL CHECK (amount > 0))',
  )
})

afterAll(async () => {
  await adminQuery(inject('databaseAdminUrl'), `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`)
})

async function databaseNames(): Promise<string[]> {
  const client = new CatalogAsTextClient({ connectionString: inject('databaseAdminUrl') })
  await client.connect()
  try {
    const result = (await client.query('SELECT datname FROM pg_database')) as QueryResult<{
      datname: string
    }>
    return result.rows.map((row) => row.datname)
  } finally {
    await client.end()
  }
}

describe('CatalogAsTextClient', () => {
  test('describes catalog-typed columns (name, "char") as text, and keeps oid', async () => {
    const client = new CatalogAsTextClient({ connectionString: url })
    await client.connect()
    try {
      const result = (await client.query(
        "SELECT relname, relkind, oid FROM pg_class WHERE relname = 't'",
      )) as QueryResult
      const types = Object.fromEntries(
        result.fields.map((f) => [f.name.replace('\u0000char', ''), f.dataTypeID]),
      )
      expect(types).toEqual({ relname: 25, relkind: 25, oid: 26 })
      expect(result.rows[0]).toMatchObject({ relname: 't' })
    } finally {
      await client.end()
    }
  })
})

describe('createMigrationAdapter', () => {
  test('reads a CHECK constraint type as a character (the schema engine needs it)', async () => {
    const adapter = await createMigrationAdapter(url).connect()
    try {
      const result = await adapter.queryRaw({
        sql: "SELECT contype AS constraint_type FROM pg_constraint WHERE conname LIKE 't_amount%'",
        args: [],
        argTypes: [],
      })
      expect(result.columnNames).toEqual(['constraint_type'])
      expect(result.columnTypes).toEqual([6]) // ColumnTypeEnum.Character
      expect(result.rows).toEqual([['c']])
    } finally {
      await adapter.dispose()
    }
  })

  test('runs a script whose statements contain ";" (function bodies) as one', async () => {
    const adapter = await createMigrationAdapter(url).connect()
    try {
      await adapter.executeScript(`
        CREATE FUNCTION semicolons() RETURNS text LANGUAGE plpgsql AS $$
        BEGIN RETURN 'a;b'; END;
        $$;
        CREATE TABLE after_function (id int);`)
      const result = await adapter.queryRaw({
        sql: 'SELECT semicolons() AS v',
        args: [],
        argTypes: [],
      })
      expect(result.rows).toEqual([['a;b']])
    } finally {
      await adapter.dispose()
    }
  })

  test('creates a shadow database and drops it once its pool has closed', async () => {
    const factory = createMigrationAdapter(url)
    const before = await databaseNames()
    const shadow = await factory.connectToShadowDb()
    const during = await databaseNames()
    const created = during.filter((name) => !before.includes(name))
    expect(created).toHaveLength(1)
    expect(created[0]).toMatch(/^prisma_shadow_/)
    await shadow.executeScript('CREATE TABLE probe (id int)')
    await shadow.dispose()
    expect(await databaseNames()).not.toContain(created[0])
  })
})
