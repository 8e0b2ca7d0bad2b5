/**
 * Staff accounts and signed-in sessions for integration tests. Importing this module connects
 * to DATABASE_URL (like factories.ts): set the environment first. SESSION_SECRET must be set
 * (the helpers set a test one when it is missing).
 */
import { randomUUID } from 'node:crypto'
import { hashPassword } from '#app/modules/staff/password.server.ts'
import type { StaffRole } from '#app/modules/staff/roles.ts'
import { createStaffSession } from '#app/modules/staff/session.server.ts'
import { generateTotpSecret } from '#app/modules/staff/totp.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { reloadEnv } from '#app/utils/env.server.ts'

export const TEST_STAFF_PASSWORD = 'correct horse battery staple'

export function ensureSessionSecret(): void {
  if (!process.env.SESSION_SECRET) {
    process.env.SESSION_SECRET = 'test-session-secret-'.padEnd(40, 'x')
    reloadEnv()
  }
}

export async function createStaffUser(options: {
  roles: StaffRole[]
  email?: string
  password?: string
  /** Enrolled in TOTP (default: yes, as every role requires a second factor). */
  totp?: boolean
  name?: string
}) {
  const password = options.password ?? TEST_STAFF_PASSWORD
  const totp = options.totp ?? true
  const totpSecret = totp ? generateTotpSecret() : null
  const user = await prisma.staffUser.create({
    data: {
      email: options.email ?? `staff-${randomUUID().slice(0, 8)}@lantern.test`,
      name: options.name ?? `Staff ${options.roles.join('+')}`,
      roles: options.roles,
      passwordHash: await hashPassword(password),
      totpSecret,
      totpEnabledAt: totp ? new Date() : null,
    },
  })
  return { user, password, totpSecret }
}

/** A session row for the user; answers the `Cookie` request header value that carries it. */
export async function staffSessionCookie(
  userId: string,
  options: { twoFactorPassed?: boolean } = {},
): Promise<string> {
  ensureSessionSecret()
  const { setCookie } = await createStaffSession({
    userId,
    twoFactorPassed: options.twoFactorPassed ?? true,
  })
  return setCookie.split(';')[0] as string
}
