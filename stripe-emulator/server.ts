import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { handleControlRequest } from './control.ts'
import { billingPortal, invoicePage, receiptPage } from './customer-pages.ts'
import { Emulator } from './emulator.ts'
import { runDueWork } from './engine/scheduler.ts'
import { hostedCheckout } from './hosted-page.ts'
import { notFoundPage, type WebResponse } from './html.ts'
import { isSupportedCurrency } from './money.ts'
import { apiRoutes } from './resources/index.ts'
import { handleApiRequest } from './router.ts'
import { DEFAULT_RETRY_POLICY, type Logger, type RetryPolicy } from './webhooks.ts'

export interface StripeEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  host?: string
  webhookEndpoints?: Array<{ url: string; secret: string }>
  /** Base URL for hosted pages when it differs from the listening address (e.g. behind a proxy). */
  publicUrl?: string
  /** Wall clock in milliseconds, like `Date.now` (the default). */
  now?: () => number
  logger?: Logger
  /** Webhook retry schedule; tests shorten it. Defaults: 8 attempts, 0.5 s doubling, 10 s timeout. */
  webhookRetry?: Partial<RetryPolicy>
  /**
   * Settle every charge into this one currency (e.g. 'usd'), converting other currencies at the
   * emulator's fixed test rates. Unset (the default): each currency settles as itself.
   */
  settlementCurrency?: string
}

export interface StripeEmulator {
  url: string
  port: number
  close(): Promise<void>
  addWebhookEndpoint(url: string, secret: string): void
}

const MAX_BODY_BYTES = 1024 * 1024
/** Time-driven work (expiry, SEPA settlement, renewals) also runs as real time passes. */
const TICK_MS = 1000

const silentLogger: Logger = { info() {}, warn() {}, error() {} }

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void {
  response.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) })
  response.end(body)
}

/** The donor-facing pages: hosted checkout, billing portal, invoice and receipt. */
function webPage(emu: Emulator, method: string, path: string, form: URLSearchParams): WebResponse {
  const [, area, ...rest] = path.split('/').map((part) => decodeURIComponent(part))
  if (area === 'c' && rest[0] === 'pay') return hostedCheckout(emu, method, rest.slice(1), form)
  if (area === 'p' && rest[0] === 'session') return billingPortal(emu, method, rest.slice(1), form)
  if (method === 'GET' && area === 'i' && rest.length === 1) return invoicePage(emu, rest[0] ?? '')
  if (method === 'GET' && area === 'receipts' && rest.length === 1)
    return receiptPage(emu, rest[0] ?? '')
  return notFoundPage()
}

async function route(
  emu: Emulator,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET'
  const url = new URL(request.url ?? '/', 'http://emulator.invalid')
  const body = await readBody(request)
  runDueWork(emu)
  if (url.pathname.startsWith('/v1/')) {
    const answer = handleApiRequest(emu, apiRoutes, {
      method,
      path: url.pathname,
      query: url.search.slice(1),
      body,
      headers: request.headers,
    })
    emu.apiRequests.push({ method, path: url.pathname, status: answer.status })
    emu.logger.info(
      { method, path: url.pathname, status: answer.status },
      'stripe emulator request',
    )
    send(response, answer.status, answer.headers, answer.body)
  } else if (url.pathname.startsWith('/_emulator/')) {
    const path = url.pathname.slice('/_emulator/'.length)
    const answer = await handleControlRequest(emu, method, path, url.searchParams, body)
    send(
      response,
      answer.status,
      { 'Content-Type': 'application/json' },
      JSON.stringify(answer.body, null, 2),
    )
  } else {
    const page = webPage(emu, method, url.pathname, new URLSearchParams(body))
    // Chaos: let webhooks reach the app before the donor's browser follows the redirect.
    if (page.status === 303 && emu.webhooks.chaos.deliverBeforeRedirect) await emu.webhooks.flush()
    send(response, page.status, page.headers, page.body)
  }
  void emu.webhooks.flush()
}

function listen(
  server: ReturnType<typeof createServer>,
  port: number,
  host: string,
): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(server.address() as AddressInfo)
    })
  })
}

/**
 * Starts the in-memory Stripe API emulator: `/v1` API, hosted checkout and portal pages,
 * signed webhooks, and the `/_emulator/` control API. Development and tests only.
 */
export async function startStripeEmulator(
  options: StripeEmulatorOptions = {},
): Promise<StripeEmulator> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'The Stripe emulator must not run in production (NODE_ENV=production); use real Stripe.',
    )
  }
  const logger = options.logger ?? silentLogger
  const settlementCurrency = options.settlementCurrency?.toLowerCase() ?? null
  if (settlementCurrency !== null && !isSupportedCurrency(settlementCurrency)) {
    throw new Error(`Unsupported settlementCurrency ${options.settlementCurrency}`)
  }
  const emu = new Emulator(
    options.now ?? Date.now,
    { ...DEFAULT_RETRY_POLICY, ...options.webhookRetry },
    logger,
    { settlementCurrency },
  )
  for (const endpoint of options.webhookEndpoints ?? [])
    emu.webhooks.endpoints.push({ ...endpoint })

  const server = createServer((request, response) => {
    route(emu, request, response).catch((error: unknown) => {
      const tooLarge = error instanceof BodyTooLarge
      if (!tooLarge) logger.error({ err: error, url: request.url }, 'stripe emulator failed')
      if (response.headersSent) return response.destroy()
      const message = tooLarge
        ? 'Request body too large.'
        : 'An unknown error occurred in the Stripe emulator.'
      send(
        response,
        tooLarge ? 413 : 500,
        { 'Content-Type': 'application/json' },
        JSON.stringify({ error: { type: 'api_error', message } }),
      )
    })
  })
  const host = options.host ?? '127.0.0.1'
  const { port } = await listen(server, options.port ?? 0, host)
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  emu.publicUrl = (options.publicUrl ?? url).replace(/\/$/, '')

  const ticker = setInterval(() => {
    try {
      runDueWork(emu)
      void emu.webhooks.flush()
    } catch (error) {
      logger.error({ err: error }, 'stripe emulator scheduled work failed')
    }
  }, TICK_MS)
  ticker.unref()

  return {
    url,
    port,
    addWebhookEndpoint: (endpointUrl, secret) =>
      emu.webhooks.endpoints.push({ url: endpointUrl, secret }),
    close: async () => {
      clearInterval(ticker)
      emu.webhooks.close()
      const closed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      )
      server.closeAllConnections()
      await closed
    },
  }
}
