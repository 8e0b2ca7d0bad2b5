// zod is patched (patches/zod+3.25.76.patch, decision 0012): the context a transform or
// refinement gets carries `path` as a plain value instead of a getter. It must still be the
// path of the value being checked, and issues added through it must land there.
import { z } from 'zod'
import { expect, test } from 'vitest'

test('a nested transform sees its own path and reports issues at it', () => {
  const seen: Array<{ path: unknown; descriptor: PropertyDescriptor | undefined }> = []
  const schema = z.object({
    gift: z.object({
      amount: z.string().transform((value, ctx) => {
        seen.push({ path: ctx.path, descriptor: Object.getOwnPropertyDescriptor(ctx, 'path') })
        if (!/^\d+$/.test(value)) {
          ctx.addIssue({ code: 'custom', message: 'Whole numbers only' })
          return z.NEVER
        }
        return Number(value)
      }),
    }),
  })

  expect(schema.parse({ gift: { amount: '4500' } })).toEqual({ gift: { amount: 4500 } })
  const failed = schema.safeParse({ gift: { amount: '1.5' } })
  expect(failed.success).toBe(false)
  expect(failed.error?.issues).toEqual([
    { code: 'custom', message: 'Whole numbers only', path: ['gift', 'amount'] },
  ])

  expect(seen.map((s) => s.path)).toEqual([
    ['gift', 'amount'],
    ['gift', 'amount'],
  ])
  // The patch: a data property, so V8 can free each parse young.
  expect(seen[0]?.descriptor).toMatchObject({ value: ['gift', 'amount'] })
  expect(seen[0]?.descriptor?.get).toBeUndefined()
})
