/**
 * The driver adapter that lets the Prisma 6.19 CLI migrate PostgreSQL fully offline.
 *
 * Why this exists (docs/decisions/0002-prisma-offline-migrations.md): Prisma's native
 * schema engine is downloaded on first CLI use, and that download cannot happen on our
 * machines. Prisma 6.19 can instead run its WASM schema engine through a driver adapter
 * (`engine: 'js'` in prisma.config.ts). The stock @prisma/adapter-pg needs two fixes for that:
 *
 * 1. Introspection reads catalog columns whose types the adapter cannot decode and fails
 *    with "Column type 'name' could not be deserialized" (OID 19), then 'char' (OID 18).
 *    We report those columns as text (OID 25). OID 26 (`oid`) must stay as it is, or
 *    `migrate diff` fails with "expected a string in column 'con_id'". A `"char"` column must
 *    further reach the engine typed as a character: it reads CHECK constraints' `contype` as
 *    one and panics ("RuntimeError: unreachable") on text.
 * 2. Its `executeScript` splits a migration on every ";", which breaks any statement with a ";"
 *    inside it (function bodies, strings): "unterminated dollar-quoted string". We send the
 *    whole script as one simple query, as Prisma's native engine does.
 * 3. Its shadow database ignores the database override when given a connection string, and
 *    drops the shadow database before closing its own pool ("is being accessed by other
 *    users"). We create the shadow database ourselves and drop it after the pool has ended.
 */
import { randomUUID } from 'node:crypto'
import { PrismaPg } from '@prisma/adapter-pg'
import {
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQueryable,
} from '@prisma/driver-adapter-utils'
import pg from 'pg'

const TEXT_OID = 25
const CHAR_OID = 18
/** Appended to the name of a `"char"` column so the adapter wrapper can retype it. */
const CHAR_COLUMN_MARK = '\u0000char'
/** name, char, int2vector, regproc, xid, oidvector, pg_node_tree, aclitem, regclass, regtype */
export const CATALOG_OIDS_READ_AS_TEXT = new Set([18, 19, 22, 24, 28, 30, 194, 1033, 2205, 2206])

type QueryResultLike = { fields?: Array<{ name: string; dataTypeID: number }> }

function readCatalogTypesAsText<T>(result: T): T {
  const results = Array.isArray(result) ? result : [result]
  for (const one of results as QueryResultLike[]) {
    for (const field of one?.fields ?? []) {
      if (!CATALOG_OIDS_READ_AS_TEXT.has(field.dataTypeID)) continue
      if (field.dataTypeID === CHAR_OID) field.name += CHAR_COLUMN_MARK
      field.dataTypeID = TEXT_OID
    }
  }
  return result
}

/** A pg.Client whose results describe catalog-typed columns as text. */
export class CatalogAsTextClient extends pg.Client {
  // pg's query() has many overloads (promise, callback, submittable); we only touch results.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const callbackIndex = args.findIndex((arg) => typeof arg === 'function')
    if (callbackIndex >= 0) {
      const callback = args[callbackIndex] as (error: Error | null, result: unknown) => void
      args[callbackIndex] = (error: Error | null, result: unknown) =>
        callback(error, error ? result : readCatalogTypesAsText(result))
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args)
    if (returned instanceof Promise) return returned.then(readCatalogTypesAsText)
    return returned
  }
}

function typeCharColumnsAsCharacter<T extends SqlQueryable>(queryable: T): T {
  const queryRaw = queryable.queryRaw.bind(queryable)
  queryable.queryRaw = async (query) => {
    const result = await queryRaw(query)
    result.columnNames.forEach((name, index) => {
      if (!name.endsWith(CHAR_COLUMN_MARK)) return
      result.columnNames[index] = name.slice(0, -CHAR_COLUMN_MARK.length)
      result.columnTypes[index] = ColumnTypeEnum.Character
    })
    return result
  }
  return queryable
}

async function connectAdapter(factory: PrismaPg): Promise<SqlDriverAdapter> {
  const adapter = typeCharColumnsAsCharacter(await factory.connect())
  const reportError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(
    adapter,
  )
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script)
    } catch (error) {
      reportError(error)
    }
  }
  const startTransaction = adapter.startTransaction.bind(adapter)
  adapter.startTransaction = async (...args) =>
    typeCharColumnsAsCharacter(await startTransaction(...args))
  return adapter
}

function connectionFields(connectionString: string): pg.ClientConfig {
  const url = new URL(connectionString)
  const sslmode = url.searchParams.get('sslmode')
  return {
    host: decodeURIComponent(url.hostname) || url.searchParams.get('host') || 'localhost',
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)) || 'postgres',
    ssl:
      sslmode && sslmode !== 'disable' ? { rejectUnauthorized: sslmode === 'verify-full' } : false,
  }
}

async function runAdminStatement(fields: pg.ClientConfig, sql: string): Promise<void> {
  const client = new pg.Client(fields)
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

export function createMigrationAdapter(
  connectionString: string,
): SqlMigrationAwareDriverAdapterFactory {
  const fields = connectionFields(connectionString)
  const adapterFor = (database: string) =>
    new PrismaPg({
      ...fields,
      database,
      Client: CatalogAsTextClient,
      max: 2,
      idleTimeoutMillis: 100,
    })

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectAdapter(adapterFor(fields.database as string)),
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const shadow = `prisma_shadow_${randomUUID().replaceAll('-', '')}`
      await runAdminStatement(fields, `CREATE DATABASE "${shadow}"`)
      const adapter = await connectAdapter(adapterFor(shadow))
      const endPool = adapter.dispose.bind(adapter)
      adapter.dispose = async () => {
        await endPool()
        await runAdminStatement(fields, `DROP DATABASE IF EXISTS "${shadow}" WITH (FORCE)`)
      }
      return adapter
    },
  }
}
