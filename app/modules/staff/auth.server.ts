/**
 * Staff sign-in: who is asking (getStaff/requireStaff), password sign-in with rate limits on
 * failures, and revocation. Every /admin loader and action calls requireStaff itself.
 * Decision records: docs/decisions/0009-staff-sign-in.md, 0022-sign-in-limits.md.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { redirect } from '@remix-run/node'
import { prisma } from '#app/utils/db.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import {
  consumeRateLimits,
  consumeRateLimitsCounting,
  releaseRateLimits,
  retryAfterSeconds,
  type RateLimit,
} from '#app/utils/rate-limit.server.ts'
import { recordAudit, type AuditActor } from './audit.server.ts'
import { verifyAgainstDummy, verifyPassword } from './password.server.ts'
import { hasAnyRole, mustUseTwoFactor, type StaffRole } from './roles.ts'
import {
  createStaffSession,
  deleteSession,
  loadSession,
  type LoadedSession,
} from './session.server.ts'

export type { StaffRole } from './roles.ts'
export type Staff = { id: string; email: string; name: string; roles: StaffRole[] }

const FIFTEEN_MINUTES_MS = 15 * 60 * 1000
/**
 * Failed sign-ins allowed per window for one email from one address, then refused. Every
 * attempt is counted before the password is checked and a success gives its hit back, so only
 * failures use the limit and parallel attempts cannot pass it.
 */
export const SIGN_IN_LIMIT_PER_EMAIL_AND_IP = { limit: 5, windowMs: FIFTEEN_MINUTES_MS }
/** Failed sign-ins allowed per window from one address, whatever the emails, then refused. */
export const SIGN_IN_LIMIT_PER_IP = { limit: 20, windowMs: FIFTEEN_MINUTES_MS }
/**
 * Failures per email (from every address) are never refused, so that nobody can lock a named
 * person out: past this many in a window, each further check waits longer (signInDelayMs).
 */
export const SIGN_IN_FREE_FAILURES_PER_EMAIL = { count: 5, windowMs: FIFTEEN_MINUTES_MS }
const FIRST_DELAY_MS = 250
const MAX_DELAY_MS = 8_000

function refusingLimits(email: string, ipAddress: string): RateLimit[] {
  return [
    { key: `staff-sign-in:email-ip:${email}|${ipAddress}`, ...SIGN_IN_LIMIT_PER_EMAIL_AND_IP },
    { key: `staff-sign-in:ip:${ipAddress}`, ...SIGN_IN_LIMIT_PER_IP },
  ]
}

function emailCounter(email: string): RateLimit {
  // The limit is never reached: this counter only measures, for the delay.
  const { windowMs } = SIGN_IN_FREE_FAILURES_PER_EMAIL
  return { key: `staff-sign-in:email:${email}`, limit: Number.MAX_SAFE_INTEGER, windowMs }
}

/** How long the check of the n-th attempt on one email in a window waits: doubling, capped. */
export function signInDelayMs(attemptsForEmail: number): number {
  const excess = attemptsForEmail - SIGN_IN_FREE_FAILURES_PER_EMAIL.count
  if (excess <= 0) return 0
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(excess - 1, 16))
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

function toStaff(user: { id: string; email: string; name: string; roles: StaffRole[] }): Staff {
  return { id: user.id, email: user.email, name: user.name, roles: [...user.roles] }
}

/**
 * One session lookup per request: the admin layout's loader and the page's loader of one
 * document request share it. After an action, Remix runs loaders with a new Request, so they
 * see what the action changed.
 */
const sessionsByRequest = new WeakMap<Request, Promise<LoadedSession | null>>()

function sessionOf(request: Request): Promise<LoadedSession | null> {
  let session = sessionsByRequest.get(request)
  if (!session) {
    session = loadSession(request)
    sessionsByRequest.set(request, session)
  }
  return session
}

/** Whether a session still owes its second factor (given, or enrolment when not set up yet). */
function secondFactorPending(session: LoadedSession): boolean {
  if (!session.twoFactorPassed) return true
  return mustUseTwoFactor(session.user.roles) && !session.user.totpEnabledAt
}

/** The signed-in staff member (second factor done where required), or null. */
export async function getStaff(request: Request): Promise<Staff | null> {
  const session = await sessionOf(request)
  if (!session || secondFactorPending(session)) return null
  return toStaff(session.user)
}

export const CHANGE_PASSWORD_PATH = '/admin/change-password'

/**
 * The staff member and the session id (for sign-out and "sign out everywhere else"). A person
 * whose password was set by an administrator is sent to choose their own first; only the
 * change-password page passes `{ passwordChange: true }` to be reachable then.
 */
export async function requireStaffSession(
  request: Request,
  roles?: StaffRole[],
  options: { passwordChange?: boolean } = {},
): Promise<{ staff: Staff; sessionId: string; mustChangePassword: boolean }> {
  const session = await sessionOf(request)
  if (!session) throw redirect(loginPath(request))
  if (secondFactorPending(session)) throw redirect('/admin/2fa')
  const { mustChangePassword } = session.user
  if (mustChangePassword && !options.passwordChange) {
    const url = new URL(request.url)
    const back = safeRedirectTo(url.pathname + url.search)
    throw redirect(`${CHANGE_PASSWORD_PATH}?redirectTo=${encodeURIComponent(back)}`)
  }
  const staff = toStaff(session.user)
  if (!hasAnyRole(staff.roles, roles)) {
    throw new Response('You do not have access to this page', { status: 403 })
  }
  return { staff, sessionId: session.id, mustChangePassword }
}

