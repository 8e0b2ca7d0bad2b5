/**
 * Ids for rows written with raw SQL, in the shape of Prisma's `cuid()` defaults (a "c", the time
 * in base 36, then randomness), so they sort roughly by creation and look like the others.
 */
import { randomBytes } from 'node:crypto'

export function newId(): string {
  const time = Date.now().toString(36).padStart(9, '0')
  const random = BigInt(`0x${randomBytes(10).toString('hex')}`)
    .toString(36)
    .padStart(16, '0')
    .slice(-16)
  return `c${time}${random}`
}
