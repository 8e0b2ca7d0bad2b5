/**
 * Staff accounts: create, list, change roles, disable and enable, reset a second factor, and a
 * person's own password. Each change is audited (never with a secret or a hash) and every
 * change that alters what a person may do ends their sessions.
 */
import { prisma } from '#app/utils/db.server.ts'
import { recordAudit, type AuditActor } from './audit.server.ts'
import { normalizeEmail, revokeAllSessions } from './auth.server.ts'
import {
  generateTemporaryPassword,
  hashPassword,
  passwordProblem,
  verifyPassword,
} from './password.server.ts'
import { STAFF_ROLES, type StaffRole } from './roles.ts'
import { rotateStaffSession } from './session.server.ts'

type Context = { actor: AuditActor; ipAddress?: string | null }

const publicFields = {
  id: true,
  email: true,
  name: true,
  roles: true,
  totpEnabledAt: true,
  disabledAt: true,
  lastSignInAt: true,
  createdAt: true,
  demo: true,
} as const

function sortRoles(roles: readonly StaffRole[]): StaffRole[] {
  return STAFF_ROLES.filter((role) => roles.includes(role))
}

export function listStaffUsers() {
  return prisma.staffUser.findMany({
    select: { ...publicFields, _count: { select: { sessions: true } } },
    orderBy: [{ disabledAt: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }],
  })
}

export function getStaffUser(id: string) {
  return prisma.staffUser.findUnique({
    where: { id },
    select: {
      ...publicFields,
      _count: { select: { sessions: true, recoveryCodes: { where: { usedAt: null } } } },
    },
  })
}

export type CreateStaffInput = {
  email: string
  name: string
  roles: StaffRole[]
  /** Omitted: a strong temporary password is generated (and returned once). */
  password?: string
  demo?: boolean
}

export type CreateStaffResult =
  | { ok: true; user: { id: string; email: string }; password: string }
  | { ok: false; field: 'email' | 'password' | 'roles'; message: string }

export async function createStaffAccount(
  input: CreateStaffInput,
  context: Context,
): Promise<CreateStaffResult> {
  const email = normalizeEmail(input.email)
  const roles = sortRoles(input.roles)
  if (roles.length === 0) return { ok: false, field: 'roles', message: 'Choose at least one role.' }
  const password = input.password ?? generateTemporaryPassword()
  const problem = passwordProblem(password)
  if (problem) return { ok: false, field: 'password', message: problem }
  if (await prisma.staffUser.findUnique({ where: { email }, select: { id: true } })) {
    return { ok: false, field: 'email', message: 'A staff account with this email already exists.' }
  }
  const passwordHash = await hashPassword(password)
  const user = await prisma.$transaction(async (tx) => {
    const created = await tx.staffUser.create({
      data: {
        email,
        name: input.name.trim(),
        roles,
        passwordHash,
        demo: input.demo ?? false,
        // Someone else chose this password (an administrator, the CLI): it is temporary.
        mustChangePassword: !input.demo,
      },
    })
    await recordAudit(
      {
        actor: context.actor,
        action: 'staff.created',
        entityType: 'StaffUser',
        entityId: created.id,
        after: { email, name: created.name, roles },
        ipAddress: context.ipAddress,
      },
      tx,
    )
    return created
  })
  return { ok: true, user: { id: user.id, email: user.email }, password }
}

export type UpdateStaffResult = { ok: true } | { ok: false; message: string }

/** Changes name and roles; a change of roles ends the person's sessions. */
export async function updateStaffAccount(
  id: string,
  input: { name: string; roles: StaffRole[] },
  context: Context,
): Promise<UpdateStaffResult> {
  const roles = sortRoles(input.roles)
  if (roles.length === 0) return { ok: false, message: 'Choose at least one role.' }
  const before = await prisma.staffUser.findUnique({ where: { id }, select: publicFields })
  if (!before) return { ok: false, message: 'No such staff account.' }
  if (id === context.actor.id && !roles.includes('ADMIN') && before.roles.includes('ADMIN')) {
    return { ok: false, message: 'You cannot remove your own administrator role.' }
  }
  const name = input.name.trim()
  const rolesChanged = sortRoles(before.roles).join() !== roles.join()
  if (!rolesChanged && name === before.name) return { ok: true }
  await prisma.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id }, data: { name, roles } })
    await recordAudit(
      {
        actor: context.actor,
        action: rolesChanged ? 'staff.roles_changed' : 'staff.updated',
        entityType: 'StaffUser',
        entityId: id,
        before: { name: before.name, roles: sortRoles(before.roles) },
        after: { name, roles },
        ipAddress: context.ipAddress,
      },
      tx,
    )
  })
  if (rolesChanged) await revokeAllSessions(id, { ...context, reason: 'roles changed' })
  return { ok: true }
}

