/**
 * The finance benchmarks (bench/README.md), against the production build with N gifts in its
 * database (bench/finance-seed.ts):
 *   C. the gifts ledger: first page and a filtered page, each requested REPEATS times in turn;
 *   D. a full CSV export of every gift, streamed: rows per second and the server's memory;
 *   E. reconciling a stored payout of 10,000 balance transactions.
 * Staff requests sign in like a person: the demo finance account's password, then its TOTP code.
 */
import { readFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { DEMO_STAFF_PASSWORD, DEMO_TOTP_SECRET } from '../app/modules/staff/demo-staff.server.ts'
import { totpCode } from '../app/modules/staff/totp.server.ts'
import { percentile } from './load.ts'
import type { BenchServer } from './server.ts'

export type PageFigures = {
  path: string
  requests: number
  p50Ms: number
  p95Ms: number
  maxMs: number
  /** Rows the page showed (checked against the database). */
  rows: number
}

export type ExportFigures = {
  rows: number
  expectedRows: number
  bytes: number
  seconds: number
  rowsPerSecond: number
  /** Highest resident memory sampled every 20 ms during the export, and the process's peak. */
  peakRssDuringMiB: number | null
  rssBeforeMiB: number | null
  vmHwmMiB: number | null
}

const round = (value: number) => Math.round(value * 10) / 10

/** Signs in as the seeded demo finance officer (password, then TOTP); returns the cookie. */
export async function signInAsFinance(baseUrl: string): Promise<string> {
  const origin = new URL(baseUrl).origin
  const post = (path: string, fields: Record<string, string>, cookie = '') =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: origin,
        Accept: 'text/html',
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: new URLSearchParams(fields).toString(),
    })
  const login = await post('/admin/login', {
    email: 'finance@lantern.test',
    password: DEMO_STAFF_PASSWORD,
    redirectTo: '/admin/finance',
  })
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  if (login.status !== 302 || !cookie) {
    throw new Error(`sign-in failed: HTTP ${login.status} ${await login.text()}`)
  }
  const second = await post('/admin/2fa', { code: totpCode(DEMO_TOTP_SECRET) }, cookie)
  if (second.status !== 302) throw new Error(`second factor failed: HTTP ${second.status}`)
  return cookie
}

/** GETs a staff page `repeats` times, one at a time, after one unmeasured request. */
export async function timePage(
  baseUrl: string,
  cookie: string,
  path: string,
  repeats: number,
  countRows: (html: string) => number,
): Promise<PageFigures> {
  const get = async () => {
    const started = performance.now()
    const response = await fetch(`${baseUrl}${path}`, { headers: { Cookie: cookie } })
    const html = await response.text()
    const ms = performance.now() - started
    if (response.status !== 200) throw new Error(`GET ${path}: HTTP ${response.status}`)
    return { ms, html }
  }
  const { html } = await get()
  const latencies: number[] = []
  for (let i = 0; i < repeats; i++) latencies.push((await get()).ms)
  latencies.sort((a, b) => a - b)
  return {
    path,
    requests: repeats,
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
    rows: countRows(html),
  }
}

async function rssKiB(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number | null> {
  if (process.platform !== 'linux') return null
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
  return match ? Number(match[1]) : null
}

/** Downloads the full gifts CSV, counting rows as they stream, sampling the server's memory. */
export async function timeExport(
  server: BenchServer,
  cookie: string,
  expectedRows: number,
): Promise<ExportFigures> {
  const rssBefore = await rssKiB(server.pid, 'VmRSS')
  let peak = rssBefore ?? 0
  let sampling = true
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, (await rssKiB(server.pid, 'VmRSS')) ?? 0)
      await sleep(20)
    }
  })()
  const started = performance.now()
  const response = await fetch(`${server.url}/admin/finance/exports/gifts.csv`, {
    headers: { Cookie: cookie, 'Accept-Encoding': process.env.BENCH_EXPORT_ENCODING ?? 'gzip' },
  })
  if (response.status !== 200 || !response.body) {
    sampling = false
    await sampler
    throw new Error(`export: HTTP ${response.status}`)
  }
  let lines = 0
  let bytes = 0
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength
    for (let i = 0; i < chunk.length; i++) if (chunk[i] === 0x0a) lines++
  }
  const seconds = (performance.now() - started) / 1000
  sampling = false
  await sampler
  const rows = lines - 1 // the header line
  const hwm = await rssKiB(server.pid, 'VmHWM')
  return {
    rows,
    expectedRows,
    bytes,
    seconds: round(seconds),
    rowsPerSecond: Math.round(rows / seconds),
    peakRssDuringMiB: rssBefore === null ? null : Math.round(peak / 1024),
    rssBeforeMiB: rssBefore === null ? null : Math.round(rssBefore / 1024),
    vmHwmMiB: hwm === null ? null : Math.round(hwm / 1024),
  }
}

