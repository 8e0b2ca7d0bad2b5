/**
 * Who acts and from where: every staff action takes it, so that its audit entry names the
 * staff member and their address. `now` lets tests fix the clock of time-dependent actions.
 */
import type { AuditActor } from './audit.server.ts'

export type StaffContext = { actor: AuditActor; ipAddress?: string | null; now?: Date }

/** Who acts, from where: for the audit log. */
export function staffContext(
  staff: { id: string; email: string },
  clientIp: string | undefined,
): StaffContext {
  return { actor: { id: staff.id, email: staff.email }, ipAddress: clientIp ?? null }
}
