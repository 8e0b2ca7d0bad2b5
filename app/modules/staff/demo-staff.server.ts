/**
 * Demo staff for development and tests: one account per role with a published password and a
 * published TOTP secret (README): every role needs a second factor. They must never exist in
 * production: the seed refuses to create them there and the server refuses to boot with them.
 */
import type { Database } from '#app/utils/db.server.ts'
import { hashPassword } from './password.server.ts'
import type { StaffRole } from './roles.ts'

export const DEMO_STAFF_PASSWORD = 'lantern-demo-2026'
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP'

export const DEMO_STAFF: ReadonlyArray<{
  email: string
  name: string
  roles: StaffRole[]
  totp: boolean
}> = [
  { email: 'admin@lantern.test', name: 'Demo Admin', roles: ['ADMIN'], totp: true },
  {
    email: 'manager@lantern.test',
    name: 'Demo Campaign Manager',
    roles: ['CAMPAIGN_MANAGER'],
    totp: true,
  },
  { email: 'finance@lantern.test', name: 'Demo Finance', roles: ['FINANCE'], totp: true },
]

/** Creates the demo accounts that are missing (existing ones are left as they are). */
export async function seedDemoStaff(
  prisma: Database,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): Promise<{ created: number }> {
  if (nodeEnv === 'production') return { created: 0 }
  let created = 0
  const passwordHash = await hashPassword(DEMO_STAFF_PASSWORD)
  for (const account of DEMO_STAFF) {
    const existing = await prisma.staffUser.findUnique({ where: { email: account.email } })
    if (existing) continue
    await prisma.staffUser.create({
      data: {
        email: account.email,
        name: account.name,
        roles: account.roles,
        passwordHash,
        demo: true,
        totpSecret: account.totp ? DEMO_TOTP_SECRET : null,
        totpEnabledAt: account.totp ? new Date() : null,
      },
    })
    created++
  }
  return { created }
}

/** Throws when production would run with demo accounts (call at boot, after migrating). */
export async function assertNoDemoStaffInProduction(
  prisma: Database,
  nodeEnv: string | undefined = process.env.NODE_ENV,
): Promise<void> {
  if (nodeEnv !== 'production') return
  const count = await prisma.staffUser.count({ where: { demo: true } })
  if (count > 0) {
    throw new Error(
      `Refusing to start: ${count} demo staff account(s) exist in a production database. Delete the StaffUser rows with demo = true.`,
    )
  }
}
