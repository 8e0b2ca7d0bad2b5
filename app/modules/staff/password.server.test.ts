import { describe, expect, test } from 'vitest'
import {
  generateTemporaryPassword,
  hashPassword,
  passwordProblem,
  verifyAgainstDummy,
  verifyPassword,
} from './password.server.ts'

describe('password hashing', () => {
  test('hashes with argon2id at 19 MiB and 2 passes, salted, and verifies only the right password', async () => {
    const hash = await hashPassword('a sentence that is long enough')
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await hashPassword('a sentence that is long enough')).not.toBe(hash)
    expect(await verifyPassword(hash, 'a sentence that is long enough')).toBe(true)
    expect(await verifyPassword(hash, 'a sentence that is long enougH')).toBe(false)
  })

  test('a malformed stored hash fails verification instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', 'anything at all')).toBe(false)
  })

  test('the dummy verification for unknown emails takes about as long as a real one', async () => {
    const hash = await hashPassword('a sentence that is long enough')
    await verifyAgainstDummy('warm up the dummy hash')
    const time = async (run: () => Promise<unknown>) => {
      const start = performance.now()
      for (let i = 0; i < 5; i++) await run()
      return performance.now() - start
    }
    const real = await time(() => verifyPassword(hash, 'wrong password here'))
    const dummy = await time(() => verifyAgainstDummy('wrong password here'))
    expect(await verifyAgainstDummy('x')).toBe(false)
    expect(dummy).toBeGreaterThan(real * 0.5)
    expect(dummy).toBeLessThan(real * 2)
  })
})

describe('password rules', () => {
  test('needs at least 12 characters', () => {
    expect(passwordProblem('short pass1')).toMatch(/at least 12/)
    expect(passwordProblem('twelve chars')).toBeNull()
  })

  test('refuses the most common passwords, whatever their case', () => {
    for (const common of ['password1234', 'PASSWORD1234', 'qwertyuiop12', '123456789012'])
      expect(passwordProblem(common)).toMatch(/most common/)
    expect(passwordProblem('lantern-demo-2026')).toBeNull()
  })

  test('temporary passwords are 20 unambiguous characters, different each time and accepted', () => {
    const made = new Set(Array.from({ length: 50 }, generateTemporaryPassword))
    expect(made.size).toBe(50)
    for (const password of made) {
      expect(password).toMatch(/^[a-hjkmnp-zA-HJ-NP-Z2-9]{20}$/)
      expect(passwordProblem(password)).toBeNull()
    }
  })
})
