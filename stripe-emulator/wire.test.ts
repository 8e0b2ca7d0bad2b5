import { describe, expect, it } from 'vitest'
import { addInterval } from './engine/periods.ts'
import { formatMinor, processingFeeMinor } from './money.ts'
import { decodeForm, paginate } from './wire.ts'

describe('decodeForm', () => {
  it('nests brackets and turns indexed keys into arrays', () => {
    const body =
      'mode=payment&line_items[0][price_data][product_data][name]=Don%C3%A9&line_items[0][quantity]=1' +
      '&line_items[1][quantity]=2&expand[0]=line_items&expand[1]=customer&metadata[donation_id]=don_1&tags[]=a&tags[]=b'
    expect(decodeForm(body)).toEqual({
      mode: 'payment',
      line_items: [
        { price_data: { product_data: { name: 'Doné' } }, quantity: '1' },
        { quantity: '2' },
      ],
      expand: ['line_items', 'customer'],
      metadata: { donation_id: 'don_1' },
      tags: ['a', 'b'],
    })
  })

  it('keeps empty values (Stripe\'s "unset") and drops prototype keys', () => {
    expect(decodeForm('metadata[a]=&__proto__[x]=1&a[constructor]=2')).toEqual({
      metadata: { a: '' },
    })
  })
})

describe('paginate', () => {
  const items = ['e', 'd', 'c', 'b', 'a'].map((id) => ({ id }))

  it('pages forwards and backwards', () => {
    expect(paginate(items, { limit: 2 }, '/v1/x')).toEqual({
      object: 'list',
      data: [{ id: 'e' }, { id: 'd' }],
      has_more: true,
      url: '/v1/x',
    })
    expect(paginate(items, { limit: 2, startingAfter: 'c' }, '/v1/x').data).toEqual([
      { id: 'b' },
      { id: 'a' },
    ])
    expect(paginate(items, { limit: 2, endingBefore: 'b' }, '/v1/x')).toMatchObject({
      data: [{ id: 'd' }, { id: 'c' }],
      has_more: true,
    })
    expect(paginate(items, { limit: 10, endingBefore: 'd' }, '/v1/x')).toMatchObject({
      data: [{ id: 'e' }],
      has_more: false,
    })
  })
})

describe('money', () => {
  it('computes the documented fee rule', () => {
    expect(processingFeeMinor(10000, 'usd')).toBe(320)
    expect(processingFeeMinor(500, 'eur')).toBe(45)
    expect(processingFeeMinor(5000, 'krw')).toBe(180)
  })

  it('formats minor units per currency exponent', () => {
    expect(formatMinor(5000, 'krw')).toBe('₩5,000')
    expect(formatMinor(5000, 'jpy')).toBe('¥5,000')
    expect(formatMinor(1050, 'usd')).toBe('$10.50')
  })
})

describe('addInterval', () => {
  it('keeps the anchor day and clamps to short months', () => {
    const jan31 = Date.UTC(2025, 0, 31, 12) / 1000
    expect(new Date(addInterval(jan31, 'month', 1) * 1000).toISOString()).toBe(
      '2025-02-28T12:00:00.000Z',
    )
    expect(new Date(addInterval(jan31, 'month', 2) * 1000).toISOString()).toBe(
      '2025-03-31T12:00:00.000Z',
    )
    expect(new Date(addInterval(jan31, 'year', 1) * 1000).toISOString()).toBe(
      '2026-01-31T12:00:00.000Z',
    )
    expect(addInterval(jan31, 'week', 2) - jan31).toBe(14 * 24 * 60 * 60)
  })
})
