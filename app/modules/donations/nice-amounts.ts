/**
 * Round suggested amounts for a currency the appeal was not written in: the appeal's own amounts
 * converted at the staff rate, then rounded to a "nice" step (docs/decisions/0020). Pure, so the
 * browser and the tests can use it; minor units in and out, no floats.
 */
import { convertMinor } from '#app/modules/ledger/conversion.ts'
import { getCurrency } from '#app/modules/ledger/money.ts'

/**
 * The step an amount is rounded to, in minor units. The currency's base unit is 1,000 for KRW,
 * 100 for JPY and one whole unit for two-decimal currencies; below 10 bases the step is one
 * base, below 100 bases five, from there on ten (KRW 1,000 / 5,000 / 10,000; JPY 100 / 500 /
 * 1,000; USD 1 / 5 / 10).
 */
export function niceStepMinor(amountMinor: number, currency: string): number {
  const { code, exponent } = getCurrency(currency)
  const baseMinor = (code === 'KRW' ? 1_000 : code === 'JPY' ? 100 : 1) * 10 ** exponent
  if (amountMinor < 10 * baseMinor) return baseMinor
  if (amountMinor < 100 * baseMinor) return 5 * baseMinor
  return 10 * baseMinor
}

/** To the nearest step (halves up), kept within the currency's minimum and maximum gift. */
export function roundNice(amountMinor: number, currency: string): number {
  const { minMinor, maxMinor } = getCurrency(currency)
  const step = niceStepMinor(amountMinor, currency)
  const rounded = Math.floor((amountMinor + step / 2) / step) * step
  if (rounded < minMinor) {
    const minStep = niceStepMinor(minMinor, currency)
    return Math.ceil(minMinor / minStep) * minStep
  }
  if (rounded > maxMinor) {
    const maxStep = niceStepMinor(maxMinor, currency)
    return Math.floor(maxMinor / maxStep) * maxStep
  }
  return rounded
}

/**
 * The appeal's amounts (in `from`, in their order) proposed in `to` at `rate` (`from` major units
 * × rate = `to` major units). Two amounts that round alike are kept apart by moving the later
 * one up a step, so every button stays distinct and in the same order as the appeal's.
 */
export function proposeAmounts(
  amountsMinor: readonly number[],
  from: string,
  to: string,
  rate: string,
): number[] {
  const proposed: number[] = []
  for (const amountMinor of amountsMinor) {
    let nice = roundNice(convertMinor(amountMinor, from, to, rate), to)
    while (proposed.includes(nice) && nice < getCurrency(to).maxMinor)
      nice += niceStepMinor(nice, to)
    if (!proposed.includes(nice)) proposed.push(nice)
  }
  return proposed
}
