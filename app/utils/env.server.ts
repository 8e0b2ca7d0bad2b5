/**
 * The configuration contract (DESIGN.md "Configuration contract"), validated with zod.
 * The server validates it at boot, before it listens, so a bad value stops the process with
 * a message naming the variable; app code reads the same parsed values through `getEnv()`.
 */
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'

const postgresUrl = z
  .string()
  .url('must be a URL like postgresql://user:password@host:5432/lantern')
  .refine((value) => /^postgres(ql)?:\/\//.test(value), 'must start with postgresql://')

const httpUrl = z
  .string()
  .url('must be an absolute URL like https://give.example.org')
  .refine((value) => /^https?:\/\//.test(value), 'must start with http:// or https://')
  .transform((value) => value.replace(/\/+$/, ''))

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1')

/** A positive whole number (a threshold or a number of minutes). */
const count = z.coerce
  .number({ invalid_type_error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')

export const envSchema = z
  .object({
    NODE_ENV: z.enum(['production', 'development', 'test']).default('development'),
    DATABASE_URL: postgresUrl.optional(),
    PORT: z.coerce
      .number({ invalid_type_error: 'must be a port number' })
      .int('must be a whole number')
      .min(0, 'must be between 0 and 65535')
      .max(65535, 'must be between 0 and 65535')
      .default(3000),
    APP_URL: httpUrl.optional(),
    SESSION_SECRET: z
      .string()
      .optional()
      .transform((value) =>
        value
          ?.split(',')
          .map((secret) => secret.trim())
          .filter(Boolean),
      )
      .refine(
        (secrets) => !secrets || (secrets.length > 0 && secrets.every((s) => s.length >= 32)),
        'must be one or more comma-separated secrets of at least 32 characters',
      ),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(
        /^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/,
        'must be a Stripe secret key (sk_test_… or sk_live_…)',
      )
      .optional(),
    STRIPE_WEBHOOK_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9_+/=]+$/, 'must be a webhook signing secret (whsec_…)')
      .optional(),
    STRIPE_API_URL: httpUrl.default('https://api.stripe.com'),
    SMTP_URL: z
      .string()
      .url('must be a URL like smtp://user:password@mail.example.org:587')
      .refine((value) => /^smtps?:\/\//.test(value), 'must start with smtp:// or smtps://')
      .optional(),
    /** Where the embedded database, generated dev secrets and the mail outbox live. */
    LANTERN_DATA_DIR: z.string().min(1).default('.data'),
    /** Re-encoded campaign images; unset means `<LANTERN_DATA_DIR>/uploads` (see uploadsDir()). */
    UPLOADS_DIR: z.string().min(1).optional(),
    /** Largest accepted image upload, in bytes (8 MiB). */
    MAX_UPLOAD_BYTES: z.coerce
      .number({ invalid_type_error: 'must be a number of bytes' })
      .int('must be a whole number of bytes')
      .min(1024, 'must be at least 1024 bytes')
      .default(8 * 1024 * 1024),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** A staging site may run production code against Stripe's test mode. */
    ALLOW_STRIPE_TEST_MODE: flag,
    /** Port of the built-in Stripe emulator (development and tests only); 0 picks a free one. */
    STRIPE_EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /**
     * HTTP server processes (node:cluster), all sharing the port and PostgreSQL. Unset: one per
     * CPU in production, one otherwise (see webConcurrency()).
     */
    WEB_CONCURRENCY: z.coerce
      .number({ invalid_type_error: 'must be a number of processes' })
      .int('must be a whole number of processes')
      .min(1, 'must be at least 1')
      .max(64, 'must be at most 64')
      .optional(),
    /** Connections each process keeps to PostgreSQL (the app's pool; the job queue has 4 more). */
    DATABASE_POOL_SIZE: z.coerce
      .number({ invalid_type_error: 'must be a number of connections' })
      .int('must be a whole number of connections')
      .min(1, 'must be at least 1')
      .max(200, 'must be at most 200')
      .default(10),
    /** How many proxies sit in front of the app (for the client address used in rate limits). */
    TRUST_PROXY: z.coerce.number().int('must be a whole number of proxies').min(0).default(0),
    /** Days after processing until a Stripe event payload is stripped of personal data. */
    RETENTION_STRIPE_EVENT_DAYS: z.coerce
      .number()
      .int('must be a whole number of days')
      .min(1)
      .default(30),
    /** Days after which a pledge that was never paid (and its donor, if nothing else) is deleted. */
    RETENTION_UNPAID_PLEDGE_DAYS: z.coerce
      .number()
      .int('must be a whole number of days')
      .min(1)
      .default(30),
    CHECKOUT_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).default(5),
    CHECKOUT_LIMIT_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
    CHECKOUT_LIMIT_EMAIL_PER_HOUR: z.coerce.number().int().min(1).default(10),
    /**
     * Card-testing defences (docs/decisions/0024-card-testing-defences.md). Checkout Sessions
     * started per minute, site-wide and per appeal: past the first number every gift needs the
     * proof-of-work challenge, past the second new gifts pause for GIVING_COOLDOWN_MINUTES.
     */
    GIVING_SITE_CHALLENGE_PER_MINUTE: count.default(60),
    GIVING_SITE_PAUSE_PER_MINUTE: count.default(240),
    GIVING_APPEAL_CHALLENGE_PER_MINUTE: count.default(30),
    GIVING_APPEAL_PAUSE_PER_MINUTE: count.default(120),
    /** Declined card payments per 10 minutes (Stripe's events), with the same two steps. */
    GIVING_SITE_CHALLENGE_DECLINES: count.default(20),
    GIVING_SITE_PAUSE_DECLINES: count.default(60),
    GIVING_APPEAL_CHALLENGE_DECLINES: count.default(10),
    GIVING_APPEAL_PAUSE_DECLINES: count.default(30),
    /** How long raised risk (the challenge) and an automatic pause last after the last trip. */
    GIVING_COOLDOWN_MINUTES: count.default(15),
    /** The challenge's largest secret number: its work is half of it in SHA-256 hashes on average. */
    GIVING_CHALLENGE_MAX_NUMBER: z.coerce
      .number({ invalid_type_error: 'must be a whole number' })
      .int('must be a whole number')
      .min(100, 'must be at least 100')
      .max(10_000_000, 'must be at most 10000000')
      .default(100_000),
    MAIL_FROM: z
      .string()
      .regex(
        /^[^<>]*<[^@\s<>]+@[^@\s<>]+>$|^[^@\s<>]+@[^@\s<>]+$/,
        'must be an email address, optionally like "Name <a@b.org>"',
      )
      .default('Lantern <receipts@lantern.invalid>'),
  })
  .superRefine((env, ctx) => {
    if (env.STRIPE_SECRET_KEY && !env.STRIPE_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['STRIPE_WEBHOOK_SECRET'],
        message: 'is required when STRIPE_SECRET_KEY is set',
      })
    }
    if (env.NODE_ENV !== 'production') return
    const require = (name: keyof typeof env, message: string) =>
      ctx.addIssue({ code: 'custom', path: [name], message })
    if (!env.DATABASE_URL)
      require('DATABASE_URL', 'is required in production (no embedded database)')
    if (!env.APP_URL)
      require('APP_URL', 'is required in production (used in Stripe return URLs and emails)')
    if (!env.SESSION_SECRET)
      require('SESSION_SECRET', 'is required in production (no generated secret)')
    if (!env.SMTP_URL) require('SMTP_URL', 'is required in production (no local mail outbox)')
    if (!env.STRIPE_SECRET_KEY) {
      require('STRIPE_SECRET_KEY', 'is required in production (the Stripe emulator never runs there)')
    } else if (/^(sk|rk)_test_/.test(env.STRIPE_SECRET_KEY) && !env.ALLOW_STRIPE_TEST_MODE) {
      require('STRIPE_SECRET_KEY', 'is a test-mode key; set ALLOW_STRIPE_TEST_MODE=true for a staging site')
    }
  })

