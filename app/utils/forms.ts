/**
 * Parses a submitted form with its zod schema. The same as conform's `parseWithZod`, except that
 * the form-value coercion (empty fields to undefined, "on" to true, and so on) is built once per
 * schema: `parseWithZod` rebuilds a coerced copy of the whole schema on every call, which cost
 * about half a millisecond per donate POST, the busiest form of the site (bench/README.md, B).
 *
 * Every text value is normalised here, once for every form (app/utils/text.ts: NFC, no bidi
 * controls, zero-width or control characters), so no schema can forget a field.
 */
import { parseWithZod, unstable_coerceFormValue as coerceFormValue } from '@conform-to/zod'
import type { ZodTypeAny } from 'zod'
import { normaliseText } from './text.ts'

const coerced = new WeakMap<ZodTypeAny, ZodTypeAny>()

export function parseForm<Schema extends ZodTypeAny>(
  payload: FormData | URLSearchParams,
  schema: Schema,
) {
  let coercedSchema = coerced.get(schema) as Schema | undefined
  if (!coercedSchema) {
    coercedSchema = coerceFormValue(schema) as unknown as Schema
    coerced.set(schema, coercedSchema)
  }
  return parseWithZod(normalisedPayload(payload), {
    schema: coercedSchema,
    disableAutoCoercion: true,
  })
}

function normalisedPayload(payload: FormData | URLSearchParams): FormData | URLSearchParams {
  if (payload instanceof URLSearchParams) {
    const normalised = new URLSearchParams()
    for (const [name, value] of payload)
      normalised.append(normaliseText(name), normaliseText(value))
    return normalised
  }
  const normalised = new FormData()
  for (const [name, value] of payload) {
    normalised.append(normaliseText(name), typeof value === 'string' ? normaliseText(value) : value)
  }
  return normalised
}
