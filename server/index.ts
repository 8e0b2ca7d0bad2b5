/**
 * Lantern's process entry: validate configuration, resolve embedded defaults (database, dev
 * secrets), migrate, seed on first run, serve, and stop gracefully on SIGTERM/SIGINT.
 */
import http, { type Server } from 'node:http'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { ConfigError, parseEnv, type Env } from '#app/utils/env.server.ts'
import { createLogger } from '#app/utils/logger.server.ts'
import { createApp } from './app.ts'
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

async function main() {
  const bootStartedAt = performance.now()
  const env = loadEnv()
  process.env.NODE_ENV = env.NODE_ENV
  const logger = createLogger(env.LOG_LEVEL)
  globalThis.__lanternLogger = logger
  const root = projectRoot()
  const dataDir = path.resolve(root, env.LANTERN_DATA_DIR)

  // Registered first, so a signal during boot also stops what has started (in reverse order).
  const stopSteps: Array<() => Promise<unknown>> = []
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'stopping: finishing in-flight requests')
    for (const step of stopSteps.reverse()) {
      await step().catch((error: unknown) => logger.error({ err: error }, 'error while stopping'))
    }
    logger.info('stopped')
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop('SIGTERM'))
  process.once('SIGINT', () => void stop('SIGINT'))

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
  const { prisma, isDatabaseReachable, disconnectDatabase } =
    await import('#app/utils/db.server.ts')
  stopSteps.push(disconnectDatabase)
  const { assertNoDemoStaffInProduction } = await import('#app/modules/staff/demo-staff.server.ts')
  await assertNoDemoStaffInProduction(prisma)
  const { startWorker } = await import('./worker.ts')
  const { checkoutOrigins } = await import('#app/utils/stripe.server.ts')
  const { receiveStripeWebhook } = await import('#app/modules/payments/stripe-inbox.server.ts')
  if (database.created) {
    const { seedDatabase } = await import('../prisma/seed.ts')
    const summary = await seedDatabase(prisma)
    logger.info(summary, 'first run: demo data seeded')
  }

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
  emulator?.deliverTo(port)
  const worker = await startWorker({ databaseUrl: database.url })
  logger.info(
    {
      port,
      url: `http://localhost:${port}`,
      bootMs: Math.round(performance.now() - bootStartedAt),
    },
    'Lantern is listening',
  )

  stopSteps.push(() => worker.stop())
  stopSteps.push(() => closeServer(server, logger))
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
