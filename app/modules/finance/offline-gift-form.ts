/**
 * The offline gift form's schema, shared by the browser and the server. The amount stays text
 * here: it is parsed in the campaign's currency on the server (offline-gifts.server.ts), which
 * also checks what needs the database (the campaign and scheduled pledge exist, the date).
 */
import { z } from 'zod'
import type { CurrencyCode } from '#app/modules/ledger/money.ts'

export const OFFLINE_METHODS = ['cheque', 'bank_transfer', 'cash'] as const
export type OfflineMethod = (typeof OFFLINE_METHODS)[number]

export const OFFLINE_METHOD_LABELS: Record<OfflineMethod, string> = {
  cheque: 'Cheque',
  bank_transfer: 'Bank transfer',
  cash: 'Cash',
}

/**
 * Largest single offline gift, in minor units: well above the online limits (a bequest or a
 * major donor's cheque), and far below what the INTEGER columns can hold.
 */
export const OFFLINE_MAX_MINOR: Record<CurrencyCode, number> = {
  USD: 100_000_000,
  EUR: 100_000_000,
  GBP: 80_000_000,
  KRW: 1_400_000_000,
  JPY: 150_000_000,
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep the ${label} under ${max} characters`)
    .optional()
    .transform((value) => (value ? value : undefined))

/** `2026-11-21` → that day at 00:00 UTC; null when it is not a real date. */
export function parseUtcDate(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null
  const date = new Date(`${value}T00:00:00Z`)
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? null : date
}

export const offlineGiftSchema = z.object({
  campaignId: z
    .string({ required_error: 'Choose the campaign' })
    .trim()
    .min(1, 'Choose the campaign'),
  receivedOn: z
    .string({ required_error: 'Enter the date the gift was received' })
    .trim()
    .refine((value) => parseUtcDate(value) !== null, 'Enter a date like 2026-11-21'),
  amount: z.string({ required_error: 'Enter the amount' }).trim().min(1, 'Enter the amount'),
  method: z.enum(OFFLINE_METHODS, {
    errorMap: () => ({ message: 'Choose how the gift was paid' }),
  }),
  reference: optionalText(100, 'reference'),
  donorEmail: z
    .string({ required_error: "Enter the donor's email" })
    .trim()
    .toLowerCase()
    .email("Enter the donor's email, like name@example.org")
    .max(254, 'That email is too long'),
  donorName: optionalText(120, 'name'),
  commitmentId: optionalText(40, 'scheduled pledge'),
})

export type OfflineGiftInput = z.infer<typeof offlineGiftSchema>