/** How many gifts the database holds (what the export must stream). */
export async function countGifts(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM "Gift"`,
  )
  return rows[0]?.count ?? 0
}

export const TARGET_PAGE_MS = 200
export const TARGET_EXPORT_ROWS_PER_S = 50_000
export const TARGET_EXPORT_RSS_MIB = 300
export const TARGET_RECONCILE_MS = 5_000
const PAGE_REPEATS = 20
const PAYOUT_LINES = 10_000

export type ReconcileFigures = {
  payoutId: string
  lines: number
  matched: number
  ms: number
  reconciliation: string
  differenceMinor: number
  openExceptions: number
}

export type FinanceFigures = {
  gifts: number
  seedSeconds: number
  pages: Array<PageFigures & { label: string; expectedRows: number }>
  export: ExportFigures
  reconcile: ReconcileFigures
  ok: boolean
}

const LEDGER_ROW = /href="\/admin\/finance\/gifts\/[^"?/]+"/g
const countLedgerRows = (html: string) => html.match(LEDGER_ROW)?.length ?? 0

async function reconcileInChild(root: string, databaseUrl: string, payoutId: string) {
  const { spawn } = await import('node:child_process')
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/reconcile-once.ts', payoutId], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const json = output.split('\n').find((line) => line.startsWith('{'))
  if (code !== 0 || !json) throw new Error(`reconcile-once failed (${code}):\n${output}`)
  return JSON.parse(json) as ReconcileFigures
}

/** Seeds the server's database, then measures C, D and E against it. */
export async function financePhase(
  server: BenchServer,
  gifts: number,
  write: (line?: string) => void,
): Promise<FinanceFigures> {
  const client = new pg.Client({ ...server.database, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    write(
      `Seeding ${gifts} gifts with donors, pledges and receipts, and a ${PAYOUT_LINES}-line payout…`,
    )
    const { seedGifts, seedPayout, BENCH_PAYOUT_ID } = await import('./finance-seed.ts')
    const seeded = await seedGifts(client, gifts)
    await seedPayout(client, PAYOUT_LINES)
    await client.query('ANALYZE')
    write(`  seeded in ${seeded.seconds.toFixed(1)} s`)

    const cookie = await signInAsFinance(server.url)
    const expected = async (sql: string) =>
      Math.min(50, (await client.query<{ n: number }>(sql)).rows[0]?.n ?? 0)
    const { rows: sample } = await client.query<{ email: string; id: string }>(
      `SELECT "email", "id" FROM "Donor" WHERE "id" = 'bench_donor_4242'`,
    )
    const email = sample[0]?.email ?? 'nobody@example.org'
    const pageSpecs = [
      {
        label: 'C1. ledger, first page',
        path: '/admin/finance/gifts',
        count: `SELECT count(*)::int AS n FROM "Gift"`,
      },
      {
        label: 'C2. ledger, KRW partly refunded',
        path: '/admin/finance/gifts?currency=KRW&status=PARTIALLY_REFUNDED',
        count: `SELECT count(*)::int AS n FROM "Gift" WHERE "currency" = 'KRW' AND "status" = 'PARTIALLY_REFUNDED'`,
      },
      {
        label: 'C3. ledger, one fund, one month',
        path: '/admin/finance/gifts?fund=SHELTER&from=2025-03-01&to=2025-03-31',
        count: `SELECT count(*)::int AS n FROM "Gift" g JOIN "Campaign" c ON c."id" = g."campaignId" WHERE c."fund" = 'SHELTER' AND g."receivedAt" >= '2025-03-01' AND g."receivedAt" < '2025-04-01'`,
      },
      {
        label: 'C4. ledger, donor email search',
        path: `/admin/finance/gifts?q=${encodeURIComponent(email)}`,
        count: `SELECT count(*)::int AS n FROM "Gift" WHERE "donorId" = 'bench_donor_4242'`,
      },
    ]
    const pages: FinanceFigures['pages'] = []
    for (const spec of pageSpecs) {
      write(`${spec.label}: ${PAGE_REPEATS} requests in turn…`)
      const figures = await timePage(server.url, cookie, spec.path, PAGE_REPEATS, countLedgerRows)
      pages.push({ ...figures, label: spec.label, expectedRows: await expected(spec.count) })
    }

    write('D. full gifts CSV export…')
    const exported = await timeExport(server, cookie, await countGifts(client))

    write(`E. reconciling ${BENCH_PAYOUT_ID} (${PAYOUT_LINES} balance transactions)…`)
    const { host, port, user, password, database } = server.database
    const url = `postgresql://${user}:${encodeURIComponent(password)}@${host}:${port}/${database}`
    const root = new URL('..', import.meta.url).pathname
    const reconcile = await reconcileInChild(root, url, BENCH_PAYOUT_ID)

    const ok =
      pages.every((page) => page.rows === page.expectedRows) &&
      exported.rows === exported.expectedRows &&
      reconcile.reconciliation === 'RECONCILED' &&
      reconcile.matched === reconcile.lines
    return {
      gifts,
      seedSeconds: Math.round(seeded.seconds),
      pages,
      export: exported,
      reconcile,
      ok,
    }
  } finally {
    await client.end()
  }
}

