/**
 * The form that resolves a reconciliation exception, shared by the browser and the server (the
 * authority; rules that need the database live in exceptions.server.ts).
 */
import { z } from 'zod'

const MAX_NOTE = 2_000

export const resolveExceptionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('link'),
    exceptionId: z.string().min(1),
    reference: z
      .string({ required_error: 'Enter a gift id, Stripe charge id or payment intent id' })
      .trim()
      .min(1, 'Enter a gift id, Stripe charge id or payment intent id')
      .max(255, 'That is not a gift id or Stripe id'),
    note: z.string().trim().max(MAX_NOTE, `Keep the note under ${MAX_NOTE} characters`).optional(),
  }),
  z.object({
    intent: z.literal('note'),
    exceptionId: z.string().min(1),
    note: z
      .string({ required_error: 'Write why this is in order' })
      .trim()
      .min(1, 'Write why this is in order')
      .max(MAX_NOTE, `Keep the note under ${MAX_NOTE} characters`),
  }),
])

export type ResolveExceptionInput = z.infer<typeof resolveExceptionSchema>