/**
 * The signed-in staff member holding one of `roles` (ADMIN always passes). Otherwise throws:
 * a redirect to sign-in (none, expired or revoked), to /admin/2fa (second factor owed), or 403.
 */
export async function requireStaff(request: Request, roles?: StaffRole[]): Promise<Staff> {
  return (await requireStaffSession(request, roles)).staff
}

export type SignInState =
  | { kind: 'signed-out' }
  | { kind: 'pending'; session: LoadedSession; enrolled: boolean }
  | { kind: 'signed-in'; session: LoadedSession; staff: Staff }

/** Where this request stands in the sign-in steps (for the second-factor pages). */
export async function getSignInState(request: Request): Promise<SignInState> {
  const session = await sessionOf(request)
  if (!session) return { kind: 'signed-out' }
  if (secondFactorPending(session))
    return { kind: 'pending', session, enrolled: !!session.user.totpEnabledAt }
  return { kind: 'signed-in', session, staff: toStaff(session.user) }
}

function loginPath(request: Request): string {
  const url = new URL(request.url)
  return `/admin/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`
}

const DUMMY_ORIGIN = 'http://lantern.invalid'

/** A path a browser resolves on this site: one slash, no second slash or backslash after it. */
function isSameSitePath(path: string): boolean {
  if (!path.startsWith('/') || /^\/[/\\]/.test(path)) return false
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return false
  try {
    return new URL(path, DUMMY_ORIGIN).origin === DUMMY_ORIGIN
  } catch {
    return false
  }
}

/**
 * A same-site path to go to after sign-in, or the fallback: absolute URLs, protocol-relative
 * `//host` and backslash tricks would make the sign-in page an open redirect. Both the input
 * and the normalised path that is returned are checked: `/.//evil.example` normalises to
 * `//evil.example`, which a browser reads as another host.
 */
export function safeRedirectTo(value: unknown, fallback = '/admin'): string {
  if (typeof value !== 'string' || !isSameSitePath(value)) return fallback
  const url = new URL(value, DUMMY_ORIGIN)
  const path = url.pathname + url.search + url.hash
  return isSameSitePath(path) ? path : fallback
}

export type SignInOutcome =
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'invalid' }
  | { kind: 'signed-in'; setCookie: string; next: 'done' | '2fa' | '2fa-setup' }

/**
 * Checks an email and password. The answer and its timing are the same whether or not the
 * email has an account. The attempt is counted before the password is checked (one atomic
 * statement per step), and a success gives its hits back: refused past the limits per (email,
 * address) and per address, slowed down past a number of failures per email
 * (docs/decisions/0022-sign-in-limits.md).
 */
export async function signIn(input: {
  email: string
  password: string
  ipAddress: string
  userAgent?: string | null
}): Promise<SignInOutcome> {
  const email = normalizeEmail(input.email)
  const now = new Date()
  const refusing = refusingLimits(email, input.ipAddress)
  const limited = await consumeRateLimits(refusing, now)
  if (!limited.allowed) {
    logger.info({ event: 'staff.sign_in', outcome: 'rate-limited', limit: limited.key })
    return { kind: 'rate-limited', retryAfterSeconds: retryAfterSeconds(limited) }
  }
  const perEmail = emailCounter(email)
  const { counts } = await consumeRateLimitsCounting([perEmail], now)
  const delayMs = signInDelayMs(counts.get(perEmail.key) ?? 0)
  if (delayMs > 0) await sleep(delayMs)

  const user = await prisma.staffUser.findUnique({ where: { email } })
  const passwordOk = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password)
  if (!user || !passwordOk || user.disabledAt) {
    logger.info({
      event: 'staff.sign_in',
      outcome: 'failed',
      userId: user?.id ?? null,
      ipAddress: input.ipAddress,
    })
    return { kind: 'invalid' }
  }
  await releaseRateLimits([...refusing, perEmail], now)

  const needsSecondFactor = !!user.totpEnabledAt || mustUseTwoFactor(user.roles)
  const { setCookie } = await createStaffSession(
    {
      userId: user.id,
      twoFactorPassed: !needsSecondFactor,
      ipAddress: input.ipAddress,
      userAgent: input.userAgent,
    },
    now,
  )
  await prisma.staffUser.update({ where: { id: user.id }, data: { lastSignInAt: now } })
  logger.info({
    event: 'staff.sign_in',
    outcome: 'password-ok',
    userId: user.id,
    ipAddress: input.ipAddress,
  })
  const next = !needsSecondFactor ? 'done' : user.totpEnabledAt ? '2fa' : '2fa-setup'
  return { kind: 'signed-in', setCookie, next }
}

/** Signs out this session only. */
export async function signOut(sessionId: string): Promise<void> {
  await deleteSession(sessionId)
}

/** Ends every session of a user ("sign out everywhere", password reset, disabling, ...). */
export async function revokeAllSessions(
  userId: string,
  context: { actor: AuditActor; reason: string; ipAddress?: string | null },
): Promise<number> {
  const { count } = await prisma.staffSession.deleteMany({ where: { userId } })
  await recordAudit({
    actor: context.actor,
    action: 'staff.sessions_revoked',
    entityType: 'StaffUser',
    entityId: userId,
    after: { sessionsRevoked: count, reason: context.reason },
    ipAddress: context.ipAddress,
  })
  return count
}