export function printFinance(figures: FinanceFigures, write: (line?: string) => void) {
  write()
  write(`Finance, with ${figures.gifts} gifts (seeded in ${figures.seedSeconds} s):`)
  for (const page of figures.pages) {
    const met = page.p95Ms < TARGET_PAGE_MS ? 'met' : 'MISSED'
    write(
      `${page.label.padEnd(34)} p50 ${page.p50Ms} ms, p95 ${page.p95Ms} ms, max ${page.maxMs} ms; ${page.rows} rows shown (${page.rows === page.expectedRows ? 'ok' : `MISMATCH, want ${page.expectedRows}`}); p95 < ${TARGET_PAGE_MS} ms: ${met}`,
    )
  }
  const e = figures.export
  write(
    `D. gifts CSV                       ${e.rows} rows (${e.rows === e.expectedRows ? 'all' : `MISMATCH, want ${e.expectedRows}`}), ${Math.round(e.bytes / 1024 / 1024)} MiB in ${e.seconds} s = ${e.rowsPerSecond} rows/s (>= ${TARGET_EXPORT_ROWS_PER_S}: ${e.rowsPerSecond >= TARGET_EXPORT_ROWS_PER_S ? 'met' : 'MISSED'})`,
  )
  write(
    `   server memory                   RSS before ${e.rssBeforeMiB ?? '?'} MiB, highest during ${e.peakRssDuringMiB ?? '?'} MiB (< ${TARGET_EXPORT_RSS_MIB}: ${e.peakRssDuringMiB !== null && e.peakRssDuringMiB < TARGET_EXPORT_RSS_MIB ? 'met' : 'MISSED'}), VmHWM since start ${e.vmHwmMiB ?? '?'} MiB`,
  )
  const r = figures.reconcile
  write(
    `E. reconcile a payout              ${r.lines} lines, ${r.matched} matched, ${r.reconciliation} (difference ${r.differenceMinor}), in ${r.ms} ms (< ${TARGET_RECONCILE_MS}: ${r.ms < TARGET_RECONCILE_MS ? 'met' : 'MISSED'})`,
  )
}
