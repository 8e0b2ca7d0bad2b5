import { describe, expect, test } from 'vitest'
import { serverIntl } from '#app/i18n/catalogs.server.ts'
import { donateFormSchema } from './donate-form.ts'
import { classifyMessage } from './message-filter.ts'

const base = { amount: '4500', frequency: 'ONE_TIME', email: 'Donor@Example.org' }
const parse = (currency: string, input: Record<string, unknown>) =>
  donateFormSchema(currency, serverIntl('en')).safeParse(input)
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
      otherAmount: ['South Korean Won amounts have no decimal places'],
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
    ).toEqual({ showName: ['Choose either to give anonymously or to show your name, not both.'] })
  })

  test('a preset with a typed amount is a field error, never the preset charged', () => {
    expect(errorsOf('USD', { ...base, amount: '4500', otherAmount: '60' })).toEqual({
      otherAmount: [
        'You chose an amount and also typed one. Choose “Other amount” to give the typed amount, or clear the box.',
      ],
    })
    expect(parse('USD', { ...base, amount: 'other', otherAmount: '60' })).toMatchObject({
      data: { amountMinor: 6000 },
    })
  })

  test('a message over the limit is refused at the field, never cut short', () => {
    expect(errorsOf('USD', { ...base, message: 'a'.repeat(501) })).toEqual({
      message: ['Keep your message to 500 characters or fewer'],
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
      dedicationNotifyName: ['Enter the name of the person we should tell'],
    })
    expect(
      errorsOf('USD', {
        ...honour,
        dedicationNotify: true,
        dedicationNotifyName: 'Soo-ah',
        dedicationNotifyEmail: 'nope',
      }),
    ).toEqual({ dedicationNotifyEmail: ['Enter their email address, like name@example.com'] })
    expect(
      errorsOf('USD', {
        ...honour,
        dedicationNotify: true,
        dedicationNotifyName: 'Soo-ah',
        dedicationNotifyEmail: 'soo-ah@example.org',
        dedicationNotifyMessage: 'see www.example.com',
      }),
    ).toEqual({ dedicationNotifyMessage: ['Please leave links and markup out of the note'] })
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

describe('donateFormSchema in Korean', () => {
  const korean = (currency: string, input: Record<string, unknown>) => {
    const result = donateFormSchema(currency, serverIntl('ko')).safeParse(input)
    return result.success ? {} : result.error.flatten().fieldErrors
  }

  test('every field error is in Korean, amounts in the Korean number format', () => {
    expect(korean('KRW', { ...base, amount: 'other', otherAmount: '5,000' })).toEqual({
      otherAmount: ['온라인 후원은 최소 ₩7,000부터 가능합니다'],
    })
    expect(korean('KRW', { ...base, amount: 'other', otherAmount: '1.5' })).toEqual({
      otherAmount: ['대한민국 원 금액에는 소수점을 쓸 수 없습니다'],
    })
    expect(korean('USD', { ...base, amount: 'other', otherAmount: '60000' })).toEqual({
      otherAmount: [
        '온라인 후원은 최대 US$50,000까지 가능합니다. 더 큰 금액은 저희에게 연락해 주세요',
      ],
    })
    expect(korean('KRW', { ...base, amount: 'other', otherAmount: '' })).toEqual({
      otherAmount: ['금액을 입력해 주세요'],
    })
    expect(korean('KRW', { ...base, email: 'nope' })).toEqual({
      email: ['name@example.com과 같은 형식으로 이메일 주소를 입력해 주세요'],
    })
    expect(korean('KRW', { ...base, email: undefined })).toEqual({
      email: ['영수증을 보내 드릴 수 있도록 이메일 주소를 입력해 주세요'],
    })
    expect(korean('KRW', { ...base, message: 'a'.repeat(501) })).toEqual({
      message: ['메시지는 500자 이내로 적어 주세요'],
    })
  })

  test('the same input in English and Korean gets the same fields, never English on /ko', () => {
    const bad = { amount: '4500', otherAmount: '9', frequency: 'WEEKLY', email: 'x' }
    const english = errorsOf('KRW', bad)
    const hangul = korean('KRW', bad)
    expect(Object.keys(hangul).sort()).toEqual(Object.keys(english).sort())
    for (const messages of Object.values(hangul))
      for (const message of messages ?? []) expect(message).toMatch(/[\uac00-\ud7a3]/)
  })
})
