// Card testing across many addresses (issue 15 §2): the donate form's server side, the real
// Stripe SDK against the emulator, real PostgreSQL, pg-boss jobs and a real SMTP receiver. The
// thresholds are set low here, so that a few dozen requests play out an attack.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type Stripe from 'stripe'
import { withAppEmulator } from '#tests/support/app-env.ts'
import { formData } from '#tests/support/forms.ts'
import { startSmtpSink } from '#tests/support/smtp-sink.ts'
import { WEBHOOK_SECRET } from '../../stripe-emulator/test-support.ts'

const sink = await startSmtpSink()
Object.assign(process.env, {
  SMTP_URL: sink.url,
  LOG_LEVEL: 'silent',
  GIVING_APPEAL_CHALLENGE_PER_MINUTE: '5',
  GIVING_APPEAL_PAUSE_PER_MINUTE: '10',
  GIVING_SITE_CHALLENGE_PER_MINUTE: '1000',
  GIVING_SITE_PAUSE_PER_MINUTE: '1000',
  GIVING_APPEAL_CHALLENGE_DECLINES: '2',
  GIVING_APPEAL_PAUSE_DECLINES: '4',
  GIVING_SITE_CHALLENGE_DECLINES: '1000',
  GIVING_SITE_PAUSE_DECLINES: '1000',
  // A quick puzzle: the test proves the protocol, not the cost.
  GIVING_CHALLENGE_MAX_NUMBER: '500',
})

const app = withAppEmulator(async () => {
  const [checkout, challenge, solver, guard, inbox, worker, mailer, db, factories, staff, admin] =
    await Promise.all([
      import('#app/modules/donations/checkout.server.ts'),
      import('#app/modules/safety/challenge.server.ts'),
      import('#app/modules/safety/challenge-solver.ts'),
      import('#app/modules/safety/guard.server.ts'),
      import('#app/modules/payments/stripe-inbox.server.ts'),
      import('#server/worker.ts'),
      import('#app/modules/email/mailer.server.ts'),
      import('#app/utils/db.server.ts'),
      import('#tests/support/factories.ts'),
      import('#tests/support/staff.ts'),
      import('#app/modules/safety/guard-admin.server.ts'),
    ])
  return {
    checkout,
    challenge,
    solver,
    guard,
    inbox,
    worker,
    mailer,
    prisma: db.prisma,
    factories,
    staff,
    admin,
  }
})

const t = {
  get stripe() {
    return app.t.stripe
  },
  post: (...args: Parameters<typeof app.t.post>) => app.t.post(...args),
}
let mod: typeof app.mod
beforeAll(() => {
  mod = app.mod
})

afterAll(async () => {
  mod.mailer.closeMailer()
  await sink.close()
})

async function donate(
  campaign: { id: string },
  options: { clientIp: string; altcha?: string; now?: Date; email?: string },
) {
  const row = await mod.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
  return mod.checkout.startDonation({
    campaign: row,
    formData: formData({
      amount: '4500',
      frequency: 'ONE_TIME',
      email: options.email ?? `tester+${Math.random()}@gmail.com`,
      ...(options.altcha ? { altcha: options.altcha } : {}),
    }),
    clientIp: options.clientIp,
    now: options.now,
  })
}

async function solved(now?: Date): Promise<string> {
  const payload = await mod.solver.solveGivingChallenge(
    await mod.challenge.createGivingChallenge(now),
  )
  if (!payload) throw new Error('the challenge could not be solved')
  return payload
}

function formErrors(outcome: Awaited<ReturnType<typeof donate>>): string[] {
  if (outcome.kind !== 'invalid') throw new Error(`expected a refusal, got ${outcome.kind}`)
  return (outcome.result.error?.[''] as string[] | undefined) ?? []
}

async function sessionCount(): Promise<number> {
  let count = 0
  for await (const _ of t.stripe.checkout.sessions.list({ limit: 100 })) count++
  return count
}

/** Runs queued alarm emails until none is left (jobs of earlier tests may be among them). */
async function sendAlarmEmails() {
  while ((await mod.worker.runQueuedJobs('giving-alarm-email')) > 0);
}

