import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { formData } from '#tests/support/forms.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import {
  createCampaign,
  duplicateCampaign,
  publishCampaign,
  updateCampaign,
  type SaveOutcome,
} from './campaign-admin.server.ts'
import { publishCampaignUpdate, saveCampaignUpdate } from './campaign-updates.server.ts'
import { getPublicCampaign, listPublicCampaigns } from './campaigns.server.ts'

setupTestDatabase()

const NOW = new Date('2026-06-01T12:00:00Z')
const ctx = { actor: { id: null, email: 'manager@lantern.test' }, ipAddress: '127.0.0.1', now: NOW }

const ENGLISH = {
  title: 'Warm winter',
  slug: 'warm-winter',
  summary: 'Coats and blankets for the coldest months.',
  story: 'A family of four reached a safe house in the snow.',
  fund: 'SHELTER',
  currency: 'USD',
  goal: '20,000',
  'amounts[0].amount': '25',
  'amounts[0].impact': 'A blanket',
  'amounts[1].amount': '60',
  'amounts[1].impact': 'A winter coat',
}
const KOREAN = {
  'translations.ko.title': '따뜻한 겨울',
  'translations.ko.summary': '가장 추운 달을 위한 외투와 담요입니다.',
  'translations.ko.story': '네 식구가 눈 속에서 안전한 쉼터에 도착했습니다.',
  'amounts[0].translations.ko': '담요 한 장',
  'amounts[1].translations.ko': '겨울 외투 한 벌',
}

function errors(outcome: SaveOutcome) {
  if (outcome.kind !== 'invalid') throw new Error(`expected invalid, got ${outcome.kind}`)
  return outcome.result.error ?? {}
}

async function saved(fields: Record<string, string>) {
  const outcome = await createCampaign(formData(fields), ctx)
  if (outcome.kind !== 'saved') throw new Error(JSON.stringify(outcome))
  await publishCampaign(outcome.campaignId, ctx, { namingConfirmed: true })
  return outcome.campaignId
}

describe('the Korean version of an appeal', () => {
  test('is saved with its impact lines, audited, and shown on /ko only', async () => {
    const id = await saved({ ...ENGLISH, ...KOREAN })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'campaign.create' } })
    expect(audit.after).toMatchObject({
      translations: [{ locale: 'ko', title: '따뜻한 겨울' }],
      suggestedAmounts: [
        { impact: 'A blanket', translations: [{ locale: 'ko', impact: '담요 한 장' }] },
        { impact: 'A winter coat', translations: [{ locale: 'ko', impact: '겨울 외투 한 벌' }] },
      ],
    })

    const ko = await getPublicCampaign('warm-winter', NOW, 'ko')
    expect(ko).toMatchObject({ title: '따뜻한 겨울', lang: null, untranslated: false })
    expect(ko?.storyHtml).toContain('네 식구가')
    expect(ko?.suggestedAmounts.map((a) => [a.impact, a.lang])).toEqual([
      ['담요 한 장', null],
      ['겨울 외투 한 벌', null],
    ])
    const en = await getPublicCampaign('warm-winter', NOW, 'en')
    expect(en).toMatchObject({ title: 'Warm winter', lang: null, untranslated: false })
    expect(en?.suggestedAmounts[0]?.impact).toBe('A blanket')

    // Emptying every Korean field removes the translation.
    expect((await updateCampaign(id, formData(ENGLISH), ctx)).kind).toBe('saved')
    expect(await prisma.campaignTranslation.count()).toBe(0)
    expect(await prisma.suggestedAmountTranslation.count()).toBe(0)
  })

  test('without one, /ko shows the English marked lang="en", with the note flag', async () => {
    await saved(ENGLISH)
    const ko = await getPublicCampaign('warm-winter', NOW, 'ko')
    expect(ko).toMatchObject({ title: 'Warm winter', lang: 'en', untranslated: true })
    expect(ko?.suggestedAmounts.map((a) => a.lang)).toEqual(['en', 'en'])
    const [card] = await listPublicCampaigns(NOW, 'ko')
    expect(card).toMatchObject({ title: 'Warm winter', lang: 'en', untranslated: true })
  })

  test('is all or nothing: a partial one is refused at each empty field, nothing saved', async () => {
    const outcome = await createCampaign(
      formData({ ...ENGLISH, 'translations.ko.title': '따뜻한 겨울' }),
      ctx,
    )
    const fieldErrors = errors(outcome)
    expect(fieldErrors['translations.ko.summary']?.[0]).toMatch(/summary in Korean/)
    expect(fieldErrors['translations.ko.story']).toBeDefined()
    expect(fieldErrors['amounts[0].translations.ko']?.[0]).toMatch(/impact line in Korean/)
    expect(fieldErrors['translations.ko.title']).toBeUndefined()
    expect(await prisma.campaign.count()).toBe(0)
  })

  test('has the English length limits', async () => {
    const outcome = await createCampaign(
      formData({ ...ENGLISH, ...KOREAN, 'translations.ko.title': '가'.repeat(121) }),
      ctx,
    )
    expect(errors(outcome)['translations.ko.title']?.[0]).toMatch(/under 120 characters/)
  })

  test('goes through the naming check before publishing', async () => {
    const outcome = await createCampaign(
      formData({ ...ENGLISH, ...KOREAN, 'translations.ko.story': '가족은 혜산에서 출발했습니다.' }),
      ctx,
    )
    if (outcome.kind !== 'saved') throw new Error('not saved')
    const published = await publishCampaign(outcome.campaignId, ctx, { namingConfirmed: false })
    expect(published).toMatchObject({
      kind: 'needs-confirmation',
      findings: [{ kind: 'place', text: '혜산' }],
    })
  })

  test('is copied by duplicate', async () => {
    const id = await saved({ ...ENGLISH, ...KOREAN })
    const copy = await duplicateCampaign(id, ctx)
    expect(copy?.translations).toMatchObject([{ locale: 'ko', title: '따뜻한 겨울' }])
    expect(copy?.suggestedAmounts[1]?.translations).toMatchObject([{ impact: '겨울 외투 한 벌' }])
  })
})

