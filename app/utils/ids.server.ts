/**
 * Ids for rows written with raw SQL, in the shape of Prisma's `cuid()` defaults (a "c", the time
 * in base 36, then randomness), so they sort roughly by creation and look like the others.
 */
import { randomBytes } from 'node:crypto'

// Random bytes are drawn 4 KiB at a time rather than one system call per id.
const POOL_SIZE = 4096
const ID_RANDOM_BYTES = 10
let pool = randomBytes(POOL_SIZE)
let poolOffset = 0

export function newId(): string {
  if (poolOffset + ID_RANDOM_BYTES > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE)
    poolOffset = 0
  }
  const bytes = pool.subarray(poolOffset, (poolOffset += ID_RANDOM_BYTES))
  const time = Date.now().toString(36).padStart(9, '0')
  const random = BigInt(`0x${bytes.toString('hex')}`)
    .toString(36)
    .padStart(16, '0')
    .slice(-16)
  return `c${time}${random}`
}
