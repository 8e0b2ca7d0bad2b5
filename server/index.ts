/**
 * Lantern's process entry: validate configuration, resolve embedded defaults (database, dev
 * secrets), migrate, seed on first run, serve, and stop gracefully on SIGTERM/SIGINT.
 */
import cluster from 'node:cluster'
import http, { type Server } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { ConfigError, parseEnv, webConcurrency, type Env } from '#app/utils/env.server.ts'
import { createLogger } from '#app/utils/logger.server.ts'
import { createApp } from './app.ts'
import { forkServers, serverReady } from './cluster.ts'
import { listen } from './http-server.ts'
import { migrateDatabase, projectRoot, resolveDatabase } from './database.ts'
import { readOrCreateSecret } from './dev-secrets.ts'
import { startEmulatorIfNeeded } from './stripe-mode.ts'

const SHUTDOWN_GRACE_MS = 10_000

/** Stops accepting connections and waits for in-flight requests (at most SHUTDOWN_GRACE_MS). */
function closeServer(server: Server, logger: ReturnType<typeof createLogger>): Promise<void> {
  const forced = setTimeout(() => {
    logger.warn('in-flight requests did not finish in time; closing connections')
    server.closeAllConnections()
  }, SHUTDOWN_GRACE_MS)
  forced.unref()
  return new Promise<void>((resolve) => {
    server.close(() => {
      clearTimeout(forced)
      resolve()
    })
    server.closeIdleConnections()
  })
}

function loadEnv(): Env {
  try {
    return parseEnv(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`Lantern cannot start.\n${error.message}\n`)
    process.exit(1)
  }
}

type Logger = ReturnType<typeof createLogger>

/**
 * This process serves HTTP and runs background jobs, against a database that is already
 * migrated: the Remix build, the Express app, the job worker. `supervise`: this process also runs
 * the job queue's schedules and maintenance (one process per deployment needs to).
 */
async function serve(env: Env, logger: Logger, supervise: boolean) {
  const root = projectRoot()
  const { isDatabaseReachable, disconnectDatabase } = await import('#app/utils/db.server.ts')
  const { startWorker } = await import('./worker.ts')
  const { checkoutOrigins } = await import('#app/utils/stripe.server.ts')
  const { receiveStripeWebhook } = await import('#app/modules/payments/stripe-inbox.server.ts')
  const buildPath = path.join(root, 'build/remix/index.js')
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild
  const app = createApp({
    build,
    mode: env.NODE_ENV,
    publicDir: path.join(root, 'public'),
    logger,
    isDatabaseReachable,
    receiveStripeWebhook,
    formActionOrigins: checkoutOrigins(process.env.STRIPE_API_URL ?? env.STRIPE_API_URL),
    maxUploadBytes: env.MAX_UPLOAD_BYTES,
    trustProxy: env.TRUST_PROXY,
    httpsOnly: env.NODE_ENV === 'production' && (process.env.APP_URL ?? '').startsWith('https://'),
  })

  const server = http.createServer(app)
  await listen(server, env.PORT)
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  const worker = await startWorker({ databaseUrl: getDatabaseUrl(), supervise })
  return {
    port,
    // In reverse order of these: the server stops taking requests first, the pool closes last.
    stopSteps: [disconnectDatabase, () => worker.stop(), () => closeServer(server, logger)],
  }
}

function getDatabaseUrl(): string {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is not set: the primary process resolves it first')
  return url
}

/** Runs `steps` last to first once, on SIGTERM or SIGINT, then exits. */
function stopOnSignals(logger: Logger, steps: Array<() => Promise<unknown>>, signals: string[]) {
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'stopping: finishing in-flight requests')
    for (const step of [...steps].reverse()) {
      await step().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'))
    }
    logger.info('stopped')
    process.exit(0)
  }
  for (const signal of signals) process.once(signal, () => void stop(signal))
}

/** A server process forked by the primary (WEB_CONCURRENCY above 1). */
async function serverProcess(env: Env, logger: Logger) {
  const index = Number(process.env.SERVER_INDEX ?? 0)
  const steps: Array<() => Promise<unknown>> = []
  // Only the primary decides when to stop: Ctrl-C in a terminal reaches every process of the
  // group, and a server that stopped by itself would be replaced.
  process.on('SIGINT', () => {})
  stopOnSignals(logger, steps, ['SIGTERM'])
  const served = await serve(env, logger, index === 0)
  steps.push(...served.stopSteps)
  logger.info({ server: index, pid: process.pid }, 'server process listening')
  serverReady(served.port)
}

async function main() {
  const bootStartedAt = performance.now()
  const env = loadEnv()
  process.env.NODE_ENV = env.NODE_ENV
  const logger = createLogger(env.LOG_LEVEL)
  globalThis.__lanternLogger = logger
  if (cluster.isWorker) return serverProcess(env, logger)
  const root = projectRoot()
  const dataDir = path.resolve(root, env.LANTERN_DATA_DIR)

  // Registered first, so a signal during boot also stops what has started (in reverse order).
  const stopSteps: Array<() => Promise<unknown>> = []
  stopOnSignals(logger, stopSteps, ['SIGTERM', 'SIGINT'])

  const database = await resolveDatabase({ databaseUrl: env.DATABASE_URL, dataDir, logger })
  if (database.embedded) stopSteps.push(() => database.embedded!.stop())
  process.env.DATABASE_URL = database.url
  if (!env.SESSION_SECRET)
    process.env.SESSION_SECRET = await readOrCreateSecret(dataDir, 'session-secret')
  process.env.APP_URL ??= `http://localhost:${env.PORT}`

  await migrateDatabase(database.url, logger)
  const emulator = await startEmulatorIfNeeded({
    secretKey: env.STRIPE_SECRET_KEY,
    port: env.STRIPE_EMULATOR_PORT,
    dataDir,
    logger,
  })
  if (emulator) stopSteps.push(() => emulator.close())

  // Loaded only now: the database client reads DATABASE_URL when first imported.
  const { prisma } = await import('#app/utils/db.server.ts')
  const { assertNoDemoStaffInProduction } = await import('#app/modules/staff/demo-staff.server.ts')
  await assertNoDemoStaffInProduction(prisma)
  if (database.created) {
    const { seedDatabase } = await import('../prisma/seed.ts')
    const summary = await seedDatabase(prisma)
    logger.info(summary, 'first run: demo data seeded')
  }

  const processes = webConcurrency(env)
  let port: number
  if (processes === 1) {
    const served = await serve(env, logger, true)
    stopSteps.push(...served.stopSteps)
    port = served.port
  } else {
    // The servers inherit this process's environment: the database, secrets and emulator
    // resolved above. The primary keeps no pool of its own while they run.
    const { disconnectDatabase } = await import('#app/utils/db.server.ts')
    await disconnectDatabase()
    const fleet = forkServers(processes, {}, logger)
    stopSteps.push(() => fleet.stop())
    port = await fleet.listening
  }
  emulator?.deliverTo(port)
  logger.info(
    {
      port,
      url: `http://localhost:${port}`,
      processes,
      bootMs: Math.round(performance.now() - bootStartedAt),
    },
    'Lantern is listening',
  )
}

main().catch((error: unknown) => {
  // A known reason is already a sentence that says what to do; a stack trace would bury it.
  const reason =
    error instanceof Error && error.name === 'EmbeddedPostgresError' ? error.message : undefined
  process.stderr.write(
    `Lantern failed to start: ${reason ?? (error instanceof Error ? error.stack : String(error))}\n`,
  )
  process.exit(1)
})
