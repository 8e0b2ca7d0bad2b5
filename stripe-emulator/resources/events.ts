import type { Emulator } from '../emulator.ts'
import type { ApiRequest, Route } from '../router.ts'
import { invalidRequest } from '../wire.ts'
import { listOf, retrieve } from './common.ts'

/** `type` accepts one trailing wildcard segment, e.g. `checkout.session.*`. */
function typeMatcher(pattern: string | undefined): (type: string) => boolean {
  if (pattern === undefined) return () => true
  if (pattern.endsWith('.*')) return (type) => type.startsWith(pattern.slice(0, -1))
  return (type) => type === pattern
}

function list(emu: Emulator, request: ApiRequest): object {
  const { params } = request
  const types = params.strings('types')
  if (types && params.has('type')) {
    throw invalidRequest('You may only specify one of these parameters: type, types.', 'types')
  }
  if (types && types.length > 20) throw invalidRequest('You may pass at most 20 types.', 'types')
  const matchesType = typeMatcher(params.string('type'))
  const delivered = params.boolean('delivery_success')
  return listOf(emu, request, emu.store.events.list(), {
    also: ['type', 'types', 'delivery_success'],
    where: (event) =>
      matchesType(event.type) &&
      (types === undefined || types.includes(event.type)) &&
      (delivered === undefined || (event.pending_webhooks === 0) === delivered),
  })
}

export const eventRoutes: Route[] = [
  { method: 'GET', pattern: '/v1/events', handler: list },
  {
    method: 'GET',
    pattern: '/v1/events/:id',
    handler: (emu, request) => retrieve(emu, request, (e) => e.store.events),
  },
]
