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
  // Demo staff accounts (one per role) exist only outside production.
  const staff = await seedDemoStaff(prisma)
  return { campaigns: seedCampaigns.length, demoStaff: staff.created }
}
