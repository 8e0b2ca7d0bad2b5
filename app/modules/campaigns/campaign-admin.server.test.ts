import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createCampaign as createCampaignRow, createGift } from '#tests/support/factories.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import {
  archiveCampaign,
  closeCampaign,
  createCampaign,
  duplicateCampaign,
  listCampaignsForStaff,
  publishCampaign,
  scheduleCampaign,
  updateCampaign,
  type SaveOutcome,
} from './campaign-admin.server.ts'
import { findRenamedCampaignSlug, getPublicCampaign } from './campaigns.server.ts'

setupTestDatabase()

const NOW = new Date('2026-06-01T12:00:00Z')
const DAY_MS = 24 * 60 * 60 * 1000
const ctx = { actor: { id: null, email: 'manager@lantern.test' }, ipAddress: '127.0.0.1', now: NOW }

type Fields = { [name: string]: string | undefined | Array<{ amount: string; impact: string }> }

function form(fields: Fields = {}): FormData {
  const { amounts, ...rest } = {
    title: 'Warm winter',
    slug: 'warm-winter',
    summary: 'Coats and blankets for the coldest months.',
    story: 'A family of four reached a safe house in the snow. Your gift keeps them warm.',
    fund: 'SHELTER',
    currency: 'USD',
    goal: '20,000',
    startsAt: '',
    endsAt: '',
    allowedTerms: '',
    amounts: [
      { amount: '25', impact: 'A blanket' },
      { amount: '60', impact: 'A winter coat' },
      { amount: '150', impact: 'A week of heating' },
    ],
    ...fields,
  }
  const data = new FormData()
  for (const [name, value] of Object.entries(rest)) {
    if (typeof value === 'string') data.set(name, value)
  }
  ;(amounts as Array<{ amount: string; impact: string }>).forEach((row, index) => {
    data.set(`amounts[${index}].amount`, row.amount)
    data.set(`amounts[${index}].impact`, row.impact)
  })
  return data
}

function fieldErrors(outcome: SaveOutcome) {
  if (outcome.kind !== 'invalid') throw new Error(`expected invalid, got ${outcome.kind}`)
  return outcome.result.error ?? {}
}

async function created(fields: Fields = {}) {
  const outcome = await createCampaign(form(fields), ctx)
  if (outcome.kind !== 'saved') throw new Error(JSON.stringify(outcome))
  return outcome.campaignId
}

