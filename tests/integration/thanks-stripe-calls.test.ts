// The thank-you page is public and anyone can reload it: it must not turn each request into a
// Stripe API call. At most one fetch per Checkout Session per interval, shared through PostgreSQL.
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest'
import { pointAppAtEmulator } from '#tests/support/app-env.ts'
import { formData } from '#tests/support/forms.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { startTestEmulator, type TestEmulator } from '../../stripe-emulator/test-support.ts'

let t: TestEmulator
let mod: Awaited<ReturnType<typeof loadModules>>

async function loadModules() {
  const [checkout, thanks, db, factories] = await Promise.all([
    import('#app/modules/donations/checkout.server.ts'),
    import('#app/modules/donations/thanks.server.ts'),
    import('#app/utils/db.server.ts'),
    import('#tests/support/factories.ts'),
  ])
  return { checkout, thanks, prisma: db.prisma, factories }
}

beforeAll(async () => {
  t = await startTestEmulator()
  await pointAppAtEmulator(t.emulator.url)
  mod = await loadModules()
})
afterAll(async () => {
  await t.emulator.close()
})
setupTestDatabase()
beforeEach(() => t.control('reset', {}))

async function pendingSession(): Promise<string> {
  const campaign = await mod.factories.createCampaign()
  const row = await mod.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id } })
  const outcome = await mod.checkout.startDonation({
    campaign: row,
    formData: formData({ amount: '4500', frequency: 'ONE_TIME', email: 'd@example.org' }),
    clientIp: '203.0.113.20',
  })
  if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`)
  return new URL(outcome.url).pathname.split('/').pop() as string
}

async function sessionFetches(sessionId: string): Promise<number> {
  const { data } = await t.control<{ data: { method: string }[] }>(
    `requests?path=/v1/checkout/sessions/${sessionId}`,
  )
  return data.filter((request) => request.method === 'GET').length
}

test('100 requests for a pending gift make one Stripe fetch; the next interval makes one more', async () => {
  const sessionId = await pendingSession()
  expect(await sessionFetches(sessionId)).toBe(0)

  const views = await Promise.all(
    Array.from({ length: 100 }, () => mod.thanks.getThankYou(sessionId)),
  )
  expect(
    views.every((view) => view?.status === 'PENDING' || view?.status === 'AWAITING_PAYMENT'),
  ).toBe(true)
  expect(await sessionFetches(sessionId)).toBe(1)

  // Once the interval has passed (moved back in the database, not waited for), one more fetch.
  await mod.prisma.$executeRaw`
    UPDATE "Pledge" SET "stripeSessionCheckedAt" = now() - interval '1 hour'
    WHERE "stripeCheckoutSessionId" = ${sessionId}`
  await Promise.all(Array.from({ length: 20 }, () => mod.thanks.getThankYou(sessionId)))
  expect(await sessionFetches(sessionId)).toBe(2)
})

test('an unknown session id reads the database only', async () => {
  expect(await mod.thanks.getThankYou('cs_test_unknownsession123')).toBeNull()
  const { data } = await t.control<{ data: unknown[] }>('requests?path=/v1/')
  expect(data).toEqual([])
})
