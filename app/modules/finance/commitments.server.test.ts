import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createCampaign, createDonor, createGift } from '#tests/support/factories.ts'
import { createStaffUser } from '#tests/support/staff.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import {
  addMonthsUtc,
  commitmentSchedule,
  createCommitment,
  getCommitment,
  linkGift,
  unlinkGift,
  type ScheduleGift,
} from './commitments.server.ts'
import { formData } from '#tests/support/forms.ts'

setupTestDatabase()

const day = (iso: string) => new Date(`${iso}T00:00:00Z`)
const gift = (id: string, iso: string, amountMinor: number, refundedMinor = 0): ScheduleGift => ({
  id,
  receivedAt: day(iso),
  amountMinor,
  refundedMinor,
  disputeLostMinor: 0,
})
const WON_PLEDGE = {
  totalMinor: 1_200_000,
  instalmentCount: 12,
  intervalMonths: 1,
  startsOn: day('2026-01-15'),
}

describe('commitmentSchedule', () => {
  test('₩1,200,000 over 12 months is 12 monthly instalments of ₩100,000', () => {
    const schedule = commitmentSchedule(WON_PLEDGE, [], day('2026-01-01'))
    expect(schedule.instalments.map((i) => i.amountMinor)).toEqual(Array(12).fill(100_000))
    expect(schedule.instalments.map((i) => i.dueOn.toISOString().slice(0, 10))).toEqual([
      '2026-01-15',
      '2026-02-15',
      '2026-03-15',
      '2026-04-15',
      '2026-05-15',
      '2026-06-15',
      '2026-07-15',
      '2026-08-15',
      '2026-09-15',
      '2026-10-15',
      '2026-11-15',
      '2026-12-15',
    ])
    expect(schedule).toMatchObject({
      outstandingCount: 12,
      overdueCount: 0,
      coveredMinor: 0,
      outstandingMinor: 1_200_000,
    })
  })

  test('the remainder goes on the last instalment', () => {
    const schedule = commitmentSchedule(
      { totalMinor: 1_000, instalmentCount: 3, intervalMonths: 3, startsOn: day('2026-01-31') },
      [],
      day('2026-01-01'),
    )
    expect(schedule.instalments.map((i) => i.amountMinor)).toEqual([333, 333, 334])
    // Every 3 months from 31 January; 31 April does not exist.
    expect(schedule.instalments.map((i) => i.dueOn.toISOString().slice(0, 10))).toEqual([
      '2026-01-31',
      '2026-04-30',
      '2026-07-31',
    ])
  })

  test('gifts fill instalments in date order; unpaid past instalments are overdue', () => {
    const schedule = commitmentSchedule(
      WON_PLEDGE,
      // Listed out of order; the refunded part does not count.
      [
        gift('b', '2026-02-20', 150_000),
        gift('a', '2026-01-10', 100_000, 0),
        gift('c', '2026-03-01', 80_000, 30_000),
      ],
      day('2026-05-16'),
    )
    const [first, second, third, fourth, fifth, sixth] = schedule.instalments
    expect(first).toMatchObject({
      coveredMinor: 100_000,
      state: 'FULFILLED',
      gifts: [{ giftId: 'a', minor: 100_000 }],
    })
    expect(second).toMatchObject({
      coveredMinor: 100_000,
      state: 'FULFILLED',
      gifts: [{ giftId: 'b', minor: 100_000 }],
    })
    expect(third).toMatchObject({
      coveredMinor: 100_000,
      state: 'FULFILLED',
      gifts: [
        { giftId: 'b', minor: 50_000 },
        { giftId: 'c', minor: 50_000 },
      ],
    })
    expect(fourth).toMatchObject({ coveredMinor: 0, state: 'OVERDUE' })
    // Due on 15 May; "today" is 16 May.
    expect(fifth).toMatchObject({ coveredMinor: 0, state: 'OVERDUE' })
    expect(sixth).toMatchObject({ state: 'OUTSTANDING' })
    expect(schedule).toMatchObject({
      fulfilledCount: 3,
      overdueCount: 2,
      outstandingCount: 7,
      coveredMinor: 300_000,
      outstandingMinor: 900_000,
      overdueMinor: 200_000,
      surplusMinor: 0,
    })
  })

  test('an instalment due today is not overdue yet; a partly covered one is', () => {
    const schedule = commitmentSchedule(
      WON_PLEDGE,
      [gift('a', '2026-01-10', 60_000)],
      day('2026-02-15'),
    )
    expect(schedule.instalments[0]).toMatchObject({ coveredMinor: 60_000, state: 'OVERDUE' })
    expect(schedule.instalments[1]).toMatchObject({ state: 'OUTSTANDING' })
    expect(schedule.overdueMinor).toBe(40_000)
  })

  test('giving beyond the total is surplus', () => {
    const schedule = commitmentSchedule(
      { totalMinor: 10_000, instalmentCount: 2, intervalMonths: 1, startsOn: day('2026-01-01') },
      [gift('a', '2026-01-01', 12_500)],
      day('2026-03-01'),
    )
    expect(schedule).toMatchObject({ fulfilledCount: 2, outstandingMinor: 0, surplusMinor: 2_500 })
  })

  test('addMonthsUtc clamps to the end of shorter months', () => {
    expect(addMonthsUtc(day('2026-01-31'), 1).toISOString().slice(0, 10)).toBe('2026-02-28')
    expect(addMonthsUtc(day('2027-12-31'), 2).toISOString().slice(0, 10)).toBe('2028-02-29')
  })
})

