/**
 * The giving guard (docs/decisions/0024-card-testing-defences.md): whether new gifts are
 * paused or need the proof-of-work challenge, site-wide or for one appeal. Its state lives in
 * PostgreSQL (GivingGuard rows, counters in RateLimitCounter), so every app copy behind a load
 * balancer sees the same alarm. An alarm trips once: only the statement that changes a scope
 * from calm to raised (or to paused) queues the email to ADMIN staff.
 */
import { sendJob } from '#app/modules/jobs/queue.server.ts'
import { recordAudit, type AuditActor } from '#app/modules/staff/audit.server.ts'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { countHits, readHits } from '#app/utils/rate-limit.server.ts'
import {
  DECLINE_WINDOW_MS,
  SESSION_WINDOW_MS,
  thresholdsFor,
  tripsFor,
  worstLevel,
  type RiskLevel,
  type Signal,
} from './velocity.ts'

export const SITE_SCOPE = 'site'

export function appealScope(campaignId: string): string {
  return `appeal:${campaignId}`
}

export type GuardState = {
  /** Why new gifts are refused now, if they are. */
  paused: 'staff' | 'automatic' | null
  /** Whether a gift needs a solved challenge now. */
  challengeRequired: boolean
}

type GuardRow = {
  scope: string
  pausedByStaff: boolean
  autoPausedUntil: Date | null
  challengeUntil: Date | null
  challengeAlways: boolean
}

function stateOf(rows: GuardRow[], now: Date): GuardState {
  const staff = rows.some((row) => row.pausedByStaff)
  const automatic = rows.some((row) => row.autoPausedUntil && row.autoPausedUntil > now)
  return {
    paused: staff ? 'staff' : automatic ? 'automatic' : null,
    challengeRequired: rows.some(
      (row) =>
        (row.scope === SITE_SCOPE && row.challengeAlways) ||
        (row.challengeUntil !== null && row.challengeUntil > now),
    ),
  }
}

/** The guard of one appeal: its own row and the site-wide one. */
export async function givingGuardFor(campaignId: string, now = new Date()): Promise<GuardState> {
  const rows = await prisma.givingGuard.findMany({
    where: { scope: { in: [SITE_SCOPE, appealScope(campaignId)] } },
  })
  return stateOf(rows, now)
}

/** The guard of the appeal with this slug (public pages, which do not carry the appeal's id). */
export async function givingGuardForSlug(slug: string, now = new Date()): Promise<GuardState> {
  const campaign = await prisma.campaign.findUnique({ where: { slug }, select: { id: true } })
  if (!campaign) return { paused: null, challengeRequired: false }
  return givingGuardFor(campaign.id, now)
}

function cooldownMs(): number {
  return getEnv().GIVING_COOLDOWN_MINUTES * 60_000
}

/**
 * Counts one Checkout Session about to be started for the appeal, and trips what the counts
 * reach. Answers the level reached now, so the caller can refuse this very request.
 */
export async function countCheckoutSession(
  campaignId: string,
  now = new Date(),
): Promise<RiskLevel> {
  return countSignal('sessions', campaignId, SESSION_WINDOW_MS, now, now)
}

/**
 * Counts one declined card payment (from Stripe's events), for its appeal when known, in the
 * window of when it happened (`declinedAt`, the event's time), so that deliveries retried
 * after an outage are counted where they belong; an alarm they trip is raised as of now.
 */
export async function countDecline(
  campaignId: string | null,
  declinedAt: Date,
  now = new Date(),
): Promise<RiskLevel> {
  return countSignal('declines', campaignId, DECLINE_WINDOW_MS, declinedAt, now)
}

function counterKeys(signal: Signal, campaignId: string | null) {
  return {
    site: `giving:${signal}:${SITE_SCOPE}`,
    appeal: campaignId ? `giving:${signal}:${appealScope(campaignId)}` : null,
  }
}

async function countSignal(
  signal: Signal,
  campaignId: string | null,
  windowMs: number,
  countAt: Date,
  now: Date,
): Promise<RiskLevel> {
  const keys = counterKeys(signal, campaignId)
  const counts = await countHits(
    [keys.site, ...(keys.appeal ? [keys.appeal] : [])],
    windowMs,
    countAt,
  )
  const trips = tripsFor(
    {
      site: counts.get(keys.site) ?? 0,
      appeal: keys.appeal ? (counts.get(keys.appeal) ?? 0) : null,
    },
    thresholdsFor(getEnv(), signal),
  )
  for (const trip of trips) {
    const scope = trip.scope === 'site' ? SITE_SCOPE : appealScope(campaignId as string)
    const minutes = Math.round(windowMs / 60_000)
    const reason =
      signal === 'sessions'
        ? `${trip.count} Checkout Sessions in one minute`
        : `${trip.count} declined card payments in ${minutes} minutes`
    await raiseAlarm(scope, trip.level, reason, now)
  }
  return worstLevel(trips.map((trip) => trip.level))
}

/**
 * Raises the challenge (and, for 'pause', pauses new gifts) on a scope until the cool-down has
 * passed, and extends it while the alarm keeps tripping. The conditional upsert changes a calm
 * scope in exactly one of any number of concurrent calls; that one queues the email.
 */
