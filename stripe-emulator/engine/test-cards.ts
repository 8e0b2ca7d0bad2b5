/**
 * Stripe's test card numbers and SEPA test IBANs that the hosted page understands
 * (docs.stripe.com/testing; reference §7.4). README.md mirrors this table.
 */

export interface Decline {
  code: string
  declineCode: string
  message: string
  /** `blocked` for Radar blocks, which never reach the card network. */
  outcome: 'issuer_declined' | 'blocked'
}

export type CardBehaviour =
  /** `dispute`: the payment succeeds, then the cardholder disputes it with this reason. */
  | { kind: 'succeeds'; dispute?: 'fraudulent' | 'product_not_received' }
  /** `attaches`: saving the card (setup mode) works, but every charge to it declines. */
  | { kind: 'declines'; decline: Decline; attaches?: boolean }
  | { kind: 'authenticates' }

export interface TestCard {
  brand: 'visa' | 'mastercard' | 'amex'
  funding: 'credit' | 'debit'
  country: string
  behaviour: CardBehaviour
}

const declined = (declineCode: string, message: string, code = 'card_declined'): CardBehaviour => ({
  kind: 'declines',
  decline: { code, declineCode, message, outcome: 'issuer_declined' },
})

const visa = (behaviour: CardBehaviour, funding: TestCard['funding'] = 'credit'): TestCard => ({
  brand: 'visa',
  funding,
  country: 'US',
  behaviour,
})

const SUCCEEDS: CardBehaviour = { kind: 'succeeds' }
const AUTHENTICATES: CardBehaviour = { kind: 'authenticates' }

export const TEST_CARDS: Record<string, TestCard> = {
  '4242424242424242': visa(SUCCEEDS),
  '4000056655665556': visa(SUCCEEDS, 'debit'),
  '5555555555554444': {
    brand: 'mastercard',
    funding: 'credit',
    country: 'US',
    behaviour: SUCCEEDS,
  },
  '378282246310005': { brand: 'amex', funding: 'credit', country: 'US', behaviour: SUCCEEDS },
  '4000000000000002': visa(declined('generic_decline', 'Your card was declined.')),
  '4000000000009995': visa(declined('insufficient_funds', 'Your card has insufficient funds.')),
  '4000000000000069': visa(declined('expired_card', 'Your card has expired.', 'expired_card')),
  '4000000000000127': visa(
    declined('incorrect_cvc', "Your card's security code is incorrect.", 'incorrect_cvc'),
  ),
  '4000000000000119': visa(
    declined(
      'processing_error',
      'An error occurred while processing your card. Try again in a little bit.',
      'processing_error',
    ),
  ),
  '4100000000000019': visa({
    kind: 'declines',
    decline: {
      code: 'card_declined',
      declineCode: 'fraudulent',
      message: 'Your card was declined.',
      outcome: 'blocked',
    },
  }),
  '4000000000000341': visa({
    kind: 'declines',
    decline: {
      code: 'card_declined',
      declineCode: 'generic_decline',
      message: 'Your card was declined.',
      outcome: 'issuer_declined',
    },
    attaches: true,
  }),
  '4000000000000259': visa({ kind: 'succeeds', dispute: 'fraudulent' }),
  '4000000000002685': visa({ kind: 'succeeds', dispute: 'product_not_received' }),
  '4000002760003184': visa(AUTHENTICATES),
  '4000002500003155': visa(AUTHENTICATES),
}

export const AUTHENTICATION_FAILURE_MESSAGE =
  'We are unable to authenticate your payment method. Please choose a different payment method and try again.'

/** SEPA Direct Debit test IBANs: both leave the payment processing until the clock moves on. */
export const TEST_IBANS: Record<string, 'succeeds' | 'fails'> = {
  DE89370400440532013000: 'succeeds',
  DE62370400440532013001: 'fails',
}

/** Stripe test mode settles these IBANs about three minutes after confirmation. */
export const SEPA_SETTLEMENT_DELAY_SECONDS = 180

export const SEPA_FAILURE = {
  code: 'insufficient_funds',
  message: "The customer's account has insufficient funds to cover this payment.",
}

export function luhnValid(number: string): boolean {
  let sum = 0
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i])
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2
    sum += digit
  }
  return number.length >= 12 && sum % 10 === 0
}
