/**
 * A small closed-loop load generator: a fixed number of requests, at most `concurrency` in
 * flight over keep-alive connections, each timed from just before it is written to the end of
 * its response. Bounded in count and in time: requests not started by the deadline are counted
 * as failures, and every request has its own timeout.
 */
import http from 'node:http'

export type HttpRequest = {
  method: 'POST' | 'GET'
  path: string
  headers: Record<string, string>
  body: string
}

export type HttpResponse = { status: number; headers: http.IncomingHttpHeaders; body: string }

export type LoadOptions = {
  baseUrl: string
  count: number
  concurrency: number
  /** Builds request `index` right before it is sent (so signatures carry a fresh timestamp). */
  prepare(index: number): HttpRequest
  /** Says why a response is a failure, or null when it is what a client expects. */
  check(response: HttpResponse): string | null
  deadlineMs: number
  requestTimeoutMs: number
}

export type LoadResult = {
  count: number
  succeeded: number
  failed: number
  /** Failure reasons with how often each happened. */
  failures: Record<string, number>
  wallMs: number
  /** Latency of every request that got a response, in milliseconds, sorted ascending. */
  latenciesMs: number[]
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency })
  const failures: Record<string, number> = {}
  const fail = (reason: string) => (failures[reason] = (failures[reason] ?? 0) + 1)
  const latenciesMs: number[] = []
  let started = 0
  let succeeded = 0
  const startedAt = performance.now()
  const stopAt = startedAt + options.deadlineMs

  const client = async () => {
    while (started < options.count && performance.now() < stopAt) {
      const request = options.prepare(started++)
      const sentAt = performance.now()
      try {
        const response = await send(agent, options.baseUrl, request, options.requestTimeoutMs)
        latenciesMs.push(performance.now() - sentAt)
        const problem = options.check(response)
        if (problem) fail(problem)
        else succeeded++
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error))
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, client))
  } finally {
    agent.destroy()
  }
  const wallMs = performance.now() - startedAt
  if (started < options.count) {
    failures[`not sent within the ${options.deadlineMs / 1000} s deadline`] =
      options.count - started
  }
  return {
    count: options.count,
    succeeded,
    failed: options.count - succeeded,
    failures,
    wallMs,
    latenciesMs: latenciesMs.sort((a, b) => a - b),
  }
}

function send(
  agent: http.Agent,
  baseUrl: string,
  request: HttpRequest,
  timeoutMs: number,
): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      new URL(request.path, baseUrl),
      {
        method: request.method,
        agent,
        headers: { ...request.headers, 'Content-Length': String(Buffer.byteLength(request.body)) },
      },
      (incoming) => {
        const chunks: Buffer[] = []
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
        incoming.on('error', reject)
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        )
      },
    )
    outgoing.setTimeout(timeoutMs, () =>
      outgoing.destroy(new Error(`no response within ${timeoutMs} ms`)),
    )
    outgoing.on('error', reject)
    outgoing.end(request.body)
  })
}

/** Nearest-rank percentile of an ascending list; NaN when it is empty. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sortedMs.length)
  return sortedMs[Math.min(sortedMs.length, Math.max(1, rank)) - 1] as number
}
