import { Transform } from 'node:stream'
import { createReadableStreamFromReadable, type EntryContext } from '@remix-run/node'
import { RemixServer, isRouteErrorResponse } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { logger } from '#app/utils/logger.server.ts'
import { NonceProvider } from '#app/utils/nonce-provider.tsx'

export const streamTimeout = 5_000

/**
 * React 18.3's renderToPipeableStream can emit NUL bytes when a multi-byte character (₩, é, …)
 * falls on its 2,048-byte chunk boundary (facebook/react#31134, fixed in React 19). NUL is never
 * valid in an HTML document, so it is removed from the stream.
 */
export function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, chunk.includes(0) ? Buffer.from(chunk.filter((byte) => byte !== 0)) : chunk)
    },
  })
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: { cspNonce?: string },
) {
  const nonce = loadContext.cspNonce ?? ''
  // Crawlers get the whole document at once; people get it streamed.
  const readyEvent = isbot(request.headers.get('user-agent') ?? '') ? 'onAllReady' : 'onShellReady'

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true
          const body = withoutNulBytes()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) logger.error({ err: error }, 'render failed')
        },
      },
    )
    setTimeout(abort, streamTimeout + 1_000)
  })
}

/** Remix's own refusal of a method a route has no handler for (answered 405). */
const NO_HANDLER_FOR_METHOD =
  /You made a [A-Z]+ request to .* but did not provide an? `(action|loader)`/

function isMethodNotAllowed(error: unknown): boolean {
  if (isRouteErrorResponse(error)) return error.status === 405
  return error instanceof Error && NO_HANDLER_FOR_METHOD.test(error.message)
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  if (isMethodNotAllowed(error)) {
    logger.info(
      { url: new URL(request.url).pathname, method: request.method },
      'method not allowed',
    )
    return
  }
  logger.error({ err: error, url: new URL(request.url).pathname }, 'unhandled error')
}