export async function raiseAlarm(
  scope: string,
  level: Exclude<RiskLevel, 'normal'>,
  reason: string,
  now = new Date(),
): Promise<boolean> {
  const until = new Date(now.getTime() + cooldownMs())
  const pause = level === 'pause'
  // Timestamps travel as UTC text cast to `timestamp`, as Prisma writes these columns.
  const at = now.toISOString()
  const end = until.toISOString()
  const tripped = await prisma.$queryRaw<Array<{ scope: string }>>`
    INSERT INTO "GivingGuard"
      ("scope", "challengeUntil", "autoPausedUntil", "lastAlarm", "lastAlarmAt", "updatedAt")
    VALUES (
      ${scope}, ${end}::timestamp(3),
      CASE WHEN ${pause}::boolean THEN ${end}::timestamp(3) END,
      ${reason}, ${at}::timestamp(3), ${at}::timestamp(3)
    )
    ON CONFLICT ("scope") DO UPDATE SET
      "challengeUntil" = EXCLUDED."challengeUntil",
      "autoPausedUntil" = COALESCE(EXCLUDED."autoPausedUntil", "GivingGuard"."autoPausedUntil"),
      "lastAlarm" = EXCLUDED."lastAlarm",
      "lastAlarmAt" = EXCLUDED."lastAlarmAt",
      "updatedAt" = EXCLUDED."updatedAt"
    WHERE CASE WHEN ${pause}::boolean
      THEN "GivingGuard"."autoPausedUntil" IS NULL
        OR "GivingGuard"."autoPausedUntil" <= ${at}::timestamp(3)
      ELSE "GivingGuard"."challengeUntil" IS NULL
        OR "GivingGuard"."challengeUntil" <= ${at}::timestamp(3)
    END
    RETURNING "scope"`
  if (tripped.length > 0) {
    await sendJob('giving-alarm-email', { scope, level, reason, at: now.toISOString() })
    return true
  }
  // Already raised: keep it raised for a full cool-down after this trip.
  await prisma.givingGuard.update({
    where: { scope },
    data: {
      challengeUntil: until,
      ...(pause ? { autoPausedUntil: until } : {}),
      updatedAt: now,
    },
  })
  return false
}

type StaffChange = { actor: AuditActor; ipAddress: string | null }

/** An ADMIN pauses new gifts, site-wide or for one appeal, until one resumes them. */
export async function pauseGiving(scope: string, change: StaffChange): Promise<void> {
  await setGuard(scope, { pausedByStaff: true }, 'giving.pause', change)
}

/** Resumes giving on a scope: the staff pause, an automatic pause and raised risk all end. */
export async function resumeGiving(scope: string, change: StaffChange): Promise<void> {
  await setGuard(
    scope,
    { pausedByStaff: false, autoPausedUntil: null, challengeUntil: null },
    'giving.resume',
    change,
  )
}

/** Switches the challenge on (or back off) for every gift, whatever the counts say. */
export async function setChallengeAlways(on: boolean, change: StaffChange): Promise<void> {
  await setGuard(
    SITE_SCOPE,
    { challengeAlways: on },
    on ? 'giving.challenge.on' : 'giving.challenge.off',
    change,
  )
}

async function setGuard(
  scope: string,
  data: Partial<
    Pick<GuardRow, 'pausedByStaff' | 'autoPausedUntil' | 'challengeUntil' | 'challengeAlways'>
  >,
  action: string,
  change: StaffChange,
): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.givingGuard.findUnique({ where: { scope } })
    const after = await tx.givingGuard.upsert({
      where: { scope },
      create: { scope, ...data },
      update: data,
    })
    await recordAudit(
      {
        actor: change.actor,
        action,
        entityType: 'GivingGuard',
        entityId: scope,
        before,
        after,
        ipAddress: change.ipAddress,
      },
      tx,
    )
  })
}

export type GuardOverview = {
  scope: string
  label: string
  state: GuardState
  pausedByStaff: boolean
  autoPausedUntil: Date | null
  challengeUntil: Date | null
  challengeAlways: boolean
  lastAlarm: string | null
  lastAlarmAt: Date | null
  sessionsThisMinute: number
  declinesThisWindow: number
}

/** Every scope with a guard row (the site first) and its counters now, for the staff page. */
export async function givingGuardOverview(now = new Date()): Promise<GuardOverview[]> {
  const rows = await prisma.givingGuard.findMany({ orderBy: { scope: 'asc' } })
  const scopes = [SITE_SCOPE, ...rows.map((row) => row.scope).filter((s) => s !== SITE_SCOPE)]
  const campaignIds = scopes.filter((s) => s.startsWith('appeal:')).map((s) => s.slice(7))
  const campaigns = await prisma.campaign.findMany({
    where: { id: { in: campaignIds } },
    select: { id: true, title: true },
  })
  const titles = new Map(campaigns.map((c) => [appealScope(c.id), c.title]))
  const sessionKeys = scopes.map((scope) => `giving:sessions:${scope}`)
  const declineKeys = scopes.map((scope) => `giving:declines:${scope}`)
  const [sessions, declines] = await Promise.all([
    readHits(sessionKeys, SESSION_WINDOW_MS, now),
    readHits(declineKeys, DECLINE_WINDOW_MS, now),
  ])
  return scopes.map((scope) => {
    const row = rows.find((candidate) => candidate.scope === scope)
    return {
      scope,
      label: scope === SITE_SCOPE ? 'Whole site' : (titles.get(scope) ?? scope),
      state: stateOf(row ? [row] : [], now),
      pausedByStaff: row?.pausedByStaff ?? false,
      autoPausedUntil: row?.autoPausedUntil ?? null,
      challengeUntil: row?.challengeUntil ?? null,
      challengeAlways: row?.challengeAlways ?? false,
      lastAlarm: row?.lastAlarm ?? null,
      lastAlarmAt: row?.lastAlarmAt ?? null,
      sessionsThisMinute: sessions.get(`giving:sessions:${scope}`) ?? 0,
      declinesThisWindow: declines.get(`giving:declines:${scope}`) ?? 0,
    }
  })
}
