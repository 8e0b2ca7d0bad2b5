import { API_VERSION, type Emulator } from './emulator.ts'
import { newId } from './ids.ts'
import type { EmulatorEvent, StoredObject } from './store.ts'

/**
 * Records an event with a snapshot of `object` as it is now (later changes do not alter it),
 * and queues it for webhook delivery. `previousAttributes` is for `*.updated` events.
 */
export function emit(
  emu: Emulator,
  type: string,
  object: StoredObject,
  previousAttributes?: Record<string, unknown>,
): EmulatorEvent {
  const event: EmulatorEvent = {
    id: newId('evt'),
    object: 'event',
    api_version: API_VERSION,
    created: emu.now(),
    data: {
      object: structuredClone(object),
      ...(previousAttributes ? { previous_attributes: structuredClone(previousAttributes) } : {}),
    },
    livemode: false,
    pending_webhooks: emu.webhooks.endpoints.length,
    request: { id: emu.origin.id, idempotency_key: emu.origin.idempotencyKey },
    type,
  }
  emu.store.events.add(event)
  emu.webhooks.enqueue(event)
  return event
}

/** The values `fields` had on `object` before a change, for `previous_attributes`. */
export function previousValues<T extends object>(
  object: T,
  fields: readonly (keyof T)[],
): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, structuredClone(object[field])]))
}
