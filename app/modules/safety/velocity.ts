/**
 * How busy giving is, as a level of risk. Two signals, each counted site-wide and per appeal:
 * Checkout Sessions started per minute, and card payments declined per ten minutes (Stripe's
 * events). Past its first threshold a signal raises the challenge for every donor; past its
 * second it pauses new gifts for the cool-down. The worst signal decides.
 */
import type { Env } from '#app/utils/env.server.ts'

export type RiskLevel = 'normal' | 'challenge' | 'pause'

export type Thresholds = { challenge: number; pause: number }

export type Signal = 'sessions' | 'declines'

export const SESSION_WINDOW_MS = 60_000
export const DECLINE_WINDOW_MS = 10 * 60_000

const RANK: Record<RiskLevel, number> = { normal: 0, challenge: 1, pause: 2 }

/** The level one count reaches: over a threshold, not at it. */
export function levelOf(count: number, thresholds: Thresholds): RiskLevel {
  if (count > thresholds.pause) return 'pause'
  if (count > thresholds.challenge) return 'challenge'
  return 'normal'
}

export function worstLevel(levels: RiskLevel[]): RiskLevel {
  return levels.reduce<RiskLevel>(
    (worst, level) => (RANK[level] > RANK[worst] ? level : worst),
    'normal',
  )
}

export type ScopeThresholds = { site: Thresholds; appeal: Thresholds }

/** The configured thresholds of one signal; a pause below its challenge is raised to it. */
export function thresholdsFor(env: Env, signal: Signal): ScopeThresholds {
  const pair = (challenge: number, pause: number): Thresholds => ({
    challenge,
    pause: Math.max(pause, challenge),
  })
  return signal === 'sessions'
    ? {
        site: pair(env.GIVING_SITE_CHALLENGE_PER_MINUTE, env.GIVING_SITE_PAUSE_PER_MINUTE),
        appeal: pair(env.GIVING_APPEAL_CHALLENGE_PER_MINUTE, env.GIVING_APPEAL_PAUSE_PER_MINUTE),
      }
    : {
        site: pair(env.GIVING_SITE_CHALLENGE_DECLINES, env.GIVING_SITE_PAUSE_DECLINES),
        appeal: pair(env.GIVING_APPEAL_CHALLENGE_DECLINES, env.GIVING_APPEAL_PAUSE_DECLINES),
      }
}

/** What a set of counts trips: per scope, the level it reached (normal ones left out). */
export function tripsFor(
  counts: { site: number; appeal: number | null },
  thresholds: ScopeThresholds,
): Array<{ scope: 'site' | 'appeal'; level: Exclude<RiskLevel, 'normal'>; count: number }> {
  const trips: Array<{
    scope: 'site' | 'appeal'
    level: Exclude<RiskLevel, 'normal'>
    count: number
  }> = []
  const site = levelOf(counts.site, thresholds.site)
  if (site !== 'normal') trips.push({ scope: 'site', level: site, count: counts.site })
  if (counts.appeal !== null) {
    const appeal = levelOf(counts.appeal, thresholds.appeal)
    if (appeal !== 'normal') trips.push({ scope: 'appeal', level: appeal, count: counts.appeal })
  }
  return trips
}