describe('card testing across many addresses', () => {
  test('one appeal: the challenge appears, then giving pauses, and every ADMIN is emailed once per trip', async () => {
    const admin = await mod.staff.createStaffUser({ roles: ['ADMIN'] })
    const manager = await mod.staff.createStaffUser({ roles: ['CAMPAIGN_MANAGER'] })
    const campaign = await mod.factories.createCampaign({ title: 'Safe passage' })
    const other = await mod.factories.createCampaign({ title: 'Shelter' })
    // One instant for the whole attack, so that it falls in one counting window.
    const now = new Date()
    const from = (i: number) => `198.51.100.${i + 1}`

    // Five gifts from five addresses: under the appeal's first threshold, all go to Checkout.
    for (let i = 0; i < 5; i++)
      expect((await donate(campaign, { clientIp: from(i), now })).kind).toBe('redirect')
    // The sixth trips the alarm: it and every later gift without a solved challenge are refused.
    expect(formErrors(await donate(campaign, { clientIp: from(5), now })).join(' ')).toMatch(
      /JavaScript/,
    )
    expect(formErrors(await donate(campaign, { clientIp: from(6), now })).join(' ')).toMatch(
      /JavaScript/,
    )
    expect(await mod.guard.givingGuardForSlug(campaign.slug, now)).toEqual({
      paused: null,
      challengeRequired: true,
    })
    // A tester who solves the puzzle gets through, until the second threshold.
    for (let i = 7; i < 11; i++)
      expect(
        (await donate(campaign, { clientIp: from(i), now, altcha: await solved() })).kind,
      ).toBe('redirect')
    const pausing = await donate(campaign, { clientIp: from(11), now, altcha: await solved() })
    expect(pausing.kind).toBe('paused')
    const later = await donate(campaign, { clientIp: from(12), now, altcha: await solved() })
    expect(later).toEqual({ kind: 'paused', message: expect.stringMatching(/paused/) })
    expect(await mod.guard.givingGuardForSlug(campaign.slug, now)).toMatchObject({
      paused: 'automatic',
    })

    // Nine Checkout Sessions in all; the refused requests wrote no pledge.
    expect(await sessionCount()).toBe(9)
    expect(await mod.prisma.pledge.count({ where: { campaignId: campaign.id } })).toBe(9)
    // Another appeal is not held back by this one's alarm.
    expect((await donate(other, { clientIp: '192.0.2.1', now })).kind).toBe('redirect')

    await sendAlarmEmails()
    const toAdmin = sink.messages().filter((mail) => mail.to.includes(admin.user.email))
    expect(toAdmin.map((mail) => mail.subject).sort()).toEqual([
      'Card-testing alarm on the appeal "Safe passage"',
      'Giving paused on the appeal "Safe passage"',
    ])
    expect(toAdmin[0]?.text).toContain('/admin/safety')
    expect(sink.messages().some((mail) => mail.to.includes(manager.user.email))).toBe(false)
  })

  test('plus-addressed and dotted spellings of one Gmail mailbox share one email limit', async () => {
    process.env.CHECKOUT_LIMIT_EMAIL_PER_HOUR = '3'
    const { reloadEnv } = await import('#app/utils/env.server.ts')
    reloadEnv()
    try {
      const campaign = await mod.factories.createCampaign()
      // One instant, so that every attempt falls in one window of the limit.
      const now = new Date()
      const spellings = [
        'card.tester@gmail.com',
        'Card.Tester+1@gmail.com',
        'cardtester+2@googlemail.com',
        'c.a.r.d.tester+3@GMAIL.com',
      ]
      const outcomes = []
      for (const [i, email] of spellings.entries())
        outcomes.push(
          (await donate(campaign, { clientIp: `203.0.113.${i + 20}`, email, now })).kind,
        )
      expect(outcomes).toEqual(['redirect', 'redirect', 'redirect', 'rate-limited'])
    } finally {
      process.env.CHECKOUT_LIMIT_EMAIL_PER_HOUR = '1000'
      reloadEnv()
    }
  })

  test('addresses of one IPv6 /64 share one address limit', async () => {
    process.env.CHECKOUT_LIMIT_IP_PER_MINUTE = '2'
    const { reloadEnv } = await import('#app/utils/env.server.ts')
    reloadEnv()
    try {
      const campaign = await mod.factories.createCampaign()
      const now = new Date()
      const kinds = []
      for (const host of ['1', 'a:b', 'ffff:1', '9'])
        kinds.push((await donate(campaign, { clientIp: `2001:db8:1:2::${host}`, now })).kind)
      expect(kinds).toEqual(['redirect', 'redirect', 'rate-limited', 'rate-limited'])
      expect((await donate(campaign, { clientIp: '2001:db8:1:3::1', now })).kind).toBe('redirect')
    } finally {
      process.env.CHECKOUT_LIMIT_IP_PER_MINUTE = '1000'
      reloadEnv()
    }
  })
})

