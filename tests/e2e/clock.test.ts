// Runs after every other browser test but the renewals (see playwright.config.ts): delivery
// chaos reaches every test's webhooks, so nothing may run beside it. It gives to an appeal of
// its own, whose total moves only with its own gifts. Tests that move the emulator clock are in
// recurring-renewals.test.ts.
import { E2E_EMULATOR_URL } from '#tests/support/e2e-env.ts'
import { CARDS, fillDonateForm, payByCard, progressOf } from './donor.ts'
import { emulatorControl, expect, test, uniqueEmail } from './fixtures.ts'

// A payment through Checkout, then waiting for webhooks to be processed: more than the default
// 30 s on a busy 2-core machine.
test.setTimeout(90_000)

test('with duplicated, reordered and early webhooks, a gift still counts exactly once', async ({
  page,
  newAppeal,
  e2eDatabase,
}) => {
  const appeal = await newAppeal({ label: 'Chaos', currency: 'GBP', amountsMinor: [1_000, 2_500] })
  await emulatorControl('chaos', {
    duplicateDeliveries: 3,
    reorder: true,
    deliverBeforeRedirect: true,
  })
  try {
    await page.goto(`/campaigns/${appeal.slug}`)
    await fillDonateForm(page, { amountLabel: /£25/, email: uniqueEmail('chaos') })
    await payByCard(page, CARDS.ok)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Thank you for your gift')
    expect(await progressOf(page)).toEqual({ raised: 25, donors: 1 })

    // Every delivery, duplicates included, answered; then every event about this payment
    // processed: only then is a second count possible, and the page must still show one gift.
    await emulatorControl('webhooks/flush')
    const sessionId = new URL(page.url()).searchParams.get('session_id') ?? ''
    const session = (await (
      await fetch(`${E2E_EMULATOR_URL}/v1/checkout/sessions/${sessionId}?expand[]=payment_intent`, {
        headers: { Authorization: 'Bearer sk_test_e2e' },
      })
    ).json()) as { payment_intent: { id: string; latest_charge: string } }
    const objectIds = [sessionId, session.payment_intent.id, session.payment_intent.latest_charge]
    const events = { objectId: { in: objectIds } }
    expect(await e2eDatabase.prisma.stripeEvent.count({ where: events })).toBeGreaterThan(0)
    const unprocessed = () =>
      e2eDatabase.prisma.stripeEvent.findMany({
        where: { ...events, processedAt: null },
        select: { type: true, attempts: true, lastError: true },
      })
    await expect.poll(unprocessed, { timeout: 30_000 }).toEqual([])
    await page.reload()
    expect(await progressOf(page)).toEqual({ raised: 25, donors: 1 })
  } finally {
    await emulatorControl('chaos', {
      duplicateDeliveries: 0,
      reorder: false,
      deliverBeforeRedirect: false,
    })
  }
})
