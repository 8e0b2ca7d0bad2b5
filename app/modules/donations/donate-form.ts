/**
 * The donate form's schema, shared by the browser (instant field errors) and the server (the
 * authority). Amounts are parsed by the money module in the donor's chosen currency and must
 * fall within its limits; nothing here ever holds an amount as a float. Every message comes
 * from the catalogs (`donate.error.*`) in the page's language: the browser builds the schema
 * with its `useIntl()`, the server with `serverIntl(locale)`, so a no-JavaScript POST on /ko
 * gets Korean errors too.
 */
import { z } from 'zod'
import {
  giftAmountError,
  parseGiftAmount,
  type FormIntl,
  type MessageId,
} from '#app/i18n/amount-messages.ts'
import { FREQUENCIES } from '#app/modules/ledger/frequency.ts'
import { classifyMessage } from './message-filter.ts'

export { FREQUENCIES }
export const DEDICATIONS = ['NONE', 'IN_HONOUR', 'IN_MEMORY'] as const
export const OTHER_AMOUNT = 'other'
export const MESSAGE_MAX_LENGTH = 500
export const DEDICATION_MESSAGE_MAX_LENGTH = 500

export { giftAmountError, parseGiftAmount, type FormIntl, type MessageId }
type ErrorId = MessageId

const schemas = new WeakMap<FormIntl, Map<string, ReturnType<typeof buildDonateFormSchema>>>()

/**
 * The donate form's schema for a currency in a language (built once per both: zod schemas are
 * costly to build).
 */
export function donateFormSchema(currency: string, intl: FormIntl) {
  let byCurrency = schemas.get(intl)
  if (!byCurrency) {
    byCurrency = new Map()
    schemas.set(intl, byCurrency)
  }
  let schema = byCurrency.get(currency)
  if (!schema) {
    schema = buildDonateFormSchema(currency, intl)
    byCurrency.set(currency, schema)
  }
  return schema
}

function buildDonateFormSchema(currency: string, intl: FormIntl) {
  const t = (id: ErrorId, values?: Record<string, string | number>) =>
    intl.formatMessage({ id }, values)
  const optionalText = (max: number, id: ErrorId) =>
    z.string().trim().max(max, t(id, { max })).optional()
  const chooseFrequency = t('donate.error.frequency')
  return z
    .object({
      amount: z.string({ required_error: t('donate.error.amountChoose') }),
      otherAmount: z.string().optional(),
      // errorMap: zod's own "Invalid enum value" would reach the donor in English.
      frequency: z.enum(FREQUENCIES, { errorMap: () => ({ message: chooseFrequency }) }),
      coverFee: z.boolean().default(false),
      email: z
        .string({ required_error: t('donate.error.emailRequired') })
        .trim()
        .max(254, t('donate.error.emailTooLong'))
        .email(t('donate.error.emailInvalid')),
      name: optionalText(80, 'donate.error.nameTooLong'),
      anonymous: z.boolean().default(false),
      updatesOptIn: z.boolean().default(false),
      showName: z.boolean().default(false),
      displayName: optionalText(40, 'donate.error.displayNameTooLong'),
      message: optionalText(MESSAGE_MAX_LENGTH, 'donate.error.messageTooLong'),
      dedication: z
        .enum(DEDICATIONS, { errorMap: () => ({ message: t('donate.error.dedication') }) })
        .default('NONE'),
      dedicationName: optionalText(80, 'donate.error.personNameTooLong'),
      dedicationNotify: z.boolean().default(false),
      dedicationNotifyName: optionalText(80, 'donate.error.personNameTooLong'),
      dedicationNotifyEmail: optionalText(254, 'donate.error.emailTooLong'),
      dedicationNotifyMessage: optionalText(
        DEDICATION_MESSAGE_MAX_LENGTH,
        'donate.error.notifyMessageTooLong',
      ),
      utmSource: optionalText(100, 'donate.error.tooLong'),
      utmMedium: optionalText(100, 'donate.error.tooLong'),
      utmCampaign: optionalText(100, 'donate.error.tooLong'),
    })
    .transform((value, ctx) => {
      const other = value.amount === OTHER_AMOUNT
      let amountMinor: number
      if (other) {
        const parsed = parseGiftAmount(value.otherAmount ?? '', currency, intl)
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
            message: t('donate.error.presetAndOther'),
          })
          return z.NEVER
        }
        amountMinor = Number(value.amount)
      } else {
        ctx.addIssue({
          code: 'custom',
          path: ['amount'],
          message: t('donate.error.amountChoose'),
        })
        return z.NEVER
      }
      const limitError = giftAmountError(amountMinor, currency, intl)
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
          message: t('donate.error.dedicationName'),
        })
        return z.NEVER
      }
      const notify = value.dedication !== 'NONE' && value.dedicationNotify
      if (notify && !value.dedicationNotifyName) {
        ctx.addIssue({
          code: 'custom',
          path: ['dedicationNotifyName'],
          message: t('donate.error.notifyName'),
        })
        return z.NEVER
      }
      if (notify && !z.string().email().safeParse(value.dedicationNotifyEmail).success) {
        ctx.addIssue({
          code: 'custom',
          path: ['dedicationNotifyEmail'],
          message: t('donate.error.notifyEmail'),
        })
        return z.NEVER
      }
      // Our mail server carries the note to a stranger's inbox: no links, no markup.
      if (notify && classifyMessage(value.dedicationNotifyMessage).spam) {
        ctx.addIssue({
          code: 'custom',
          path: ['dedicationNotifyMessage'],
          message: t('donate.error.notifyMessageLinks'),
        })
        return z.NEVER
      }
      if (value.anonymous && value.showName) {
        ctx.addIssue({
          code: 'custom',
          path: ['showName'],
          message: t('donate.error.anonymousAndShowName'),
        })
        return z.NEVER
      }
      const firstName = value.name?.split(/\s+/)[0]
      const displayName = value.displayName || firstName
      if (value.showName && !value.anonymous && !displayName) {
        ctx.addIssue({
          code: 'custom',
          path: ['displayName'],
          message: t('donate.error.displayNameRequired'),
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
