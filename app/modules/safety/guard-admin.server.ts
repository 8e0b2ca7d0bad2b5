/** The staff side of the giving guard: what /admin/safety shows and the changes it makes. */
import { z } from 'zod'
import { prisma } from '#app/utils/db.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import {
  appealScope,
  givingGuardOverview,
  pauseGiving,
  resumeGiving,
  setChallengeAlways,
  SITE_SCOPE,
} from './guard.server.ts'
import type { AuditActor } from '#app/modules/staff/audit.server.ts'
import { thresholdsFor } from './velocity.ts'

export const guardChangeSchema = z.object({
  intent: z.enum(['pause', 'resume', 'challenge-on', 'challenge-off'], {
    errorMap: () => ({ message: 'Choose what to do.' }),
  }),
  /** "site", or "appeal:<id>" from a row of the table. */
  scope: z.string().max(200).optional(),
  /** An appeal chosen from the list. */
  campaignId: z.string().max(200).optional(),
})

export type GuardChange = z.infer<typeof guardChangeSchema>

export async function guardPageData(now = new Date()) {
  const env = getEnv()
  const sessions = thresholdsFor(env, 'sessions')
  const declines = thresholdsFor(env, 'declines')
  const [scopes, campaigns] = await Promise.all([
    givingGuardOverview(now),
    prisma.campaign.findMany({
      where: { status: 'PUBLISHED' },
      select: { id: true, title: true },
      orderBy: { title: 'asc' },
    }),
  ])
  return {
    scopes,
    campaigns,
    thresholds: {
      site: sessions.site,
      appeal: sessions.appeal,
      siteDeclines: declines.site,
      appealDeclines: declines.appeal,
      cooldownMinutes: env.GIVING_COOLDOWN_MINUTES,
    },
  }
}

/** Applies one change; an appeal that does not exist changes nothing. */
export async function applyGuardChange(
  change: GuardChange,
  staff: { actor: AuditActor; ipAddress: string | null },
): Promise<'done' | 'unknown-appeal'> {
  if (change.intent === 'challenge-on' || change.intent === 'challenge-off') {
    await setChallengeAlways(change.intent === 'challenge-on', staff)
    return 'done'
  }
  const scope = await scopeOf(change)
  if (!scope) return 'unknown-appeal'
  if (change.intent === 'pause') await pauseGiving(scope, staff)
  else await resumeGiving(scope, staff)
  return 'done'
}

async function scopeOf(change: GuardChange): Promise<string | null> {
  const id = change.campaignId || (change.scope?.startsWith('appeal:') ? change.scope.slice(7) : '')
  if (!id) return change.scope === SITE_SCOPE ? SITE_SCOPE : null
  if (id.includes('\0')) return null
  const campaign = await prisma.campaign.findUnique({ where: { id }, select: { id: true } })
  return campaign ? appealScope(campaign.id) : null
}
