import { describe, expect, test } from 'vitest'
import os from 'node:os'
import { ConfigError, isPaymentTestMode, parseEnv, webConcurrency } from './env.server.ts'

const problemsOf = (env: Record<string, string>) => {
  try {
    parseEnv(env)
    return []
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
}

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://lantern:secret@db.internal:5432/lantern',
  APP_URL: 'https://give.example.org/',
  SESSION_SECRET: 'a'.repeat(32) + ',' + 'b'.repeat(40),
  STRIPE_SECRET_KEY: 'sk_live_abc123',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc123',
  SMTP_URL: 'smtp://mailer:pw@smtp.example.org:587',
}

describe('parseEnv', () => {
  test('development needs nothing and has the documented defaults', () => {
    const env = parseEnv({})
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      STRIPE_API_URL: 'https://api.stripe.com',
      LANTERN_DATA_DIR: '.data',
    })
    expect(env.DATABASE_URL).toBeUndefined()
    expect(isPaymentTestMode(env)).toBe(true)
  })

  test('a complete production configuration passes, trims APP_URL and splits secrets', () => {
    const env = parseEnv(production)
    expect(env.APP_URL).toBe('https://give.example.org')
    expect(env.SESSION_SECRET).toHaveLength(2)
    expect(isPaymentTestMode(env)).toBe(false)
  })

  test('each bad value is reported with the name of its variable', () => {
    expect(problemsOf({ PORT: 'eighty' })).toEqual(['PORT must be a port number'])
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT must be between 0 and 65535'])
    expect(problemsOf({ DATABASE_URL: 'mysql://x@y/z' })).toEqual([
      'DATABASE_URL must start with postgresql://',
    ])
    expect(problemsOf({ APP_URL: 'not a url' })[0]).toMatch(/^APP_URL /)
    expect(problemsOf({ SESSION_SECRET: 'short' })[0]).toMatch(/^SESSION_SECRET .*32 characters/)
    expect(
      problemsOf({ STRIPE_SECRET_KEY: 'pk_test_123', STRIPE_WEBHOOK_SECRET: 'whsec_x' })[0],
    ).toMatch(/^STRIPE_SECRET_KEY /)
    expect(problemsOf({ STRIPE_SECRET_KEY: 'sk_test_123' })).toEqual([
      'STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set',
    ])
    expect(problemsOf({ NODE_ENV: 'staging' })[0]).toMatch(/^NODE_ENV /)
  })

  test('production refuses embedded defaults, generated secrets and the emulator', () => {
    const problems = problemsOf({ NODE_ENV: 'production' })
    for (const name of [
      'DATABASE_URL',
      'APP_URL',
      'SESSION_SECRET',
      'SMTP_URL',
      'STRIPE_SECRET_KEY',
    ]) {
      expect(
        problems.some((p) => p.startsWith(`${name} `)),
        name,
      ).toBe(true)
    }
  })

  test('production refuses a test-mode Stripe key unless the site is a declared staging site', () => {
    const testKey = { ...production, STRIPE_SECRET_KEY: 'sk_test_abc' }
    expect(problemsOf(testKey)[0]).toMatch(/^STRIPE_SECRET_KEY is a test-mode key/)
    expect(problemsOf({ ...testKey, ALLOW_STRIPE_TEST_MODE: 'true' })).toEqual([])
  })
})

describe('WEB_CONCURRENCY and DATABASE_POOL_SIZE', () => {
  test('one process per CPU in production, one otherwise, unless set', () => {
    expect(webConcurrency(parseEnv(production))).toBe(os.availableParallelism())
    expect(webConcurrency(parseEnv({}))).toBe(1)
    expect(webConcurrency(parseEnv({ ...production, WEB_CONCURRENCY: '3' }))).toBe(3)
    expect(webConcurrency(parseEnv({ WEB_CONCURRENCY: '4' }))).toBe(4)
  })

  test('bad values are refused by name', () => {
    expect(problemsOf({ WEB_CONCURRENCY: '0' })).toEqual(['WEB_CONCURRENCY must be at least 1'])
    expect(problemsOf({ WEB_CONCURRENCY: 'many' })).toEqual([
      'WEB_CONCURRENCY must be a number of processes',
    ])
    expect(problemsOf({ DATABASE_POOL_SIZE: '1.5' })).toEqual([
      'DATABASE_POOL_SIZE must be a whole number of connections',
    ])
    expect(parseEnv({}).DATABASE_POOL_SIZE).toBe(10)
    expect(parseEnv({ DATABASE_POOL_SIZE: '25' }).DATABASE_POOL_SIZE).toBe(25)
  })
})