describe('create', () => {
  test('saves a draft with its amounts in order, and audits it', async () => {
    const id = await created({ allowedTerms: 'Min-ji, Grandma Lee\nHana' })
    const campaign = await prisma.campaign.findUniqueOrThrow({
      where: { id },
      include: { suggestedAmounts: { orderBy: { position: 'asc' } } },
    })
    expect(campaign).toMatchObject({
      status: 'DRAFT',
      slug: 'warm-winter',
      currency: 'USD',
      goalMinor: 2_000_000n,
      allowedTerms: ['Min-ji', 'Grandma Lee', 'Hana'],
    })
    expect(campaign.suggestedAmounts.map((a) => [a.amountMinor, a.impact])).toEqual([
      [2500, 'A blanket'],
      [6000, 'A winter coat'],
      [15000, 'A week of heating'],
    ])
    const audit = await prisma.auditLog.findMany({ where: { entityId: id } })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({
      action: 'campaign.create',
      actorEmail: 'manager@lantern.test',
      entityType: 'Campaign',
      before: null,
      ipAddress: '127.0.0.1',
    })
    expect(audit[0]?.after).toMatchObject({ slug: 'warm-winter', goalMinor: '2000000' })
  })

  test('parses the goal and amounts in the chosen currency (KRW has no minor unit)', async () => {
    const id = await created({
      currency: 'KRW',
      goal: '30,000,000',
      amounts: [{ amount: '50,000', impact: 'Food for a week' }],
    })
    const campaign = await prisma.campaign.findUniqueOrThrow({
      where: { id },
      include: { suggestedAmounts: true },
    })
    expect(campaign.goalMinor).toBe(30_000_000n)
    expect(campaign.suggestedAmounts[0]?.amountMinor).toBe(50_000)
  })

  test.each([
    ['a missing title', { title: '' }, 'title'],
    ['an upper-case slug', { slug: 'Warm Winter' }, 'slug'],
    ['a slug with a double hyphen', { slug: 'warm--winter' }, 'slug'],
    ['an unknown fund', { fund: 'PARTY' }, 'fund'],
    ['an unknown currency', { currency: 'CHF' }, 'currency'],
    ['a goal in words', { goal: 'lots' }, 'goal'],
    ['a goal with decimals in KRW', { currency: 'KRW', goal: '1000.5' }, 'goal'],
    [
      'an end before the start',
      { startsAt: '2026-07-01T00:00', endsAt: '2026-06-01T00:00' },
      'endsAt',
    ],
    ['a malformed date', { startsAt: 'next week' }, 'startsAt'],
  ])('refuses %s with a field error and saves nothing', async (_label, fields, field) => {
    const outcome = await createCampaign(form(fields), ctx)
    expect(outcome).toMatchObject({ kind: 'invalid', status: 400 })
    expect(Object.keys(fieldErrors(outcome))).toContain(field)
    expect(await prisma.campaign.count()).toBe(0)
    expect(await prisma.auditLog.count()).toBe(0)
  })

  test('needs one to six suggested amounts within the currency limits, without repeats', async () => {
    const none = await createCampaign(form({ amounts: [] }), ctx)
    expect(Object.keys(fieldErrors(none))).toContain('amounts')

    const seven = Array.from({ length: 7 }, (_, i) => ({ amount: String(10 + i), impact: `x${i}` }))
    expect(Object.keys(fieldErrors(await createCampaign(form({ amounts: seven }), ctx)))).toContain(
      'amounts',
    )
    const tooSmall = await createCampaign(form({ amounts: [{ amount: '1', impact: 'x' }] }), ctx)
    expect(fieldErrors(tooSmall)['amounts[0].amount']?.[0]).toMatch(/smallest gift/)
    const repeated = await createCampaign(
      form({
        amounts: [
          { amount: '25', impact: 'a' },
          { amount: '25.00', impact: 'b' },
        ],
      }),
      ctx,
    )
    expect(fieldErrors(repeated)['amounts[1].amount']).toEqual(['This amount is already offered'])
    const noImpact = await createCampaign(form({ amounts: [{ amount: '25', impact: '' }] }), ctx)
    expect(Object.keys(fieldErrors(noImpact))).toContain('amounts[0].impact')
    expect(await prisma.campaign.count()).toBe(0)
  })

  test('a slug in use, now or before, is a field error', async () => {
    await createCampaignRow({ slug: 'warm-winter' })
    expect(fieldErrors(await createCampaign(form(), ctx)).slug).toEqual([
      'Another appeal already uses this address',
    ])
    const other = await createCampaignRow({ slug: 'new-name' })
    await prisma.campaignSlugRedirect.create({
      data: { fromSlug: 'old-name', campaignId: other.id },
    })
    expect(fieldErrors(await createCampaign(form({ slug: 'old-name' }), ctx)).slug?.[0]).toMatch(
      /used this address before/,
    )
  })

  test('a list intent (add an amount) saves nothing and redraws the form', async () => {
    const data = form()
    data.set('__intent__', JSON.stringify({ type: 'insert', payload: { name: 'amounts' } }))
    const outcome = await createCampaign(data, ctx)
    expect(outcome.kind).toBe('intent')
    expect(await prisma.campaign.count()).toBe(0)
  })
})

