/**
 * The Express application: security headers with an enforced, nonce-based CSP, compression,
 * request logs, static assets, the health check and the Remix request handler.
 * Kept free of process concerns (ports, signals, databases) so that tests can build it.
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { createRequestHandler } from '@remix-run/express'
import {
  createRequestHandler as createRemixHandler,
  writeReadableStreamToWritable,
  type ServerBuild,
} from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import type { Logger } from '#app/utils/logger.server.ts'
import { formBodyGuard, requestGuard } from './request-guard.ts'
import { requestLog } from './request-log.ts'

export type AppOptions = {
  build: ServerBuild
  mode: 'production' | 'development' | 'test'
  publicDir: string
  logger: Logger
  isDatabaseReachable: () => Promise<boolean>
  /** Origins besides our own that pages may send forms to or redirect to (Stripe Checkout). */
  formActionOrigins?: string[]
  /** Whether to send `upgrade-insecure-requests` and HSTS (only behind HTTPS). */
  httpsOnly?: boolean
  /** Number of reverse proxies in front of the app, for the client address. */
  trustProxy?: number
  /** Verifies and stores one Stripe webhook delivery (app/modules/payments/stripe-inbox.server.ts). */
  receiveStripeWebhook?: (
    rawBody: string,
    signature: string | null,
  ) => Promise<{ status: number; body: string }>
  /** The largest hero image upload, in bytes (MAX_UPLOAD_BYTES). */
  maxUploadBytes?: number
}

/** Room for the multipart framing and the other fields beside the file. */
const MULTIPART_OVERHEAD_BYTES = 64 * 1024

const ONE_YEAR_S = 365 * 24 * 60 * 60

/** Adjusts the CSP helmet already set, for the few paths that need a different one. */
function rewriteCsp(from: string, to: string): express.RequestHandler {
  return (_req, res, next) => {
    const policy = res.getHeader('Content-Security-Policy')
    if (typeof policy === 'string')
      res.setHeader('Content-Security-Policy', policy.replace(from, to))
    next()
  }
}

