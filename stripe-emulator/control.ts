import type { Emulator } from './emulator.ts'
import { advanceClock, settleNow } from './engine/scheduler.ts'
import type { Chaos } from './webhooks.ts'

/**
 * Test-only control API under `/_emulator/`. It needs no key: the emulator refuses to start in
 * production, so these endpoints never exist there. Bodies are JSON.
 */

export interface ControlResponse {
  status: number
  body: object
}

class ControlError extends Error {}

type Body = Record<string, unknown>

function integer(
  body: Body,
  key: string,
  { min = 0, fallback }: { min?: number; fallback?: number } = {},
): number {
  const value = body[key] ?? fallback
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ControlError(`\`${key}\` must be an integer >= ${min}`)
  }
  return value
}

function optionalString(body: Body, key: string): string | undefined {
  const value = body[key]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value === '')
    throw new ControlError(`\`${key}\` must be a non-empty string`)
  return value
}

function updateChaos(current: Chaos, body: Body): Chaos {
  const next = { ...current }
  for (const key of Object.keys(body)) {
    if (key === 'duplicateDeliveries') next.duplicateDeliveries = integer(body, key)
    else if (key === 'reorder' || key === 'staleTimestamps' || key === 'deliverBeforeRedirect') {
      if (typeof body[key] !== 'boolean') throw new ControlError(`\`${key}\` must be a boolean`)
      next[key] = body[key]
    } else throw new ControlError(`Unknown chaos switch \`${key}\``)
  }
  return next
}

type Handler = (emu: Emulator, body: Body, query: URLSearchParams) => object | Promise<object>

const HANDLERS: Record<string, Handler> = {
  'GET health': (emu) => ({
    ok: true,
    now: emu.now(),
    webhookEndpoints: emu.webhooks.endpoints.length,
  }),
  'GET clock': (emu) => ({ now: emu.now(), offsetSeconds: emu.store.clock.offsetSeconds }),
  'POST clock/advance': (emu, body) => {
    const ran = advanceClock(emu, integer(body, 'seconds'))
    return { now: emu.now(), ran }
  },
  'POST chaos': (emu, body) => {
    emu.webhooks.chaos = updateChaos(emu.webhooks.chaos, body)
    return { chaos: emu.webhooks.chaos }
  },
  'GET deliveries': (emu, _body, query) => ({
    object: 'list',
    data: emu.webhooks.attempts.filter(
      (attempt) =>
        (!query.get('event') || attempt.event === query.get('event')) &&
        (!query.get('type') || attempt.type === query.get('type')),
    ),
  }),
  'POST webhooks/flush': async (emu) => {
    await emu.webhooks.flush()
    return { attempts: emu.webhooks.attempts.length }
  },
  'POST webhook_endpoints': (emu, body) => {
    const url = optionalString(body, 'url')
    const secret = optionalString(body, 'secret')
    if (!url || !URL.canParse(url) || !secret)
      throw new ControlError('`url` and `secret` are required')
    emu.webhooks.endpoints.push({ url, secret })
    return { url }
  },
  'POST payments/settle': (emu, body) => ({
    settled: settleNow(emu, optionalString(body, 'payment_intent')),
  }),
  'POST renewals/fail': (emu, body) => {
    const key = optionalString(body, 'subscription') ?? '*'
    const times = integer(body, 'times', { min: 1, fallback: 1 })
    emu.store.renewalFailures.set(key, (emu.store.renewalFailures.get(key) ?? 0) + times)
    return { subscription: key, failures: emu.store.renewalFailures.get(key) }
  },
  'POST reset': (emu) => {
    emu.reset()
    return { ok: true }
  },
}

export async function handleControlRequest(
  emu: Emulator,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: string,
): Promise<ControlResponse> {
  const handler = HANDLERS[`${method} ${path}`]
  if (!handler)
    return {
      status: 404,
      body: { error: { message: `No control endpoint ${method} /_emulator/${path}` } },
    }
  try {
    const body: unknown = rawBody.trim() === '' ? {} : JSON.parse(rawBody)
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ControlError('Send a JSON object')
    return { status: 200, body: await handler(emu, body as Body, query) }
  } catch (error) {
    if (error instanceof ControlError || error instanceof SyntaxError) {
      return { status: 400, body: { error: { message: error.message } } }
    }
    throw error
  }
}