describe('edit', () => {
  test('changing the slug keeps the old one as a redirect, and audits before and after', async () => {
    const id = await created()
    await publishCampaign(id, ctx, { namingConfirmed: true })
    const outcome = await updateCampaign(id, form({ slug: 'warmer-winter', title: 'Warmer' }), ctx)
    expect(outcome).toMatchObject({ kind: 'saved', slug: 'warmer-winter' })
    expect(await findRenamedCampaignSlug('warm-winter', NOW)).toBe('warmer-winter')
    expect(await findRenamedCampaignSlug('never-was', NOW)).toBeNull()

    // Renamed again: both old slugs lead to the current one; going back drops that redirect.
    await updateCampaign(id, form({ slug: 'warmest-winter' }), ctx)
    expect(await findRenamedCampaignSlug('warm-winter', NOW)).toBe('warmest-winter')
    expect(await findRenamedCampaignSlug('warmer-winter', NOW)).toBe('warmest-winter')
    await updateCampaign(id, form({ slug: 'warm-winter' }), ctx)
    expect(await findRenamedCampaignSlug('warm-winter', NOW)).toBeNull()

    const audit = await prisma.auditLog.findFirstOrThrow({
      where: { entityId: id, action: 'campaign.update' },
      orderBy: { at: 'asc' },
    })
    expect(audit.before).toMatchObject({ slug: 'warm-winter', title: 'Warm winter' })
    expect(audit.after).toMatchObject({ slug: 'warmer-winter', title: 'Warmer' })
  })

  test('goal and currency cannot change once the appeal has gifts', async () => {
    const id = await created()
    expect(await updateCampaign(id, form({ goal: '25,000' }), ctx)).toMatchObject({ kind: 'saved' })
    await createGift({ campaignId: id })

    const outcome = await updateCampaign(id, form({ goal: '30,000', currency: 'EUR' }), ctx)
    expect(fieldErrors(outcome)).toEqual({
      goal: ['Cannot change once the appeal has received gifts'],
      currency: ['Cannot change once the appeal has received gifts'],
    })
    const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id } })
    expect(campaign).toMatchObject({ goalMinor: 2_500_000n, currency: 'USD' })
    // Other fields still save.
    expect(await updateCampaign(id, form({ goal: '25000.00', title: 'New' }), ctx)).toMatchObject({
      kind: 'saved',
    })
  })

  test('an archived appeal cannot be edited', async () => {
    const id = await created()
    await archiveCampaign(id, ctx)
    const outcome = await updateCampaign(id, form({ title: 'Sneaky' }), ctx)
    expect(outcome).toMatchObject({ kind: 'invalid', status: 409 })
    expect((await prisma.campaign.findUniqueOrThrow({ where: { id } })).title).toBe('Warm winter')
  })

  test('invalid edits save nothing', async () => {
    const id = await created()
    const before = await prisma.auditLog.count()
    expect(await updateCampaign(id, form({ title: '', slug: 'other' }), ctx)).toMatchObject({
      kind: 'invalid',
    })
    expect((await prisma.campaign.findUniqueOrThrow({ where: { id } })).slug).toBe('warm-winter')
    expect(await prisma.auditLog.count()).toBe(before)
  })
})

