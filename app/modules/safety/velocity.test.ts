import { describe, expect, test } from 'vitest'
import { parseEnv } from '#app/utils/env.server.ts'
import { levelOf, thresholdsFor, tripsFor, worstLevel } from './velocity.ts'

const thresholds = { challenge: 30, pause: 120 }

describe('levelOf', () => {
  test('stays normal up to the first threshold, then raises the challenge, then pauses', () => {
    expect(levelOf(0, thresholds)).toBe('normal')
    expect(levelOf(30, thresholds)).toBe('normal')
    expect(levelOf(31, thresholds)).toBe('challenge')
    expect(levelOf(120, thresholds)).toBe('challenge')
    expect(levelOf(121, thresholds)).toBe('pause')
  })
})

test('the worst level decides', () => {
  expect(worstLevel([])).toBe('normal')
  expect(worstLevel(['normal', 'challenge', 'normal'])).toBe('challenge')
  expect(worstLevel(['challenge', 'pause', 'normal'])).toBe('pause')
})

describe('thresholdsFor', () => {
  test('has defaults high enough for a busy launch and reads the environment', () => {
    const defaults = thresholdsFor(parseEnv({}), 'sessions')
    expect(defaults.site).toEqual({ challenge: 60, pause: 240 })
    expect(defaults.appeal).toEqual({ challenge: 30, pause: 120 })
    const set = thresholdsFor(
      parseEnv({ GIVING_APPEAL_CHALLENGE_DECLINES: '3', GIVING_APPEAL_PAUSE_DECLINES: '7' }),
      'declines',
    )
    expect(set.appeal).toEqual({ challenge: 3, pause: 7 })
    expect(set.site).toEqual({ challenge: 20, pause: 60 })
  })

  test('a pause set below its challenge is raised to it, so the challenge always comes first', () => {
    const env = parseEnv({
      GIVING_SITE_CHALLENGE_PER_MINUTE: '50',
      GIVING_SITE_PAUSE_PER_MINUTE: '10',
    })
    expect(thresholdsFor(env, 'sessions').site).toEqual({ challenge: 50, pause: 50 })
  })

  test('refuses a threshold that is not a positive whole number, naming it', () => {
    expect(() => parseEnv({ GIVING_SITE_PAUSE_PER_MINUTE: '0' })).toThrow(
      /GIVING_SITE_PAUSE_PER_MINUTE/,
    )
    expect(() => parseEnv({ GIVING_COOLDOWN_MINUTES: '1.5' })).toThrow(/GIVING_COOLDOWN_MINUTES/)
  })
})

describe('tripsFor', () => {
  const both = { site: { challenge: 60, pause: 240 }, appeal: { challenge: 30, pause: 120 } }

  test('one busy appeal trips its own alarm before the site-wide one', () => {
    expect(tripsFor({ site: 31, appeal: 31 }, both)).toEqual([
      { scope: 'appeal', level: 'challenge', count: 31 },
    ])
    expect(tripsFor({ site: 121, appeal: 121 }, both)).toEqual([
      { scope: 'site', level: 'challenge', count: 121 },
      { scope: 'appeal', level: 'pause', count: 121 },
    ])
  })

  test('many appeals at a normal pace can still trip the site-wide alarm', () => {
    expect(tripsFor({ site: 241, appeal: 5 }, both)).toEqual([
      { scope: 'site', level: 'pause', count: 241 },
    ])
  })

  test('a decline not tied to an appeal counts site-wide only', () => {
    expect(tripsFor({ site: 10, appeal: null }, both)).toEqual([])
    expect(tripsFor({ site: 61, appeal: null }, both)).toEqual([
      { scope: 'site', level: 'challenge', count: 61 },
    ])
  })
})