async function finance() {
  const { user } = await createStaffUser({ roles: ['FINANCE'] })
  return { actor: { id: user.id, email: user.email }, ipAddress: null }
}

describe('scheduled pledges in the database', () => {
  test('creating one validates the total in the campaign currency and audits it', async () => {
    const campaign = await createCampaign({ currency: 'KRW' })
    const context = await finance()
    const base = {
      donorEmail: 'minji@example.org',
      campaignId: campaign.id,
      instalmentCount: '12',
      intervalMonths: '1',
      startsOn: '2026-01-15',
    }
    const bad = await createCommitment(formData({ ...base, total: '1,200,000.50' }), context)
    expect(bad.kind === 'invalid' && bad.result.error?.total?.[0]).toMatch(/no decimal places/)
    const tooMany = await createCommitment(
      formData({ ...base, total: '5', instalmentCount: '12' }),
      context,
    )
    expect(tooMany.kind === 'invalid' && tooMany.result.error?.total?.[0]).toMatch(/too small/)
    expect(await prisma.pledgeCommitment.count()).toBe(0)

    const saved = await createCommitment(formData({ ...base, total: '₩1,200,000' }), context)
    if (saved.kind !== 'saved') throw new Error('not saved')
    const commitment = await prisma.pledgeCommitment.findUniqueOrThrow({
      where: { id: saved.commitmentId },
      include: { donor: true },
    })
    expect(commitment).toMatchObject({
      totalMinor: 1_200_000,
      currency: 'KRW',
      instalmentCount: 12,
      status: 'ACTIVE',
    })
    expect(commitment.donor.email).toBe('minji@example.org')
    expect(
      await prisma.auditLog.count({
        where: { action: 'commitment.create', entityId: commitment.id },
      }),
    ).toBe(1)
  })

  test('linking and unlinking gifts: same donor, campaign and currency only; audited; completes', async () => {
    const campaign = await createCampaign({ currency: 'KRW' })
    const donor = await createDonor()
    const context = await finance()
    const commitment = await prisma.pledgeCommitment.create({
      data: {
        donorId: donor.id,
        campaignId: campaign.id,
        currency: 'KRW',
        totalMinor: 200_000,
        instalmentCount: 2,
        startsOn: day('2026-01-15'),
      },
    })
    const paid = await createGift({
      campaignId: campaign.id,
      donorId: donor.id,
      currency: 'KRW',
      amountMinor: 200_000,
      receivedAt: day('2026-01-14'),
    })
    const otherDonors = await createGift({
      campaignId: campaign.id,
      currency: 'KRW',
      amountMinor: 50_000,
    })

    expect(await linkGift(commitment.id, otherDonors.id, context)).toMatchObject({ ok: false })
    expect((await getCommitment(commitment.id))?.candidates.map((g) => g.id)).toEqual([paid.id])

    expect(await linkGift(commitment.id, paid.id, context)).toEqual({ ok: true })
    const linked = await getCommitment(commitment.id, day('2026-03-01'))
    expect(linked?.commitment.status).toBe('COMPLETED')
    expect(linked?.schedule).toMatchObject({ fulfilledCount: 2, overdueCount: 0 })
    expect(linked?.candidates).toEqual([])

    expect(await unlinkGift(commitment.id, paid.id, context)).toEqual({ ok: true })
    const unlinked = await getCommitment(commitment.id, day('2026-03-01'))
    expect(unlinked?.commitment.status).toBe('ACTIVE')
    expect(unlinked?.schedule).toMatchObject({ fulfilledCount: 0, overdueCount: 2 })
    expect(await prisma.auditLog.count({ where: { entityId: commitment.id } })).toBe(2)
  })
})