export async function setStaffDisabled(
  id: string,
  disabled: boolean,
  context: Context,
): Promise<UpdateStaffResult> {
  if (id === context.actor.id) return { ok: false, message: 'You cannot disable your own account.' }
  const before = await prisma.staffUser.findUnique({ where: { id }, select: publicFields })
  if (!before) return { ok: false, message: 'No such staff account.' }
  if (!!before.disabledAt === disabled) return { ok: true }
  const disabledAt = disabled ? new Date() : null
  await prisma.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id }, data: { disabledAt } })
    await recordAudit(
      {
        actor: context.actor,
        action: disabled ? 'staff.disabled' : 'staff.enabled',
        entityType: 'StaffUser',
        entityId: id,
        before: { disabledAt: before.disabledAt },
        after: { disabledAt },
        ipAddress: context.ipAddress,
      },
      tx,
    )
  })
  if (disabled) await revokeAllSessions(id, { ...context, reason: 'account disabled' })
  return { ok: true }
}

/** Removes a person's authenticator and recovery codes: they enrol again at next sign-in. */
export async function resetTwoFactor(id: string, context: Context): Promise<UpdateStaffResult> {
  const before = await prisma.staffUser.findUnique({ where: { id }, select: publicFields })
  if (!before) return { ok: false, message: 'No such staff account.' }
  await prisma.$transaction(async (tx) => {
    await tx.staffUser.update({
      where: { id },
      data: { totpSecret: null, totpPending: null, totpEnabledAt: null },
    })
    await tx.staffRecoveryCode.deleteMany({ where: { userId: id } })
    await recordAudit(
      {
        actor: context.actor,
        action: 'staff.2fa_reset',
        entityType: 'StaffUser',
        entityId: id,
        before: { totpEnabled: !!before.totpEnabledAt },
        after: { totpEnabled: false },
        ipAddress: context.ipAddress,
      },
      tx,
    )
  })
  await revokeAllSessions(id, { ...context, reason: 'two-factor reset' })
  return { ok: true }
}

export type ChangePasswordResult =
  | { ok: true; setCookie: string }
  | { ok: false; field: 'currentPassword' | 'newPassword'; message: string }

/**
 * A signed-in person changes their own password: their other sessions end, this one gets a
 * new id (the answer's Set-Cookie), every unused reset link is spent and a temporary password
 * stops being temporary.
 */
export async function changeOwnPassword(
  input: { userId: string; sessionId: string; currentPassword: string; newPassword: string },
  context: Context,
): Promise<ChangePasswordResult> {
  const user = await prisma.staffUser.findUniqueOrThrow({ where: { id: input.userId } })
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, field: 'currentPassword', message: 'Your current password is not right.' }
  }
  const problem = passwordProblem(input.newPassword)
  if (problem) return { ok: false, field: 'newPassword', message: problem }
  if (input.newPassword === input.currentPassword) {
    const message = 'Choose a password different from your current one.'
    return { ok: false, field: 'newPassword', message }
  }
  const passwordHash = await hashPassword(input.newPassword)
  const outcome = await prisma.$transaction(async (tx) => {
    await tx.staffUser.update({
      where: { id: user.id },
      data: { passwordHash, mustChangePassword: false },
    })
    await tx.passwordResetToken.updateMany({
      where: { userId: user.id, usedAt: null },
      data: { usedAt: new Date() },
    })
    await recordAudit(
      {
        actor: context.actor,
        action: 'staff.password_changed',
        entityType: 'StaffUser',
        entityId: user.id,
        ipAddress: context.ipAddress,
      },
      tx,
    )
    const rotated = await rotateStaffSession(input.sessionId, {}, tx)
    const others = await tx.staffSession.deleteMany({
      where: { userId: user.id, id: { not: rotated?.session.id ?? '' } },
    })
    return { count: others.count, setCookie: rotated?.setCookie ?? null }
  })
  const { count, setCookie } = outcome
  if (count > 0) {
    await recordAudit({
      actor: context.actor,
      action: 'staff.sessions_revoked',
      entityType: 'StaffUser',
      entityId: user.id,
      after: { sessionsRevoked: count, reason: 'password changed' },
      ipAddress: context.ipAddress,
    })
  }
  if (!setCookie) {
    // The session was revoked while the password changed: the new password stands, and the
    // person signs in again with it.
    return { ok: false, field: 'currentPassword', message: 'Your session ended: sign in again.' }
  }
  return { ok: true, setCookie }
}