export type Env = z.infer<typeof envSchema>

/** How many HTTP server processes to run: WEB_CONCURRENCY, else one per CPU in production. */
export function webConcurrency(env: Pick<Env, 'NODE_ENV' | 'WEB_CONCURRENCY'>): number {
  if (env.WEB_CONCURRENCY) return env.WEB_CONCURRENCY
  return env.NODE_ENV === 'production' ? os.availableParallelism() : 1
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Parses environment variables; throws a ConfigError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(
    Object.entries(source).filter(([, value]) => value !== undefined && value !== ''),
  )
  const result = envSchema.safeParse(cleaned)
  if (result.success) return result.data
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join('.') || 'environment'} ${issue.message}`),
  )
}

let cached: Env | undefined

/** The validated configuration of this process (the server has already resolved defaults). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}

/** Re-reads process.env after it changed (tests that start their own Stripe emulator). */
export function reloadEnv(): Env {
  cached = undefined
  return getEnv()
}

/** The folder campaign images are stored in, as an absolute path. */
export function uploadsDir(env: Env = getEnv()): string {
  return path.resolve(env.UPLOADS_DIR ?? path.join(env.LANTERN_DATA_DIR, 'uploads'))
}

/** Stripe test mode (the emulator, or a real test-mode key): no real money moves. */
export function isPaymentTestMode(env: Env = getEnv()): boolean {
  return !env.STRIPE_SECRET_KEY || /^(sk|rk)_test_/.test(env.STRIPE_SECRET_KEY)
}
