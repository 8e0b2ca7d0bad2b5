import type Stripe from 'stripe'
import type { Emulator } from './emulator.ts'
import { openDispute, resolveDispute } from './engine/disputes.ts'
import { runPayout } from './engine/payouts.ts'
import { advanceClock, settleNow } from './engine/scheduler.ts'
import { isSupportedCurrency, isTestRate } from './money.ts'
import { StripeApiError } from './wire.ts'
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

function optionalBoolean(body: Body, key: string): boolean | undefined {
  const value = body[key]
  if (value === undefined) return undefined
  if (typeof value !== 'boolean') throw new ControlError(`\`${key}\` must be a boolean`)
  return value
}

function currency(body: Body, key: string): string | undefined {
  const value = optionalString(body, key)?.toLowerCase()
  if (value !== undefined && !isSupportedCurrency(value))
    throw new ControlError(`\`${key}\` ${value} is not a supported currency`)
  return value
}

/** The succeeded charge a control request names by `charge` or `payment_intent`. */
function namedCharge(emu: Emulator, body: Body): Stripe.Charge {
  const chargeId = optionalString(body, 'charge')
  if (chargeId !== undefined) {
    const charge = emu.store.charges.get(chargeId)
    if (!charge) throw new ControlError(`No such charge: '${chargeId}'`)
    return charge
  }
  const intentId = optionalString(body, 'payment_intent')
  if (intentId === undefined) throw new ControlError('`charge` (or `payment_intent`) is required')
  const latest = emu.store.paymentIntents.get(intentId)?.latest_charge
  const charge = typeof latest === 'string' ? emu.store.charges.get(latest) : undefined
  if (!charge) throw new ControlError(`PaymentIntent '${intentId}' has no charge`)
  return charge
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

type Handler = (
  emu: Emulator,
  body: Body,
  query: URLSearchParams,
  path: Record<string, string>,
) => object | Promise<object>

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
  // The API requests the emulator answered (method, path, status), oldest first: tests count
  // how often the app called Stripe. `path` filters by prefix.
  'GET requests': (emu, _body, query) => ({
    object: 'list',
    data: emu.apiRequests.filter((request) => request.path.startsWith(query.get('path') ?? '')),
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
  'POST disputes': (emu, body) => {
    const amount = body.amount === undefined ? undefined : integer(body, 'amount', { min: 1 })
    return openDispute(emu, namedCharge(emu, body), {
      reason: optionalString(body, 'reason') ?? 'fraudulent',
      ...(amount === undefined ? {} : { amount }),
    })
  },
  'POST disputes/:id/resolve': (emu, body, _query, path) => {
    const dispute = emu.store.disputes.get(path.id ?? '')
    if (!dispute) throw new ControlError(`No such dispute: '${path.id}'`)
    const outcome = body.outcome
    if (outcome !== 'won' && outcome !== 'lost')
      throw new ControlError("`outcome` must be 'won' or 'lost'")
    return resolveDispute(emu, dispute, outcome)
  },
  'POST payouts': (emu, body) => {
    const fail = optionalBoolean(body, 'fail') ?? false
    const failureCode = optionalString(body, 'failure_code')
    return runPayout(emu, {
      currency: currency(body, 'currency') ?? emu.account.settlementCurrency ?? 'usd',
      ...(fail || failureCode !== undefined
        ? { failureCode: failureCode ?? 'account_closed' }
        : {}),
      unmatched: optionalBoolean(body, 'unmatched') ?? false,
      inTransit: optionalBoolean(body, 'inTransit') ?? false,
    })
  },
  'GET account': (emu) => ({ ...emu.account }),
  'POST account': (emu, body) => {
    for (const key of Object.keys(body)) {
      if (key !== 'settlementCurrency') throw new ControlError(`Unknown account setting \`${key}\``)
    }
    if (body.settlementCurrency !== undefined) {
      emu.account.settlementCurrency =
        body.settlementCurrency === null ? null : (currency(body, 'settlementCurrency') ?? null)
    }
    return { ...emu.account }
  },
  'GET rates': (emu) => ({ usdPerUnit: { ...emu.usdPerUnit } }),
  'POST rates': (emu, body) => {
    // Only charges settled afterwards use new rates, as with Stripe's moving rates.
    const rates = body.usdPerUnit
    if (typeof rates !== 'object' || rates === null || Array.isArray(rates))
      throw new ControlError('`usdPerUnit` must be an object of currency → USD per unit')
    const next = { ...emu.usdPerUnit }
    for (const [code, rate] of Object.entries(rates as Record<string, unknown>)) {
      const currency = code.toLowerCase()
      if (!isSupportedCurrency(currency))
        throw new ControlError(`${code} is not a supported currency`)
      if (currency === 'usd') throw new ControlError('USD is the reference: its rate is 1')
      if (!isTestRate(rate))
        throw new ControlError(`The rate of ${code} must be a decimal string above zero`)
      next[currency] = rate
    }
    emu.usdPerUnit = next
    return { usdPerUnit: { ...next } }
  },
  'POST reset': (emu) => {
    emu.reset()
    return { ok: true }
  },
}

/** The handler for `METHOD path`; `:name` segments of a handler's key match any one segment. */
function matchHandler(
  method: string,
  path: string,
): { handler: Handler; params: Record<string, string> } | null {
  const exact = HANDLERS[`${method} ${path}`]
  if (exact) return { handler: exact, params: {} }
  let parts: string[]
  try {
    parts = path.split('/').map((part) => decodeURIComponent(part))
  } catch {
    return null
  }
  for (const [key, handler] of Object.entries(HANDLERS)) {
    const [keyMethod, keyPath = ''] = key.split(' ')
    const pattern = keyPath.split('/')
    if (keyMethod !== method || pattern.length !== parts.length) continue
    const params: Record<string, string> = {}
    const matches = pattern.every((segment, index) => {
      const part = parts[index] ?? ''
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = part
        return part !== ''
      }
      return segment === part
    })
    if (matches) return { handler, params }
  }
  return null
}

export async function handleControlRequest(
  emu: Emulator,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: string,
): Promise<ControlResponse> {
  const match = matchHandler(method, path)
  if (!match)
    return {
      status: 404,
      body: { error: { message: `No control endpoint ${method} /_emulator/${path}` } },
    }
  try {
    const body: unknown = rawBody.trim() === '' ? {} : JSON.parse(rawBody)
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ControlError('Send a JSON object')
    return { status: 200, body: await match.handler(emu, body as Body, query, match.params) }
  } catch (error) {
    if (error instanceof ControlError || error instanceof SyntaxError) {
      return { status: 400, body: { error: { message: error.message } } }
    }
    // Refusals from the engine (e.g. disputing a failed charge) carry Stripe's error body.
    if (error instanceof StripeApiError) return { status: 400, body: error.body() }
    throw error
  }
}
