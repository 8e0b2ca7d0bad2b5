/**
 * Parses a submitted form with its zod schema. The same as conform's `parseWithZod`, except that
 * the form-value coercion (empty fields to undefined, "on" to true, and so on) is built once per
 * schema: `parseWithZod` rebuilds a coerced copy of the whole schema on every call, which cost
 * about half a millisecond per donate POST, the busiest form of the site (bench/README.md, B).
 */
import { parseWithZod, unstable_coerceFormValue as coerceFormValue } from '@conform-to/zod'
import type { ZodTypeAny } from 'zod'

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
  return parseWithZod(payload, { schema: coercedSchema, disableAutoCoercion: true })
}
