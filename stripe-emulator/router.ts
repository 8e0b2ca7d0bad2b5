import { API_VERSION, type Emulator } from './emulator.ts'
import { newId } from './ids.ts'
import { Params } from './params.ts'
import { decodeForm, invalidRequest, StripeApiError, type FormObject } from './wire.ts'

export interface ApiRequest {
  method: string
  /** Path without the query string; lists answer it as their `url`. */
  path: string
  pathParams: Record<string, string>
  params: Params
}

export type ApiHandler = (emu: Emulator, request: ApiRequest) => object

export interface Route {
  method: 'GET' | 'POST' | 'DELETE'
  /** e.g. `/v1/checkout/sessions/:id/expire` */
  pattern: string
  handler: ApiHandler
}

export interface RawApiRequest {
  method: string
  path: string
  query: string
  body: string
  headers: Record<string, string | string[] | undefined>
}

export interface ApiResponse {
  status: number
  body: string
  headers: Record<string, string>
}

function matchRoute(routes: readonly Route[], method: string, path: string) {
  const parts = path.split('/')
  for (const route of routes) {
    const pattern = route.pattern.split('/')
    if (route.method !== method || pattern.length !== parts.length) continue
    const pathParams: Record<string, string> = {}
    const matches = pattern.every((segment, index) => {
      const part = parts[index] ?? ''
      if (segment.startsWith(':')) {
        pathParams[segment.slice(1)] = decodeURIComponent(part)
        return part !== ''
      }
      return segment === part
    })
    if (matches) return { route, pathParams }
  }
  return null
}

function header(headers: RawApiRequest['headers'], name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/** Sorted-key JSON, so the same parameters in another order count as the same request. */
function canonical(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`
}

/** Responses Stripe keeps for an idempotency key: the endpoint ran (success, card error, 5xx). */
function isReplayable(status: number): boolean {
  return status < 400 || status === 402 || status >= 500
}

const AUTH_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."

/**
 * One `/v1` request: Bearer `sk_test_` authentication, routing, form decoding, idempotency
 * replay, and Stripe's error bodies.
 */
export function handleApiRequest(
  emu: Emulator,
  routes: readonly Route[],
  raw: RawApiRequest,
): ApiResponse {
  const requestId = newId('req')
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Request-Id': requestId,
    'Stripe-Version': header(raw.headers, 'stripe-version') ?? API_VERSION,
  }
  const answer = (status: number, body: object): ApiResponse => ({
    status,
    body: JSON.stringify(body, null, 2),
    headers,
  })
  const fail = (error: StripeApiError) => answer(error.status, error.body())

  const authorization = header(raw.headers, 'authorization') ?? ''
  const apiKey = /^Bearer (\S+)$/.exec(authorization)?.[1]
  if (!apiKey)
    return answer(401, { error: { type: 'invalid_request_error', message: AUTH_MESSAGE } })
  if (!apiKey.startsWith('sk_test_')) {
    const shown = `${apiKey.slice(0, 8)}${'*'.repeat(Math.max(0, apiKey.length - 12))}${apiKey.slice(-4)}`
    return answer(401, {
      error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${shown}` },
    })
  }

  const match = matchRoute(routes, raw.method, raw.path)
  if (!match) {
    return fail(
      new StripeApiError(404, {
        type: 'invalid_request_error',
        message: `Unrecognized request URL (${raw.method}: ${raw.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      }),
    )
  }

  const values: FormObject = { ...decodeForm(raw.query), ...decodeForm(raw.body) }
  const idempotencyKey =
    raw.method === 'POST' ? (header(raw.headers, 'idempotency-key') ?? null) : null
  if (idempotencyKey !== null) {
    headers['Idempotency-Key'] = idempotencyKey
    if (idempotencyKey.length > 255) {
      return fail(
        invalidRequest('Idempotency keys can be no longer than 255 characters.', 'Idempotency-Key'),
      )
    }
  }
  const cacheKey = `${apiKey} ${idempotencyKey}`
  const fingerprint = `${raw.method} ${raw.path} ${canonical(values)}`
  const previous = idempotencyKey === null ? undefined : emu.store.idempotency.get(cacheKey)
  if (previous) {
    if (previous.fingerprint !== fingerprint) {
      return fail(
        new StripeApiError(400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        }),
      )
    }
    headers['Idempotent-Replayed'] = 'true'
    headers['Original-Request'] = previous.requestId
    return { status: previous.status, body: previous.body, headers }
  }

  let response: ApiResponse
  try {
    const request: ApiRequest = {
      method: raw.method,
      path: raw.path,
      pathParams: match.pathParams,
      params: new Params(values),
    }
    const body = emu.withOrigin({ id: requestId, idempotencyKey }, () =>
      match.route.handler(emu, request),
    )
    response = answer(200, body)
  } catch (error) {
    if (!(error instanceof StripeApiError)) {
      emu.logger.error({ err: error, path: raw.path }, 'stripe emulator handler failed')
    }
    response = fail(
      error instanceof StripeApiError
        ? error
        : new StripeApiError(500, {
            type: 'api_error',
            message: 'An unknown error occurred in the Stripe emulator.',
          }),
    )
  }
  if (idempotencyKey !== null && isReplayable(response.status)) {
    emu.store.idempotency.set(cacheKey, {
      fingerprint,
      status: response.status,
      body: response.body,
      requestId,
    })
  }
  return response
}
