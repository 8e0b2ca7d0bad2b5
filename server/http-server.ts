/**
 * The HTTP server for the Express app. Node builds each request and response with Express's
 * prototypes (`app.request`, `app.response`) from the start, instead of Express swapping them in
 * its first middleware (`Object.setPrototypeOf` in express/lib/middleware/init.js; a no-op when
 * the prototype is already the one it sets).
 *
 * Why: with the swap, V8 kept every request's objects alive through young-generation GCs under
 * load, and promoted them to the old generation. A bare Express app answering POSTs with a
 * redirect on this machine: about 3 MB promoted per scavenge with the swap, none without it, and
 * twice the requests per second without it (decision 0012).
 */
import http from 'node:http'
import type net from 'node:net'
import type express from 'express'

export function createHttpServer(app: express.Express): http.Server {
  // Node's IncomingMessage and ServerResponse are plain constructor functions: called on an
  // object that already has the right prototype, they set it up as `new` would.
  function Request(this: http.IncomingMessage, socket: net.Socket) {
    Reflect.apply(http.IncomingMessage, this, [socket])
  }
  Request.prototype = app.request

  // Node passes the response options (highWaterMark, rejectNonStandardBodyWrites) on.
  function Response(this: http.ServerResponse, req: http.IncomingMessage, options: unknown) {
    Reflect.apply(http.ServerResponse, this, [req, options])
  }
  Response.prototype = app.response

  return http.createServer(
    {
      IncomingMessage: Request as unknown as typeof http.IncomingMessage,
      ServerResponse: Response as unknown as typeof http.ServerResponse,
    },
    app,
  )
}

/** Listens on `port` (0: any free port); rejects if the port cannot be had. */
export function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, () => {
      server.off('error', reject)
      resolve()
    })
  })
}
