/**
 * The donate form's schema, shared by the browser (instant field errors) and the server (the
 * authority). Amounts are parsed by the money module in the campaign's currency and must fall
 * within its limits; nothing here ever holds an amount as a float.
 */
import { z } from 'zod'
import { FREQUENCIES } from '#app/modules/ledger/frequency.ts'
import { checkGiftAmount, parseAmount } from '#app/modules/ledger/money.ts'
import { classifyMessage } from './message-filter.ts'

export { FREQUENCIES }
export const DEDICATIONS = ['NONE', 'IN_HONOUR', 'IN_MEMORY'] as const
export const OTHER_AMOUNT = 'other'
export const MESSAGE_MAX_LENGTH = 500
export const DEDICATION_MESSAGE_MAX_LENGTH = 500

/** The form's messages, in one place so that they can move into a translation catalogue. */
export const DONATE_FORM_ERRORS = {
  presetAndOther:
    'You chose an amount and also typed one. Choose “Other amount” to give the typed amount, or clear the box.',
  anonymousAndShowName: 'Choose either to give anonymously or to show your name, not both.',
  messageTooLong: `Keep your message to ${MESSAGE_MAX_LENGTH} characters or fewer`,
  notifyName: 'Enter the name of the person we should tell',
  notifyEmail: 'Enter their email address, like name@example.com',
  notifyMessageTooLong: `Keep the note to ${DEDICATION_MESSAGE_MAX_LENGTH} characters or fewer`,
  notifyMessageLinks: 'Please leave links and markup out of the note',
} as const

const optionalText = (max: number, message: string) =>
  z.string().trim().max(max, message).optional()

const schemas = new Map<string, ReturnType<typeof buildDonateFormSchema>>()

/** The donate form's schema for a currency (built once per currency: zod schemas are costly). */
export function donateFormSchema(currency: string) {
  let schema = schemas.get(currency)
  if (!schema) {
    schema = buildDonateFormSchema(currency)
    schemas.set(currency, schema)
  }
  return schema
}

function buildDonateFormSchema(currency: string) {
  return z
    .object({
      amount: z.string({ required_error: 'Choose an amount' }),
      otherAmount: z.string().optional(),
      frequency: z.enum(FREQUENCIES, {
        required_error: 'Choose once, monthly or annual',
        invalid_type_error: 'Choose once, monthly or annual',
      }),
      coverFee: z.boolean().default(false),
      email: z
        .string({ required_error: 'Enter your email address so we can send your receipt' })
        .trim()
        .max(254, 'That email address is too long')
        .email('Enter an email address like name@example.com'),
      name: optionalText(80, 'Keep your name under 80 characters'),
      anonymous: z.boolean().default(false),
      updatesOptIn: z.boolean().default(false),
      showName: z.boolean().default(false),
      displayName: optionalText(40, 'Keep the public name under 40 characters'),
      message: optionalText(MESSAGE_MAX_LENGTH, DONATE_FORM_ERRORS.messageTooLong),
      dedication: z
        .enum(DEDICATIONS, { invalid_type_error: 'Choose a dedication' })
        .default('NONE'),
      dedicationName: optionalText(80, 'Keep the name under 80 characters'),
      dedicationNotify: z.boolean().default(false),
      dedicationNotifyName: optionalText(80, 'Keep the name under 80 characters'),
      dedicationNotifyEmail: optionalText(254, 'That email address is too long'),
      dedicationNotifyMessage: optionalText(
        DEDICATION_MESSAGE_MAX_LENGTH,
        DONATE_FORM_ERRORS.notifyMessageTooLong,
      ),
      utmSource: optionalText(100, 'Too long'),
      utmMedium: optionalText(100, 'Too long'),
      utmCampaign: optionalText(100, 'Too long'),
    })
    .transform((value, ctx) => {
      const other = value.amount === OTHER_AMOUNT
      let amountMinor: number
      if (other) {
        const parsed = parseAmount(value.otherAmount ?? '', currency)
        if (!parsed.ok) {
          ctx.addIssue({ code: 'custom', path: ['otherAmount'], message: parsed.error })
          return z.NEVER
        }
        amountMinor = parsed.amountMinor
      } else if (/^\d{1,12}$/.test(value.amount)) {
        // Without JavaScript a typed amount does not select "Other": never charge the preset
        // when the donor typed something else.
        if (value.otherAmount) {
          ctx.addIssue({
            code: 'custom',
            path: ['otherAmount'],
            message: DONATE_FORM_ERRORS.presetAndOther,
          })
          return z.NEVER
        }
        amountMinor = Number(value.amount)
      } else {
        ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Choose an amount' })
        return z.NEVER
      }
      const limitError = checkGiftAmount(amountMinor, currency)
      if (limitError) {
        ctx.addIssue({
          code: 'custom',
          path: [other ? 'otherAmount' : 'amount'],
          message: limitError,
        })
        return z.NEVER
      }
      if (value.dedication !== 'NONE' && !value.dedicationName) {
        ctx.addIssue({
          code: 'custom',
          path: ['dedicationName'],
          message: 'Enter the name of the person',
        })
        return z.NEVER
      }
      const notify = value.dedication !== 'NONE' && value.dedicationNotify
      if (notify && !value.dedicationNotifyName) {
        ctx.addIssue({
          code: 'custom',
          path: ['dedicationNotifyName'],
          message: DONATE_FORM_ERRORS.notifyName,
        })
        return z.NEVER
      }
      if (notify && !z.string().email().safeParse(value.dedicationNotifyEmail).success) {
        ctx.addIssue({
          code: 'custom',
          path: ['dedicationNotifyEmail'],
          message: DONATE_FORM_ERRORS.notifyEmail,
        })
        return z.NEVER
      }
      // Our mail server carries the note to a stranger's inbox: no links, no markup.
      if (notify && classifyMessage(value.dedicationNotifyMessage).spam) {
        ctx.addIssue({
          code: 'custom',
          path: ['dedicationNotifyMessage'],
          message: DONATE_FORM_ERRORS.notifyMessageLinks,
        })
        return z.NEVER
      }
      if (value.anonymous && value.showName) {
        ctx.addIssue({
          code: 'custom',
          path: ['showName'],
          message: DONATE_FORM_ERRORS.anonymousAndShowName,
        })
        return z.NEVER
      }
      const firstName = value.name?.split(/\s+/)[0]
      const displayName = value.displayName || firstName
      if (value.showName && !value.anonymous && !displayName) {
        ctx.addIssue({
          code: 'custom',
          path: ['displayName'],
          message: 'Enter the name to show, or untick the box',
        })
        return z.NEVER
      }
      return {
        amountMinor,
        frequency: value.frequency,
        coverFee: value.coverFee,
        email: value.email.toLowerCase(),
        name: value.name || null,
        anonymous: value.anonymous,
        updatesOptIn: value.updatesOptIn,
        showName: value.showName && !value.anonymous,
        displayName: value.anonymous ? null : displayName || null,
        message: value.message || null,
        dedication: value.dedication,
        dedicationName: value.dedication === 'NONE' ? null : (value.dedicationName ?? null),
        dedicationNotify: notify
          ? {
              name: value.dedicationNotifyName as string,
              email: (value.dedicationNotifyEmail as string).toLowerCase(),
              message: value.dedicationNotifyMessage || null,
            }
          : null,
        utm: {
          source: value.utmSource ?? null,
          medium: value.utmMedium ?? null,
          campaign: value.utmCampaign ?? null,
        },
      }
    })
}

export type DonateFormValue = z.output<ReturnType<typeof donateFormSchema>>