export function createApp(options: AppOptions): express.Express {
  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', options.trustProxy ?? 0)

  app.use(requestLog(options.logger, { ignore: (req) => req.path === '/healthz' }))

  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64')
    next()
  })

  const nonce = (_req: unknown, res: unknown) =>
    `'nonce-${(res as express.Response).locals.cspNonce as string}'`
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", nonce],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'"],
          'connect-src': ["'self'"],
          'form-action': ["'self'", ...(options.formActionOrigins ?? [])],
          'frame-ancestors': ["'none'"],
          'base-uri': ["'none'"],
          'object-src': ["'none'"],
          'upgrade-insecure-requests': options.httpsOnly ? [] : null,
        },
      },
      strictTransportSecurity: options.httpsOnly ? { maxAge: ONE_YEAR_S } : false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      crossOriginEmbedderPolicy: false,
    }),
  )
  // Methods, URL encoding, content types, body sizes and cross-site posts (decision 0025).
  app.use(
    requestGuard({
      exempt: ['/webhooks/stripe'],
      crossSiteAllowed: ['/email/unsubscribe'],
      uploads: [
        {
          pattern: /^\/admin\/campaigns\/[^/]+\/image$/,
          limitBytes: (options.maxUploadBytes ?? 5 * 1024 * 1024) + MULTIPART_OVERHEAD_BYTES,
        },
      ],
    }),
  )
  app.use((_req, res, next) => {
    res.setHeader(
      'Permissions-Policy',
      'camera=(), microphone=(), geolocation=(), interest-cohort=()',
    )
    next()
  })

  // Donor pages send their own `Referrer-Policy: no-referrer` (they are reached through links
  // carrying tokens); the adapter appends route headers, so helmet's default must go first.
  app.use(['/account', '/email', '/donate/manage'], (_req, res, next) => {
    res.removeHeader('Referrer-Policy')
    next()
  })

  // Staff and donor-account pages refuse cross-site writes even if a browser sends the cookie
  // (defence in depth beside SameSite=Lax): a non-GET request there must come from our own
  // origin. The one-click unsubscribe (/email/unsubscribe) is exempt: mail clients POST it.
  app.use(['/admin', '/account'], (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
    const source = req.get('origin') ?? req.get('referer')
    const host = req.get('host')
    let sameOrigin = false
    try {
      sameOrigin = !!source && !!host && new URL(source).host === host
    } catch {
      sameOrigin = false
    }
    if (sameOrigin) return next()
    res.status(403).type('text/plain').send('Cross-site request refused')
  })

  // Development only: the outbox shows emails (inline styles) in a sandboxed srcdoc frame, which
  // inherits this page's CSP; let those styles apply there and nowhere else.
  if (options.mode !== 'production') {
    app.use('/dev/outbox', rewriteCsp("style-src 'self'", "style-src 'self' 'unsafe-inline'"))
  }
  // Only the embeddable widget may be framed by other sites; everything else is frame-ancestors 'none'.
  app.use(
    '/embed',
    rewriteCsp("frame-ancestors 'none'", 'frame-ancestors *'),
    (_req, res, next) => {
      res.removeHeader('X-Frame-Options')
      next()
    },
  )

  app.use(compression())

  app.use(
    '/build',
    express.static(path.join(options.publicDir, 'build'), {
      immutable: true,
      maxAge: ONE_YEAR_S * 1000,
    }),
  )
  // Web fonts are named by their content hash (scripts/fonts.ts), so they never change either.
  app.use(
    '/fonts',
    express.static(path.join(options.publicDir, 'fonts'), {
      immutable: true,
      maxAge: ONE_YEAR_S * 1000,
      index: false,
    }),
  )
  app.use(express.static(options.publicDir, { maxAge: '1h', index: false }))

  // Stripe's webhooks are handled here, before Remix: the raw body is needed for the signature,
  // and an intake that only verifies and stores should cost as little as possible.
  const receive = options.receiveStripeWebhook
  if (receive) {
    app.post(
      '/webhooks/stripe',
      express.raw({ type: () => true, limit: '1mb' }),
      async (req, res) => {
        const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : ''
        const result = await receive(rawBody, req.get('stripe-signature') ?? null)
        res
          .status(result.status)
          .set('Cache-Control', 'no-store')
          .type('text/plain')
          .send(result.body)
      },
    )
  }

  app.get('/healthz', async (_req, res) => {
    const database = await options.isDatabaseReachable()
    res.setHeader('Cache-Control', 'no-store')
    res.status(database ? 200 : 503).json({ status: database ? 'ok' : 'unavailable', database })
  })

  const loadContext = (req: express.Request, res: express.Response) => ({
    cspNonce: res.locals.cspNonce as string,
    clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    peerAddress: req.socket.remoteAddress ?? 'unknown',
  })

  // Finance exports (whole years of gifts as CSV) are answered by the same Remix route, but
  // written with backpressure: the adapter below reads a body as fast as it is produced, so a
  // client slower than the database would make the server hold the whole export (decision 0013).
  const handleRemix = createRemixHandler(options.build, options.mode)
  app.get('/admin/finance/exports/*', async (req, res, next) => {
    try {
      const response = await handleRemix(downloadRequest(req), loadContext(req, res))
      res.statusMessage = response.statusText
      res.status(response.status)
      for (const [key, value] of response.headers.entries()) res.append(key, value)
      if (!response.body) {
        res.end()
        return
      }
      // A client that leaves destroys the Readable, which cancels the body (and its cursor).
      await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res)
    } catch (error) {
      if (res.headersSent) {
        options.logger.warn({ err: error, path: req.path }, 'export download ended early')
        res.destroy()
      } else next(error)
    }
  })

  // A urlencoded body was read and checked by formBodyGuard; Remix gets those bytes. Anything
  // else (GET, HEAD, a multipart upload) goes through the maintained adapter, streamed.
  app.post('*', formBodyGuard(), async (req, res, next) => {
    if (!Buffer.isBuffer(req.body)) return next()
    try {
      const response = await handleRemix(formRequest(req, res), loadContext(req, res))
      res.statusMessage = response.statusText
      res.status(response.status)
      for (const [key, value] of response.headers.entries()) res.append(key, value)
      if (response.body) await writeReadableStreamToWritable(response.body, res)
      else res.end()
    } catch (error) {
      next(error)
    }
  })
  app.all(
    '*',
    createRequestHandler({ build: options.build, mode: options.mode, getLoadContext: loadContext }),
  )

  return app
}

function requestHeaders(req: express.Request): Headers {
  const headers = new Headers()
  for (const [key, values] of Object.entries(req.headers)) {
    for (const value of [values ?? []].flat()) headers.append(key, value)
  }
  return headers
}

function requestUrl(req: express.Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`
}

/** The Fetch Request for a download: a GET, so URL and headers are all there is. */
function downloadRequest(req: express.Request): Request {
  return new Request(requestUrl(req), { method: req.method, headers: requestHeaders(req) })
}

/** The Fetch Request for a form POST already read into `req.body`; aborted if the client leaves. */
function formRequest(req: express.Request, res: express.Response): Request {
  const controller = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) controller.abort()
  })
  return new Request(requestUrl(req), {
    method: req.method,
    headers: requestHeaders(req),
    body: new Uint8Array(req.body as Buffer),
    signal: controller.signal,
  })
}
