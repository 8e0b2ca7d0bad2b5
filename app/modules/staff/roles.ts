/** Staff roles (Prisma enum StaffRole); safe to import in browser code. */
export const STAFF_ROLES = ['ADMIN', 'CAMPAIGN_MANAGER', 'FINANCE'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

export const ROLE_LABELS: Record<StaffRole, string> = {
  ADMIN: 'Administrator',
  CAMPAIGN_MANAGER: 'Campaign manager',
  FINANCE: 'Finance',
}

/** ADMIN may do everything; anyone else needs one of `required` (none required: any staff). */
export function hasAnyRole(held: readonly StaffRole[], required?: readonly StaffRole[]): boolean {
  if (held.includes('ADMIN')) return true
  if (!required || required.length === 0) return true
  return required.some((role) => held.includes(role))
}

/**
 * Every staff role signs in with a second factor: campaign managers publish to the public site
 * and see donors' messages, so a stolen password alone must not open any staff page.
 */
export function mustUseTwoFactor(roles: readonly StaffRole[]): boolean {
  return roles.length > 0
}
