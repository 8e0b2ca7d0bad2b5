/**
 * Demo data: the campaigns in seed-data.ts, with their suggested amounts and opening totals,
 * and (outside production only) the demo staff accounts of demo-staff.server.ts.
 * Idempotent (upserts by slug), so it is safe to run again. The server runs it on the first
 * start of an embedded database; `npm run db:seed` runs it against DATABASE_URL.
 */
import { seedDemoStaff } from '#app/modules/staff/demo-staff.server.ts'
import type { Database } from '#app/utils/db.server.ts'
import { seedCampaigns } from './seed-data.ts'

const DAY_MS = 24 * 60 * 60 * 1000

export async function seedDatabase(prisma: Database, now = new Date()) {
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS)
  for (const seed of seedCampaigns) {
    const fields = {
      title: seed.title,
      summary: seed.summary,
      story: seed.story,
      fund: seed.fund,
      currency: seed.currency,
      goalMinor: BigInt(seed.goalMinor),
      status: seed.status,
      featured: seed.featured,
      startsAt: at(seed.startsInDays),
      endsAt: seed.endsInDays === null ? null : at(seed.endsInDays),
      publishedAt: seed.status === 'DRAFT' ? null : at(Math.min(seed.startsInDays, 0)),
    }
    const totals = {
      raisedMinor: BigInt(seed.totals.raisedMinor),
      giftCount: seed.totals.giftCount,
      donorCount: seed.totals.donorCount,
    }
    await prisma.$transaction(async (tx) => {
      const campaign = await tx.campaign.upsert({
        where: { slug: seed.slug },
        create: { slug: seed.slug, ...fields },
        update: fields,
        select: { id: true },
      })
      await tx.suggestedAmount.deleteMany({ where: { campaignId: campaign.id } })
      await tx.suggestedAmount.createMany({
        data: seed.suggestedAmounts.map((amount, position) => ({
          campaignId: campaign.id,
          currency: fields.currency,
          amountMinor: amount.amountMinor,
          impact: amount.impact,
          position,
        })),
      })
      await tx.campaignTotals.upsert({
        where: { campaignId: campaign.id },
        create: { campaignId: campaign.id, ...totals },
        update: totals,
      })
    })
  }
  // Demo staff accounts (one per role) and demo exchange rates exist only outside production.
  const staff = await seedDemoStaff(prisma)
  const rates = await seedDemoRates(prisma, at(-365))
  return { campaigns: seedCampaigns.length, demoStaff: staff.created, demoRates: rates }
}

/**
 * Demo exchange rates to USD (the FINANCE rate table), so that a donor may give in their own
 * currency on the demo dollar appeals out of the box (donation-currencies.server.ts). The
 * figures are the Stripe emulator's, so estimates match what it settles. Outside production
 * only, once: in production finance staff enter real rates on /admin/finance/rates.
 */
export const DEMO_USD_PER_UNIT = { EUR: '1.08', GBP: '1.27', JPY: '0.0067', KRW: '0.00075' }

async function seedDemoRates(prisma: Database, effectiveAt: Date): Promise<number> {
  if (process.env.NODE_ENV === 'production') return 0
  if ((await prisma.exchangeRate.count()) > 0) return 0
  const { count } = await prisma.exchangeRate.createMany({
    data: Object.entries(DEMO_USD_PER_UNIT).map(([base, rate]) => ({
      base,
      quote: 'USD',
      rate,
      effectiveAt,
    })),
  })
  return count
}
