import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

function randomToken(length: number): string {
  const bytes = randomBytes(length)
  let token = ''
  for (const byte of bytes) token += ALPHABET[byte % ALPHABET.length]
  return token
}

/**
 * Stripe-shaped ids: `<prefix>_<random>`. Checkout Sessions carry the mode in the prefix
 * (`cs_test_`), as they do on Stripe. The app must not parse ids; tests only rely on prefixes.
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(prefix === 'cs_test' ? 58 : 24)}`
}
