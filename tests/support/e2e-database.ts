/**
 * The database of the end-to-end web server, for tests that write their own rows there (an
 * appeal of their own: tests/e2e/fixtures.ts). Without DATABASE_URL the server starts an
 * embedded PostgreSQL in its data folder on a free port (server/database.ts): the port is read
 * from the cluster's postmaster.pid and the password from the file kept beside the cluster.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { EMBEDDED_DATABASE_NAME } from '#server/database.ts'
import { ROOT_RUNTIME_DIR } from '#server/embedded-postgres.ts'
import { E2E_DATA_DIR } from './e2e-env.ts'

/** The role server/embedded-postgres.ts creates the cluster with. */
const EMBEDDED_USER = 'lantern'

/**
 * Where the cluster's files are: in the data folder, or, as root when the postgres user cannot
 * enter that folder, under ROOT_RUNTIME_DIR in a folder whose FOR file names the data folder.
 */
async function clusterFolder(dataDir: string): Promise<string> {
  const own = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => null)
  if (own !== null) return dataDir
  const clusters = path.join(ROOT_RUNTIME_DIR, 'clusters')
  for (const key of await readdir(clusters).catch(() => [] as string[])) {
    const forDir = await readFile(path.join(clusters, key, 'FOR'), 'utf8').catch(() => '')
    if (forDir.trim() === dataDir) return path.join(clusters, key, 'postgres')
  }
  throw new Error(`no running PostgreSQL cluster for ${dataDir}: is the e2e web server up?`)
}

export async function e2eDatabaseUrl(): Promise<string> {
  const dataDir = path.resolve(E2E_DATA_DIR, 'postgres')
  const password = (await readFile(`${dataDir}.password`, 'utf8')).trim()
  const pid = await readFile(path.join(await clusterFolder(dataDir), 'postmaster.pid'), 'utf8')
  // postmaster.pid: process id, data folder, start time, port, socket folder, ... one a line.
  const port = Number(pid.split('\n')[3])
  if (!Number.isInteger(port) || port <= 0) throw new Error('postmaster.pid names no port')
  return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${EMBEDDED_DATABASE_NAME}`
}
