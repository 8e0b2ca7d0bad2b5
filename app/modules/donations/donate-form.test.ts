import { describe, expect, test } from 'vitest'
import { DONATE_FORM_ERRORS, donateFormSchema } from './donate-form.ts'
import { classifyMessage } from './message-filter.ts'

const base = { amount: '4500', frequency: 'ONE_TIME', email: 'Donor@Example.org' }
const parse = (currency: string, input: Record<string, unknown>) =>
  donateFormSchema(currency).safeParse(input)
const errorsOf = (currency: string, input: Record<string, unknown>) => {
  const result = parse(currency, input)
  return result.success ? {} : result.error.flatten().fieldErrors
}

describe('donateFormSchema', () => {
  test('a suggested amount, once, with the email lower-cased', () => {
    const result = parse('USD', base)
    expect(result.success && result.data).toMatchObject({
      amountMinor: 4500,
      frequency: 'ONE_TIME',
      email: 'donor@example.org',
    })
  })

  test('other amounts are parsed in the campaign currency', () => {
    expect(parse('KRW', { ...base, amount: 'other', otherAmount: '50,000' })).toMatchObject({
      data: { amountMinor: 50000 },
    })
    expect(parse('USD', { ...base, amount: 'other', otherAmount: '25.50' })).toMatchObject({
      data: { amountMinor: 2550 },
    })
  })

  test('bad amounts get a message at the field', () => {
    expect(errorsOf('USD', { ...base, amount: 'other', otherAmount: '0' })).toEqual({
      otherAmount: ['Enter an amount above zero'],
    })
    expect(errorsOf('USD', { ...base, amount: 'other', otherAmount: '-5' })).toEqual({
      otherAmount: ['Enter an amount above zero'],
    })
    expect(errorsOf('KRW', { ...base, amount: 'other', otherAmount: '1.5' })).toEqual({
      otherAmount: ['South Korean won amounts have no decimal places'],
    })
    expect(errorsOf('USD', { ...base, amount: 'other', otherAmount: 'ten' })).toEqual({
      otherAmount: ['Enter the amount in numbers only'],
    })
    expect(errorsOf('USD', { ...base, amount: 'other', otherAmount: '60000' })).toEqual({
      otherAmount: ['The largest gift online is $50,000; please contact us for larger gifts'],
    })
    expect(errorsOf('USD', { ...base, amount: '100' })).toEqual({
      amount: ['The smallest gift online is $5'],
    })
    expect(errorsOf('USD', { ...base, amount: '45.5' })).toEqual({ amount: ['Choose an amount'] })
  })

  test('email, frequency and dedication are checked', () => {
    expect(errorsOf('USD', { ...base, email: 'nope' })).toEqual({
      email: ['Enter an email address like name@example.com'],
    })
    expect(errorsOf('USD', { ...base, frequency: 'WEEKLY' })).toHaveProperty('frequency')
    expect(parse('USD', { ...base, frequency: 'ANNUAL' })).toMatchObject({
      data: { frequency: 'ANNUAL' },
    })
    expect(errorsOf('USD', { ...base, dedication: 'IN_MEMORY' })).toEqual({
      dedicationName: ['Enter the name of the person'],
    })
  })

  test('a public name is opt-in and defaults to the first name', () => {
    expect(parse('USD', { ...base, name: 'Ji-woo Park', showName: true })).toMatchObject({
      data: { showName: true, displayName: 'Ji-woo' },
    })
    expect(parse('USD', { ...base, name: 'Ji-woo Park', anonymous: true })).toMatchObject({
      data: { showName: false, displayName: null, anonymous: true },
    })
  })

  test('anonymous and "show my name" together are a field error, not a guess', () => {
    expect(
      errorsOf('USD', { ...base, name: 'Ji-woo Park', showName: true, anonymous: true }),
    ).toEqual({ showName: [DONATE_FORM_ERRORS.anonymousAndShowName] })
  })

  test('a preset with a typed amount is a field error, never the preset charged', () => {
    expect(errorsOf('USD', { ...base, amount: '4500', otherAmount: '60' })).toEqual({
      otherAmount: [DONATE_FORM_ERRORS.presetAndOther],
    })
    expect(parse('USD', { ...base, amount: 'other', otherAmount: '60' })).toMatchObject({
      data: { amountMinor: 6000 },
    })
  })

  test('a message over the limit is refused at the field, never cut short', () => {
    expect(errorsOf('USD', { ...base, message: 'a'.repeat(501) })).toEqual({
      message: [DONATE_FORM_ERRORS.messageTooLong],
    })
    expect(parse('USD', { ...base, message: 'a'.repeat(500) })).toMatchObject({
      data: { message: 'a'.repeat(500) },
    })
  })

  test('a dedication may notify someone: name, a valid email, a note without links', () => {
    const honour = { ...base, dedication: 'IN_HONOUR', dedicationName: 'Grandmother Kim' }
    expect(
      parse('USD', {
        ...honour,
        dedicationNotify: true,
        dedicationNotifyName: 'Soo-ah',
        dedicationNotifyEmail: 'Soo-ah@Example.org',
        dedicationNotifyMessage: 'With love',
      }),
    ).toMatchObject({
      data: {
        dedicationNotify: { name: 'Soo-ah', email: 'soo-ah@example.org', message: 'With love' },
      },
    })
    expect(errorsOf('USD', { ...honour, dedicationNotify: true })).toEqual({
      dedicationNotifyName: [DONATE_FORM_ERRORS.notifyName],
    })
    expect(
      errorsOf('USD', {
        ...honour,
        dedicationNotify: true,
        dedicationNotifyName: 'Soo-ah',
        dedicationNotifyEmail: 'nope',
      }),
    ).toEqual({ dedicationNotifyEmail: [DONATE_FORM_ERRORS.notifyEmail] })
    expect(
      errorsOf('USD', {
        ...honour,
        dedicationNotify: true,
        dedicationNotifyName: 'Soo-ah',
        dedicationNotifyEmail: 'soo-ah@example.org',
        dedicationNotifyMessage: 'see www.example.com',
      }),
    ).toEqual({ dedicationNotifyMessage: [DONATE_FORM_ERRORS.notifyMessageLinks] })
    // Without a dedication there is no one to notify.
    expect(
      parse('USD', { ...base, dedicationNotify: true, dedicationNotifyEmail: 'x@example.org' }),
    ).toMatchObject({ data: { dedicationNotify: null } })
  })
})

describe('classifyMessage', () => {
  test('links, markup and spam words are spam; ordinary words wait for a moderator', () => {
    expect(classifyMessage('Cheap pills at pharmacy-deals.com')).toEqual({
      spam: true,
      reason: 'contains a link',
    })
    expect(classifyMessage('<a href=x>hi</a>')).toEqual({ spam: true, reason: 'contains markup' })
    expect(classifyMessage('best casino bonus')).toEqual({
      spam: true,
      reason: 'contains a known spam word',
    })
    expect(classifyMessage('Praying for everyone on the journey.')).toEqual({
      spam: false,
      reason: null,
    })
  })
})
