import type { Emulator } from '../emulator.ts'
import { expandObject } from '../expand.ts'
import type { Params } from '../params.ts'
import type { ApiRequest } from '../router.ts'
import type { Collection, StoredObject } from '../store.ts'
import { paginate, type ApiList } from '../wire.ts'

const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'expand', 'created'] as const

/** The response for one object, with the request's `expand[]` applied to a copy. */
export function render<T extends object>(emu: Emulator, request: ApiRequest, object: T): T {
  return expandObject(emu.store, object, request.params.expand())
}

/** `GET /v1/<things>/:id`: the only parameter is `expand`. */
export function retrieve<T extends StoredObject>(
  emu: Emulator,
  request: ApiRequest,
  collection: (emu: Emulator) => Collection<T>,
  param = 'id',
): T {
  request.params.allowOnly(['expand'])
  return render(emu, request, collection(emu).require(request.pathParams.id ?? '', param))
}

/** Stripe's range filters (`created`, `arrival_date`): a Unix time, or `key[gt|gte|lt|lte]`. */
export function rangeFilter(params: Params, key: string): (value: number) => boolean {
  if (!params.has(key)) return () => true
  if (typeof params.values[key] === 'string') {
    const exact = params.integer(key)
    return (value) => value === exact
  }
  const range = params.object(key)?.allowOnly(['gt', 'gte', 'lt', 'lte'])
  const bound = (name: string) => range?.integer(name)
  const [gt, gte, lt, lte] = [bound('gt'), bound('gte'), bound('lt'), bound('lte')]
  return (value) =>
    (gt === undefined || value > gt) &&
    (gte === undefined || value >= gte) &&
    (lt === undefined || value < lt) &&
    (lte === undefined || value <= lte)
}

/** A value or an expanded object, compared by id. */
function idOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value
}

export interface ListOptions<T> {
  /** Equality filters: parameter name → the field it matches (ids or plain values). */
  by?: Record<string, (item: T) => unknown>
  /** Further parameters the endpoint accepts, applied by `where`. */
  also?: readonly string[]
  where?: (item: T) => boolean
}

/**
 * A list response over `items` (newest first): rejects unknown filters, applies `created` and
 * the endpoint's filters, paginates, and expands `data.` paths.
 */
export function listOf<T extends StoredObject & { created?: number }>(
  emu: Emulator,
  request: ApiRequest,
  items: readonly T[],
  options: ListOptions<T> = {},
): ApiList<T> {
  const { params } = request
  const by = Object.entries(options.by ?? {})
  params.allowOnly([...LIST_PARAMS, ...by.map(([name]) => name), ...(options.also ?? [])])
  const inRange = rangeFilter(params, 'created')
  const wanted = by.map(([name, field]) => [params.string(name), field] as const)
  const selected = items.filter(
    (item) =>
      inRange(item.created ?? 0) &&
      wanted.every(([value, field]) => value === undefined || idOf(field(item)) === value) &&
      (options.where?.(item) ?? true),
  )
  return render(emu, request, paginate(selected, params.page(), request.path))
}
