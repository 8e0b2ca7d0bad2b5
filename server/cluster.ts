/**
 * One HTTP server process per core (node:cluster). The primary boots what exists once per
 * deployment (embedded database, migrations, seed, Stripe emulator), then forks the servers; they
 * share the port (the primary hands out connections) and everything else through PostgreSQL.
 * A server that dies is replaced; SIGTERM reaches every server, which finishes its requests.
 */
import cluster, { type Worker } from 'node:cluster'
import type { Logger } from 'pino'

/** A server that dies within this of its start is failing to boot: wait before the next. */
const RESTART_BACKOFF_MS = [0, 1_000, 5_000, 15_000]

export type ServerFleet = {
  /** The port the servers share, once every one of them listens. */
  listening: Promise<number>
  /** Asks every server to finish and stop; resolves when all have exited. */
  stop(): Promise<void>
}

/**
 * Forks `count` servers running this same entry file with `env` added to their environment.
 * The first one (SERVER_INDEX 0) also supervises the job queue's schedules and maintenance.
 */
export function forkServers(count: number, env: Record<string, string>, logger: Logger) {
  let stopping = false
  let failures = 0
  let resolveListening!: (port: number) => void
  const listening = new Promise<number>((resolve) => (resolveListening = resolve))
  const slots = new Map<number, Worker>()
  const listened = new Set<number>()

  const start = (index: number) => {
    const worker = cluster.fork({ ...env, SERVER_INDEX: String(index) })
    const startedAt = Date.now()
    slots.set(index, worker)
    // A server says it is ready once it listens and its job worker runs (serverReady()).
    worker.on('message', (message: unknown) => {
      const port = (message as { lanternReady?: unknown } | null)?.lanternReady
      if (typeof port !== 'number') return
      failures = 0
      listened.add(index)
      if (listened.size === count) resolveListening(port)
    })
    worker.on('exit', (code, signal) => {
      if (slots.get(index) === worker) slots.delete(index)
      if (stopping) return
      const quick = Date.now() - startedAt < 10_000
      failures = quick ? failures + 1 : 0
      const delay = RESTART_BACKOFF_MS[Math.min(failures, RESTART_BACKOFF_MS.length - 1)]!
      logger.error({ server: index, code, signal, restartInMs: delay }, 'a server process ended')
      setTimeout(() => {
        if (!stopping) start(index)
      }, delay).unref()
    })
  }
  for (let index = 0; index < count; index++) start(index)

  return {
    listening,
    async stop() {
      stopping = true
      const exits = [...slots.values()].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve()
            worker.once('exit', () => resolve())
            worker.process.kill('SIGTERM')
          }),
      )
      await Promise.all(exits)
    },
  } satisfies ServerFleet
}

/** Tells the primary that this server process is ready (listening on `port`). */
export function serverReady(port: number) {
  process.send?.({ lanternReady: port })
}
