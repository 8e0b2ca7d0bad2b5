import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

// Random bytes are drawn 4 KiB at a time: one call into the system's generator per id (a
// session creates several) was a tenth of the emulator's CPU in the donate benchmark.
const POOL_SIZE = 4096
let pool = randomBytes(POOL_SIZE)
let poolOffset = 0

function randomToken(length: number): string {
  if (poolOffset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE)
    poolOffset = 0
  }
  let token = ''
  for (let i = poolOffset; i < poolOffset + length; i++) {
    token += ALPHABET[(pool[i] as number) % ALPHABET.length]
  }
  poolOffset += length
  return token
}

/**
 * Stripe-shaped ids: `<prefix>_<random>`. Checkout Sessions carry the mode in the prefix
 * (`cs_test_`), as they do on Stripe. The app must not parse ids; tests only rely on prefixes.
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(prefix === 'cs_test' ? 58 : 24)}`
}
