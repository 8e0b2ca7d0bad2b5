/**
 * Solves a giving challenge in the browser with altcha-lib's own solver (Web Crypto SHA-256,
 * bundled by Remix: no third-party script or request). Answers the payload the donate form
 * posts, or null when the number is not found (a challenge that was not ours).
 */
import { solveChallenge } from 'altcha-lib'
import type { Challenge } from 'altcha-lib/types'

export async function solveGivingChallenge(challenge: Challenge): Promise<string | null> {
  const { promise } = solveChallenge(
    challenge.challenge,
    challenge.salt,
    challenge.algorithm,
    challenge.maxnumber,
  )
  const solution = await promise
  if (!solution) return null
  return btoa(
    JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: solution.number,
      salt: challenge.salt,
      signature: challenge.signature,
    }),
  )
}