describe('the challenge', () => {
  const actor = { actor: { id: null, email: 'admin@lantern.test' }, ipAddress: '127.0.0.1' }

  test('switched on by an ADMIN: a solved challenge lets a gift through, a replayed one is refused', async () => {
    const campaign = await mod.factories.createCampaign()
    await mod.guard.setChallengeAlways(true, actor)
    expect(formErrors(await donate(campaign, { clientIp: '203.0.113.1' })).join(' ')).toMatch(
      /JavaScript/,
    )

    const payload = await solved()
    expect((await donate(campaign, { clientIp: '203.0.113.2', altcha: payload })).kind).toBe(
      'redirect',
    )
    const before = await sessionCount()
    const replay = await donate(campaign, { clientIp: '203.0.113.3', altcha: payload })
    expect(formErrors(replay).join(' ')).toMatch(/did not go through/)
    expect(await sessionCount()).toBe(before)
    expect(await mod.prisma.pledge.count({ where: { campaignId: campaign.id } })).toBe(1)

    const audit = await mod.prisma.auditLog.findMany({ where: { entityType: 'GivingGuard' } })
    expect(audit.map((row) => [row.action, row.entityId])).toEqual([
      ['giving.challenge.on', 'site'],
    ])
  })

  test('refuses a tampered, a foreign, an expired or a malformed solution, and charges nothing', async () => {
    const campaign = await mod.factories.createCampaign()
    await mod.guard.setChallengeAlways(true, actor)
    const good = JSON.parse(Buffer.from(await solved(), 'base64').toString()) as Record<
      string,
      unknown
    >
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64')
    const tampered = encode({ ...good, number: Number(good.number) + 1 })
    const sha1 = encode({ ...good, algorithm: 'SHA-1' })
    const expired = await solved(new Date(Date.now() - 60 * 60_000))
    for (const altcha of [tampered, sha1, expired, 'not base64 json', 'x'.repeat(5000)]) {
      const outcome = await donate(campaign, { clientIp: '203.0.113.4', altcha })
      expect(formErrors(outcome).join(' ')).toMatch(/did not go through/)
    }
    expect(await sessionCount()).toBe(0)
  })

  test('a staff pause holds every gift, even with a solved challenge, until resumed', async () => {
    const campaign = await mod.factories.createCampaign()
    await mod.guard.pauseGiving(mod.guard.appealScope(campaign.id), actor)
    expect((await donate(campaign, { clientIp: '203.0.113.5', altcha: await solved() })).kind).toBe(
      'paused',
    )
    await mod.guard.resumeGiving(mod.guard.appealScope(campaign.id), actor)
    expect((await donate(campaign, { clientIp: '203.0.113.6' })).kind).toBe('redirect')
    await mod.guard.pauseGiving(mod.guard.SITE_SCOPE, actor)
    expect((await donate(campaign, { clientIp: '203.0.113.7' })).kind).toBe('paused')
  })
})

