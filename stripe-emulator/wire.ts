/**
 * Stripe's wire format: bracket-nested form bodies, error objects and list envelopes.
 */

export type FormValue = string | FormValue[] | { [key: string]: FormValue }
export type FormObject = { [key: string]: FormValue }

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor'])

/** Splits `a[b][0][c]` into `['a', 'b', '0', 'c']`; `expand[]` gives `['expand', '']`. */
function keyPath(key: string): string[] | null {
  const open = key.indexOf('[')
  if (open === -1) return [key]
  const path = [key.slice(0, open)]
  const pattern = /\[([^[\]]*)\]/gy
  pattern.lastIndex = open
  let match: RegExpExecArray | null
  let end = open
  while ((match = pattern.exec(key))) {
    path.push(match[1] ?? '')
    end = pattern.lastIndex
  }
  return end === key.length ? path : null
}

/** Turns objects whose keys are all array indices into arrays, recursively. */
function normalize(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value
  const keys = Object.keys(value)
  for (const key of keys) value[key] = normalize(value[key] as FormValue)
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => value[String(index)] as FormValue)
  }
  return value
}

/**
 * Decodes `application/x-www-form-urlencoded` text with Stripe's bracket nesting:
 * `line_items[0][price_data][currency]=usd&expand[]=customer` becomes nested objects and arrays.
 */
export function decodeForm(text: string): FormObject {
  const root: FormObject = {}
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const path = keyPath(rawKey)
    if (!path || path.some((segment) => FORBIDDEN_KEYS.has(segment)) || path[0] === '') continue
    let container: FormObject = root
    path.forEach((segment, depth) => {
      const key = segment === '' ? String(Object.keys(container).length) : segment
      if (depth === path.length - 1) {
        container[key] = value
        return
      }
      const next = container[key]
      if (next === undefined || typeof next === 'string' || Array.isArray(next)) {
        container[key] = {}
      }
      container = container[key] as FormObject
    })
  }
  return normalize(root) as FormObject
}

export interface StripeErrorFields {
  type: 'invalid_request_error' | 'idempotency_error' | 'card_error' | 'api_error'
  message: string
  code?: string
  param?: string
  decline_code?: string
}

/** An error answered with Stripe's `{ error: { … } }` body. */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly fields: StripeErrorFields,
  ) {
    super(fields.message)
  }

  body(): { error: Record<string, unknown> } {
    const { code } = this.fields
    const docUrl = code
      ? `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`
      : undefined
    return { error: { ...this.fields, ...(docUrl ? { doc_url: docUrl } : {}) } }
  }
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, {
    type: 'invalid_request_error',
    message,
    ...(code ? { code } : {}),
    ...(param ? { param } : {}),
  })
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing')
}

export function unknownParam(param: string, hint = ''): StripeApiError {
  return invalidRequest(`Received unknown parameter: ${param}${hint}`, param, 'parameter_unknown')
}

export function noSuchResource(objectName: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${objectName}: '${id}'`,
    param,
  })
}

export interface ApiList<T> {
  object: 'list'
  data: T[]
  has_more: boolean
  url: string
}

export interface PageParams {
  limit?: number
  startingAfter?: string
  endingBefore?: string
}

/**
 * Cursor pagination over `items` (already newest first), as Stripe does it: `starting_after`
 * returns the items after the cursor, `ending_before` the `limit` items just before it.
 */
export function paginate<T extends { id: string }>(
  items: readonly T[],
  page: PageParams,
  url: string,
): ApiList<T> {
  const limit = page.limit ?? 10
  const cursorIndex = (id: string, param: string): number => {
    const index = items.findIndex((item) => item.id === id)
    if (index === -1) throw invalidRequest(`No such object: '${id}'`, param, 'resource_missing')
    return index
  }
  if (page.endingBefore !== undefined) {
    const end = cursorIndex(page.endingBefore, 'ending_before')
    const start = Math.max(0, end - limit)
    return { object: 'list', data: items.slice(start, end), has_more: start > 0, url }
  }
  const start =
    page.startingAfter === undefined ? 0 : cursorIndex(page.startingAfter, 'starting_after') + 1
  return {
    object: 'list',
    data: items.slice(start, start + limit),
    has_more: start + limit < items.length,
    url,
  }
}
