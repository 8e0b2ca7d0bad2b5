import { expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { createCampaign } from '#tests/support/factories.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import {
  listCampaignUpdates,
  publishCampaignUpdate,
  saveCampaignUpdate,
} from './campaign-updates.server.ts'
import { getPublicCampaign } from './campaigns.server.ts'
import { formData } from '#tests/support/forms.ts'

setupTestDatabase()

const ctx = { actor: { id: null, email: 'manager@lantern.test' } }

test('a draft update is not public; publishing shows it rendered safely, audited', async () => {
  const campaign = await createCampaign({ slug: 'winter', allowedTerms: ['Hana'] })
  const saved = await saveCampaignUpdate(
    campaign.id,
    formData({ title: 'Week one', body: 'Hana is warm now. <script>alert(1)</script>' }),
    ctx,
  )
  if (saved.kind !== 'done') throw new Error(JSON.stringify(saved))
  expect((await getPublicCampaign('winter'))?.updates).toEqual([])

  expect(
    await publishCampaignUpdate(campaign.id, saved.updateId, ctx, { namingConfirmed: false }),
  ).toEqual({ kind: 'done', updateId: saved.updateId })
  const [update] = (await getPublicCampaign('winter'))?.updates ?? []
  expect(update?.title).toBe('Week one')
  expect(update?.html).not.toContain('<script')
  expect(update?.html).toContain('&lt;script&gt;')
  expect(
    (await prisma.auditLog.findMany({ orderBy: { at: 'asc' } })).map((entry) => entry.action),
  ).toEqual(['campaign-update.create', 'campaign-update.publish'])
  expect(
    await publishCampaignUpdate(campaign.id, saved.updateId, ctx, { namingConfirmed: true }),
  ).toMatchObject({ kind: 'invalid', status: 409 })
})

test('the naming check asks for confirmation before an update that names someone', async () => {
  const campaign = await createCampaign()
  const saved = await saveCampaignUpdate(
    campaign.id,
    formData({ title: 'News', body: 'Yesterday Min-su arrived on 2026-05-01.' }),
    ctx,
  )
  if (saved.kind !== 'done') throw new Error('not saved')
  const outcome = await publishCampaignUpdate(campaign.id, saved.updateId, ctx, {
    namingConfirmed: false,
  })
  expect(outcome).toMatchObject({
    kind: 'needs-confirmation',
    findings: [
      { kind: 'date', text: '2026-05-01' },
      { kind: 'name', text: 'Min-su' },
    ],
  })
  expect((await listCampaignUpdates(campaign.id))[0]?.publishedAt).toBeNull()
  expect(
    (await publishCampaignUpdate(campaign.id, saved.updateId, ctx, { namingConfirmed: true })).kind,
  ).toBe('done')
})

test('editing keeps the before and after; invalid input and archived appeals save nothing', async () => {
  const campaign = await createCampaign()
  const saved = await saveCampaignUpdate(campaign.id, formData({ title: 'A', body: 'One.' }), ctx)
  if (saved.kind !== 'done') throw new Error('not saved')
  await saveCampaignUpdate(
    campaign.id,
    formData({ updateId: saved.updateId, title: 'A', body: 'Two.' }),
    ctx,
  )
  const edit = await prisma.auditLog.findFirstOrThrow({ where: { action: 'campaign-update.edit' } })
  expect(edit.before).toEqual({ title: 'A', body: 'One.', translations: [] })
  expect(edit.after).toMatchObject({ body: 'Two.' })

  expect(
    await saveCampaignUpdate(campaign.id, formData({ title: '', body: '' }), ctx),
  ).toMatchObject({
    kind: 'invalid',
    status: 400,
    fieldErrors: { title: ['Enter a title'], body: ['Write the update'] },
  })
  const archived = await createCampaign({ status: 'ARCHIVED' })
  expect(
    await saveCampaignUpdate(archived.id, formData({ title: 'x', body: 'y' }), ctx),
  ).toMatchObject({
    kind: 'invalid',
    status: 409,
  })
  expect(await prisma.campaignUpdate.count()).toBe(1)
})
