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
    headers: { Cookie: cookie },
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
