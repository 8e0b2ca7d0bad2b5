/**
 * What an export covers: its kind and an optional date range (UTC calendar days, both ends
 * included). Shared by the exports page and the download route.
 */
import { z } from 'zod'

export const EXPORT_KINDS = ['gifts', 'donors', 'refunds', 'payouts'] as const
export type ExportKind = (typeof EXPORT_KINDS)[number]

export const EXPORT_LABELS: Record<ExportKind, { title: string; dates: string }> = {
  gifts: { title: 'Gifts', dates: 'gifts received in the range' },
  donors: { title: 'Donors, with their giving per currency', dates: 'gifts received in the range' },
  refunds: { title: 'Refunds', dates: 'refunds made in the range' },
  payouts: {
    title: 'Payouts, with every balance transaction',
    dates: 'payouts created in the range',
  },
}

const day = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined))
  .refine((value) => value === undefined || /^\d{4}-\d{2}-\d{2}$/.test(value), {
    message: 'Enter a date like 2026-11-21',
  })
  .refine((value) => value === undefined || isRealDay(value), {
    message: 'That date does not exist',
  })

/** "2026-02-30" parses (JavaScript rolls it over to March), so compare it with its own output. */
function isRealDay(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`)
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value
}

export const exportFilterSchema = z
  .object({
    kind: z.enum(EXPORT_KINDS, { message: 'Choose what to export' }),
    from: day,
    to: day,
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.to < value.from) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: 'The end date is before the start date',
      })
    }
  })

export type ExportFilter = z.infer<typeof exportFilterSchema>

/** The half-open UTC interval [start, end) the filter covers (null ends are open). */
export function exportInterval(filter: ExportFilter): { start: Date | null; end: Date | null } {
  const start = filter.from ? new Date(`${filter.from}T00:00:00Z`) : null
  const end = filter.to ? new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000) : null
  return { start, end }
}

export function exportFileName(filter: ExportFilter): string {
  const range = [filter.from ?? 'start', filter.to ?? 'today'].join('_to_')
  return `lantern-${filter.kind}-${range}.csv`
}