describe('declines from Stripe events', () => {
  async function allEvents(): Promise<Stripe.Event[]> {
    const events: Stripe.Event[] = []
    for await (const event of t.stripe.events.list({ limit: 100 })) events.push(event)
    return events.reverse()
  }

  async function deliverAndProcess(event: Stripe.Event) {
    const payload = JSON.stringify(event)
    const header = t.stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })
    const received = await mod.inbox.receiveStripeWebhook(payload, header)
    expect(received.status).toBe(200)
    await mod.inbox.processStripeEvent(event.id)
  }

  test('declined cards on one appeal raise the challenge, then pause it; each decline counts once', async () => {
    const admin = await mod.staff.createStaffUser({ roles: ['ADMIN'] })
    const campaign = await mod.factories.createCampaign({ title: 'Medicine' })
    const outcome = await donate(campaign, { clientIp: '203.0.113.30' })
    if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`)
    const declines = async (times: number) => {
      for (let i = 0; i < times; i++) {
        const page = await t.post(outcome.url, {
          email: 'tester@example.org',
          name: 'Card Tester',
          payment_method: 'card',
          card_number: '4000000000000002',
          card_expiry: '12 / 34',
          card_cvc: '123',
        })
        expect(page.status).toBe(200)
      }
    }
    // Declines count in 10-minute windows of Stripe's event time: start one minute into a
    // window of the emulator's clock, so that this test's few seconds never straddle two.
    const { now } = await app.t.control<{ now: number }>('clock')
    const windowSeconds = 600
    await app.t.control('clock/advance', { seconds: windowSeconds - (now % windowSeconds) + 60 })
    const processed = new Set<string>()
    const deliverNew = async () => {
      for (const event of await allEvents()) {
        if (processed.has(event.id)) continue
        processed.add(event.id)
        await deliverAndProcess(event)
      }
    }

    await declines(2)
    await deliverNew()
    const types = (await allEvents()).map((event) => event.type)
    expect(types.filter((type) => type === 'charge.failed')).toHaveLength(2)
    expect(types.filter((type) => type === 'payment_intent.payment_failed')).toHaveLength(2)
    // Two declines (four events) are at the threshold, not over it.
    expect(await mod.guard.givingGuardFor(campaign.id)).toEqual({
      paused: null,
      challengeRequired: false,
    })

    await declines(1)
    await deliverNew()
    expect(await mod.guard.givingGuardFor(campaign.id)).toEqual({
      paused: null,
      challengeRequired: true,
    })

    await declines(2)
    await deliverNew()
    expect((await mod.guard.givingGuardFor(campaign.id)).paused).toBe('automatic')
    expect(
      (await donate(campaign, { clientIp: '203.0.113.31', altcha: await solved() })).kind,
    ).toBe('paused')

    await sendAlarmEmails()
    const subjects = sink
      .messages()
      .filter((mail) => mail.to.includes(admin.user.email))
      .map((mail) => mail.subject)
      .sort()
    expect(subjects).toEqual([
      'Card-testing alarm on the appeal "Medicine"',
      'Giving paused on the appeal "Medicine"',
    ])
    const alarm = sink.messages().find((mail) => mail.to.includes(admin.user.email))
    expect(alarm?.text).toMatch(/declined card payments in 10 minutes/)
  })
})

describe('the ADMIN safety page', () => {
  const change = { actor: { id: null, email: 'admin@lantern.test' }, ipAddress: '127.0.0.1' }

  test('shows live counters per scope; pausing and resuming an appeal is audit-logged', async () => {
    const campaign = await mod.factories.createCampaign({ title: 'Nutrition' })
    // One instant, so that the three fall in one minute's counters.
    const now = new Date()
    for (let i = 0; i < 3; i++)
      expect((await donate(campaign, { clientIp: `192.0.2.${i + 40}`, now })).kind).toBe('redirect')
    expect(
      await mod.admin.applyGuardChange({ intent: 'pause', campaignId: campaign.id }, change),
    ).toBe('done')
    const page = await mod.admin.guardPageData(now)
    const site = page.scopes.find((scope) => scope.scope === 'site')
    const appeal = page.scopes.find((scope) => scope.label === 'Nutrition')
    expect(site?.sessionsThisMinute).toBeGreaterThanOrEqual(3)
    expect(appeal).toMatchObject({
      pausedByStaff: true,
      sessionsThisMinute: 3,
      state: { paused: 'staff' },
    })
    expect((await donate(campaign, { clientIp: '192.0.2.50' })).kind).toBe('paused')

    expect(
      await mod.admin.applyGuardChange({ intent: 'resume', scope: appeal!.scope }, change),
    ).toBe('done')
    expect((await donate(campaign, { clientIp: '192.0.2.51' })).kind).toBe('redirect')
    const audit = await mod.prisma.auditLog.findMany({
      where: { entityType: 'GivingGuard' },
      orderBy: { at: 'asc' },
    })
    expect(audit.map((row) => row.action)).toEqual(['giving.pause', 'giving.resume'])
  })

  test('an appeal that does not exist changes nothing', async () => {
    for (const target of [
      { campaignId: 'no-such-appeal' },
      { scope: 'appeal:nope' },
      { scope: 'elsewhere' },
    ])
      expect(await mod.admin.applyGuardChange({ intent: 'pause', ...target }, change)).toBe(
        'unknown-appeal',
      )
    expect(await mod.prisma.givingGuard.count()).toBe(0)
    expect(await mod.prisma.auditLog.count()).toBe(0)
  })
})
