/**
 * A small closed-loop load generator: a fixed number of requests, at most `concurrency` in
 * flight, each timed from just before it is written to the end of its response. Bounded in count
 * and in time: requests not started by the deadline are counted as failures, and every request
 * has its own timeout.
 *
 * Each in-flight slot owns one keep-alive connection and speaks HTTP/1.1 on it directly (a plain
 * `net.Socket`, the request written in one piece, the response parsed here). The load generator
 * shares the machine's cores with the server it measures, so it is kept light: node:http's
 * client spent about 0.5 ms of CPU per request, which the server then did not get
 * (bench/README.md, "Caveats").
 */
import net from 'node:net'

export type HttpRequest = {
  method: 'POST' | 'GET'
  path: string
  headers: Record<string, string>
  body: string
}

/** Header names are lower-case; the values of a repeated header are joined with ", ". */
export type HttpResponse = {
  status: number
  headers: Record<string, string | undefined>
  body: string
}

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
  const url = new URL(options.baseUrl)
  if (url.protocol !== 'http:')
    throw new Error(`the load generator speaks plain http, not ${url.protocol}`)
  const failures: Record<string, number> = {}
  const fail = (reason: string) => (failures[reason] = (failures[reason] ?? 0) + 1)
  const latenciesMs: number[] = []
  let started = 0
  let succeeded = 0
  const startedAt = performance.now()
  const stopAt = startedAt + options.deadlineMs

  const client = async () => {
    const connection = new Connection(url.hostname, Number(url.port || 80))
    try {
      while (started < options.count && performance.now() < stopAt) {
        const request = options.prepare(started++)
        const sentAt = performance.now()
        try {
          const response = await connection.send(request, options.requestTimeoutMs)
          latenciesMs.push(performance.now() - sentAt)
          const problem = options.check(response)
          if (problem) fail(problem)
          else succeeded++
        } catch (error) {
          fail(error instanceof Error ? error.message : String(error))
        }
      }
    } finally {
      connection.close()
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, client))
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

const CRLF_CRLF = Buffer.from('\r\n\r\n')

type Pending = {
  resolve(response: HttpResponse): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

/**
 * One keep-alive HTTP/1.1 connection, one request at a time. It reconnects when the server
 * closed it (`Connection: close`, or an idle timeout between runs). Responses are framed by
 * `Content-Length` or chunked transfer coding; without either, the body runs until the server
 * closes the connection.
 */
class Connection {
  private socket: net.Socket | null = null
  private received: Buffer = Buffer.alloc(0)
  private pending: Pending | null = null
  private head: { status: number; headers: HttpResponse['headers']; bodyStart: number } | null =
    null

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  send(request: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
    if (this.pending) return Promise.reject(new Error('one request at a time per connection'))
    const socket = this.socket ?? this.connect()
    const body = Buffer.from(request.body, 'utf8')
    let text = `${request.method} ${request.path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\n`
    for (const [name, value] of Object.entries(request.headers)) text += `${name}: ${value}\r\n`
    text += `Content-Length: ${body.length}\r\n\r\n`
    return new Promise<HttpResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.abandon(new Error(`no response within ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending = { resolve, reject, timer }
      socket.write(body.length > 0 ? Buffer.concat([Buffer.from(text, 'latin1'), body]) : text)
    })
  }

  close(): void {
    this.socket?.destroy()
    this.socket = null
  }

  private connect(): net.Socket {
    const socket = net.connect({ host: this.host, port: this.port, noDelay: true })
    this.socket = socket
    this.received = Buffer.alloc(0)
    this.head = null
    socket.on('data', (chunk: Buffer) => {
      this.received = this.received.length === 0 ? chunk : Buffer.concat([this.received, chunk])
      this.parseOrAbandon(false)
    })
    socket.on('error', (error) => this.abandon(error))
    socket.on('close', () => {
      if (this.socket !== socket) return
      this.parseOrAbandon(true)
      this.abandon(new Error('the server closed the connection'))
    })
    return socket
  }

  /** Fails the request in flight, if any, and drops the connection. */
  private abandon(error: Error): void {
    const pending = this.pending
    this.pending = null
    this.close()
    if (pending) {
      clearTimeout(pending.timer)
      pending.reject(error)
    }
  }

  private parseOrAbandon(closed: boolean): void {
    try {
      this.parse(closed)
    } catch (error) {
      this.abandon(error instanceof Error ? error : new Error(String(error)))
    }
  }

  private parse(closed: boolean): void {
    if (!this.pending) return
    if (!this.head) {
      const end = this.received.indexOf(CRLF_CRLF)
      if (end < 0) return
      const lines = this.received.toString('latin1', 0, end).split('\r\n')
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1])
      if (!Number.isInteger(status)) {
        this.abandon(new Error(`not an HTTP response: ${lines[0]}`))
        return
      }
      const headers: HttpResponse['headers'] = {}
      for (const line of lines.slice(1)) {
        const colon = line.indexOf(':')
        const name = line.slice(0, colon).trim().toLowerCase()
        const value = line.slice(colon + 1).trim()
        const previous = headers[name]
        headers[name] = previous === undefined ? value : `${previous}, ${value}`
      }
      this.head = { status, headers, bodyStart: end + 4 }
    }
    const { status, headers, bodyStart } = this.head
    const body = this.body(headers, bodyStart, closed)
    if (!body) return
    const pending = this.pending
    this.pending = null
    clearTimeout(pending.timer)
    this.head = null
    this.received = this.received.subarray(body.end)
    if (headers.connection?.toLowerCase() === 'close' || closed) this.close()
    pending.resolve({ status, headers, body: body.text })
  }

  /** The body once it has fully arrived, and where the next response starts; else null. */
  private body(
    headers: HttpResponse['headers'],
    start: number,
    closed: boolean,
  ): { text: string; end: number } | null {
    const data = this.received
    if ((headers['transfer-encoding'] ?? '').toLowerCase().includes('chunked')) {
      const parts: Buffer[] = []
      let at = start
      for (;;) {
        const lineEnd = data.indexOf('\r\n', at)
        if (lineEnd < 0) return null
        const size = Number.parseInt(data.toString('latin1', at, lineEnd), 16)
        if (Number.isNaN(size)) throw new Error('bad chunk size in a chunked response')
        if (size === 0) {
          // The last chunk; any trailers, then an empty line.
          const end = data.indexOf(CRLF_CRLF, lineEnd)
          if (end < 0) return null
          return { text: Buffer.concat(parts).toString('utf8'), end: end + 4 }
        }
        if (data.length < lineEnd + 2 + size + 2) return null
        parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size))
        at = lineEnd + 2 + size + 2
      }
    }
    const length = headers['content-length']
    if (length !== undefined) {
      const end = start + Number(length)
      if (data.length < end) return null
      return { text: data.toString('utf8', start, end), end }
    }
    if (!closed) return null
    return { text: data.toString('utf8', start), end: data.length }
  }
}

/** Nearest-rank percentile of an ascending list; NaN when it is empty. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sortedMs.length)
  return sortedMs[Math.min(sortedMs.length, Math.max(1, rank)) - 1] as number
}