describe('life cycle', () => {
  test('publishing asks for confirmation when the naming check finds something', async () => {
    const id = await created({ story: 'We met Hyejin near Yanji on 12/03. She is safe.' })
    const first = await publishCampaign(id, ctx, { namingConfirmed: false })
    expect(first.kind).toBe('needs-confirmation')
    if (first.kind === 'needs-confirmation') {
      expect(first.findings.map((f) => f.text)).toEqual(['12/03', 'Hyejin', 'Yanji'])
    }
    expect((await prisma.campaign.findUniqueOrThrow({ where: { id } })).status).toBe('DRAFT')

    expect(await publishCampaign(id, ctx, { namingConfirmed: true })).toEqual({
      kind: 'done',
      campaignId: id,
    })
    const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id } })
    expect(campaign).toMatchObject({ status: 'PUBLISHED', publishedAt: NOW })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'campaign.publish' } })
    expect(audit.before).toMatchObject({ status: 'DRAFT' })
    expect(audit.after).toMatchObject({ status: 'PUBLISHED', namingConfirmed: true })
  })

  test('terms the campaign allows pass the naming check', async () => {
    const id = await created({ story: 'We met Hyejin. She is safe.', allowedTerms: 'Hyejin' })
    expect((await publishCampaign(id, ctx, { namingConfirmed: false })).kind).toBe('done')
  })

  test('a scheduled appeal is not public until its start', async () => {
    const id = await created()
    const startsAt = new Date(NOW.getTime() + 2 * DAY_MS)
    expect(
      await scheduleCampaign(id, new Date(NOW.getTime() - 1), ctx, { namingConfirmed: true }),
    ).toMatchObject({ kind: 'refused', message: 'The start must be in the future.' })
    expect(await scheduleCampaign(id, startsAt, ctx, { namingConfirmed: true })).toMatchObject({
      kind: 'done',
    })
    expect(await getPublicCampaign('warm-winter', NOW)).toBeNull()
    expect(await getPublicCampaign('warm-winter', new Date(startsAt.getTime() + 1))).not.toBeNull()
    const [row] = await listCampaignsForStaff({}, NOW)
    expect(row?.status).toBe('Scheduled')
  })

  test('close and archive move only from the right states, each audited', async () => {
    const id = await created()
    expect(await closeCampaign(id, ctx)).toMatchObject({ kind: 'refused' })
    await publishCampaign(id, ctx, { namingConfirmed: true })
    expect(await closeCampaign(id, ctx)).toMatchObject({ kind: 'done' })
    expect(await getPublicCampaign('warm-winter', NOW)).toMatchObject({ closed: true })
    expect(await archiveCampaign(id, ctx)).toMatchObject({ kind: 'done' })
    expect(await archiveCampaign(id, ctx)).toMatchObject({ kind: 'refused' })
    expect(await publishCampaign(id, ctx, { namingConfirmed: true })).toMatchObject({
      kind: 'refused',
    })
    expect(await getPublicCampaign('warm-winter', NOW)).toBeNull()
    const actions = (await prisma.auditLog.findMany({ orderBy: { at: 'asc' } })).map(
      (a) => a.action,
    )
    expect(actions).toEqual([
      'campaign.create',
      'campaign.publish',
      'campaign.close',
      'campaign.archive',
    ])
  })

  test('duplicate makes a draft with a new unique slug and the same amounts', async () => {
    const id = await created()
    await publishCampaign(id, ctx, { namingConfirmed: true })
    const copy = await duplicateCampaign(id, ctx)
    expect(copy).toMatchObject({
      slug: 'warm-winter-copy',
      title: 'Copy of Warm winter',
      status: 'DRAFT',
      publishedAt: null,
    })
    expect(copy?.suggestedAmounts).toHaveLength(3)
    expect((await duplicateCampaign(id, ctx))?.slug).toBe('warm-winter-copy-2')
    expect((await duplicateCampaign(copy?.id ?? '', ctx))?.slug).toBe('warm-winter-copy-3')
    expect(await prisma.auditLog.count({ where: { action: 'campaign.duplicate' } })).toBe(3)
  })
})

test('the staff list shows status, progress and gifts, filtered by status and fund', async () => {
  const live = await createCampaignRow({
    fund: 'RESCUE',
    endsAt: new Date(NOW.getTime() + 3 * DAY_MS),
  })
  await prisma.campaignTotals.create({
    data: { campaignId: live.id, raisedMinor: 12_345n, giftCount: 3, donorCount: 2 },
  })
  await createCampaignRow({ fund: 'SHELTER', status: 'DRAFT' })
  await createCampaignRow({ fund: 'RESCUE', status: 'ARCHIVED' })

  const all = await listCampaignsForStaff({}, NOW)
  expect(all).toHaveLength(3)
  expect(all.find((row) => row.id === live.id)).toMatchObject({
    status: 'Live',
    raisedMinor: 12_345,
    giftCount: 3,
    daysLeft: 3,
  })
  expect(
    (await listCampaignsForStaff({ fund: 'RESCUE' }, NOW)).map((r) => r.status).sort(),
  ).toEqual(['Archived', 'Live'])
  expect((await listCampaignsForStaff({ status: 'DRAFT' }, NOW)).map((r) => r.fund)).toEqual([
    'SHELTER',
  ])
})
