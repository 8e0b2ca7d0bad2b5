/**
 * One log line per request, written once its response is done (or the client went away):
 * `{ req: { id, method, path }, res: { statusCode }, responseTime }`, at `error` for 5xx, `warn`
 * for 4xx, `info` otherwise. A wrong method (405) is `info`: scanners send TRACE and PUT all
 * day, and nothing is wrong with the site when they are refused.
 *
 * Only the path is logged, never the query string: queries carry password-reset and gift
 * management tokens, Checkout Session ids and the finance ledger's donor searches, and secrets and
 * donors' details stay out of logs (CONTEXT.md). This replaced pino-http, which logged `req.url`
 * with its query and built a child logger for every request, serialising the request before it
 * knew whether the line would be written at all (bench/README.md, benchmark B).
 */
import type express from 'express'
import type { Logger } from '#app/utils/logger.server.ts'

export type RequestLogOptions = {
  /** Requests that are not logged at all (the health check). */
  ignore?: (req: express.Request) => boolean
}

export function requestLog(logger: Logger, options: RequestLogOptions = {}): express.Handler {
  let lastId = 0
  return (req, res, next) => {
    if (options.ignore?.(req)) {
      next()
      return
    }
    const id = ++lastId
    const startedAt = performance.now()
    const method = req.method
    const path = req.path
    const done = () => {
      res.off('finish', done)
      res.off('close', done)
      const aborted = !res.writableFinished
      const status = res.statusCode
      const level = status >= 500 ? 'error' : status >= 400 && status !== 405 ? 'warn' : 'info'
      if (!logger.isLevelEnabled(level)) return
      const line = {
        req: { id, method, path },
        res: { statusCode: status },
        responseTime: Math.round(performance.now() - startedAt),
      }
      if (aborted) logger[level]({ ...line, aborted }, 'request aborted by the client')
      else logger[level](line, 'request completed')
    }
    res.on('finish', done)
    res.on('close', done)
    next()
  }
}
