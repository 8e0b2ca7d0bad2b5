/**
 * Staff passwords: argon2id (@node-rs/argon2) at OWASP's baseline of 19 MiB, 2 passes, one lane
 * (about 18 ms per hash on our build machines; decision 0009), a 12-character minimum and a
 * refusal of the most common passwords.
 */
import { randomBytes } from 'node:crypto'
import { hash, verify, type Algorithm } from '@node-rs/argon2'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-rules.ts'

const ARGON2_OPTIONS = {
  algorithm: 2 as Algorithm, // Algorithm.Argon2id: a const enum, which isolatedModules cannot read
  memoryCost: 19_456, // KiB = 19 MiB
  timeCost: 2,
  parallelism: 1,
} as const

/** The 20 most used passwords of public breach corpora (lower case). */
const COMMON_PASSWORDS = new Set([
  '123456',
  '123456789',
  '12345678',
  'password',
  'qwerty123',
  'qwerty1',
  '111111',
  '12345',
  'secret',
  '123123',
  '1234567890',
  '1234567',
  '000000',
  'qwerty',
  'abc123',
  'password1',
  'iloveyou',
  '11111111',
  'dragon',
  'monkey',
  // The same list padded to our minimum length is what people type when told "12 characters".
  'password1234',
  'qwertyuiop12',
  '123456789012',
  'passwordpassword',
])

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `Use at least ${PASSWORD_MIN_LENGTH} characters.`
  if (password.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`
  if (COMMON_PASSWORDS.has(password.toLowerCase()))
    return 'This password is one of the most common ones; choose another.'
  return null
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

let dummyHash: Promise<string> | undefined

/**
 * Spends the time a real verification would, for an email we do not know, so that the answer
 * time does not tell an attacker which addresses have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'))
  await verifyPassword(await dummyHash, password)
  return false
}

/** A strong temporary password: 20 characters from an unambiguous alphabet (~115 bits). */
export function generateTemporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(40)
  let out = ''
  for (const byte of bytes) {
    // 220 is the largest multiple of 55 up to 256: rejecting the rest keeps the choice uniform.
    if (byte >= 220) continue
    out += alphabet[byte % alphabet.length]
    if (out.length === 20) break
  }
  return out.length === 20 ? out : generateTemporaryPassword()
}