describe('a Korean update', () => {
  test('shows on /ko; an update without one shows in English there, marked', async () => {
    const id = await saved({ ...ENGLISH, ...KOREAN })
    const korean = await saveCampaignUpdate(
      id,
      formData({
        title: 'Forty coats',
        body: 'They arrived.',
        'translations.ko.title': '외투 마흔 벌',
        'translations.ko.body': '도착했습니다.',
      }),
      ctx,
    )
    // As a browser sends it: the Korean fields present but empty.
    const english = await saveCampaignUpdate(
      id,
      formData({
        title: 'Boots',
        body: 'Too.',
        'translations.ko.title': '',
        'translations.ko.body': '',
      }),
      ctx,
    )
    if (korean.kind !== 'done' || english.kind !== 'done') throw new Error('not saved')
    for (const updateId of [korean.updateId, english.updateId])
      await publishCampaignUpdate(
        id,
        updateId,
        { ...ctx, now: new Date(NOW.getTime() - 1000) },
        {
          namingConfirmed: false,
        },
      )
    const page = await getPublicCampaign('warm-winter', NOW, 'ko')
    expect(page?.updates.map((u) => [u.title, u.lang]).sort()).toEqual([
      ['Boots', 'en'],
      ['외투 마흔 벌', null],
    ])
  })

  test('needs both its title and body, and its names are checked', async () => {
    const id = await saved(ENGLISH)
    const partial = await saveCampaignUpdate(
      id,
      formData({ title: 'News', body: 'Good news.', 'translations.ko.title': '소식' }),
      ctx,
    )
    expect(partial).toMatchObject({ kind: 'invalid', status: 400 })
    if (partial.kind === 'invalid')
      expect(partial.fieldErrors['translations.ko.body']?.[0]).toMatch(/in Korean/)
    expect(await prisma.campaignUpdate.count()).toBe(0)

    const named = await saveCampaignUpdate(
      id,
      formData({
        title: 'News',
        body: 'Good news.',
        'translations.ko.title': '소식',
        'translations.ko.body': '김민지 씨가 도착했습니다.',
      }),
      ctx,
    )
    if (named.kind !== 'done') throw new Error('not saved')
    expect(
      await publishCampaignUpdate(id, named.updateId, ctx, { namingConfirmed: false }),
    ).toMatchObject({ kind: 'needs-confirmation', findings: [{ kind: 'name', text: '김민지' }] })
  })
})
