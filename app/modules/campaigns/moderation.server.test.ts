import { describe, expect, test } from 'vitest'
import {
  REPEATED_POST_REASON,
  classifyDonorMessage,
  normaliseForRepeat,
} from '#app/modules/donations/message-filter.ts'
import { prisma } from '#app/utils/db.server.ts'
import { createCampaign, createPledge } from '#tests/support/factories.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { getPublicCampaign } from './campaigns.server.ts'
import {
  countIdenticalMessagesSince,
  listModeration,
  moderateMessage,
  moderationCounts,
} from './moderation.server.ts'

setupTestDatabase()

const ctx = { actor: { id: null, email: 'manager@lantern.test' }, ipAddress: '198.51.100.4' }

async function message(
  body: string,
  fields: {
    status?: 'PENDING' | 'SPAM'
    pledgeStatus?: 'FULFILLED' | 'ABANDONED'
    campaignId?: string
  } = {},
) {
  const campaignId = fields.campaignId ?? (await createCampaign()).id
  const pledge = await createPledge({ campaignId, status: fields.pledgeStatus ?? 'FULFILLED' })
  return prisma.donorMessage.create({
    data: {
      pledgeId: pledge.id,
      campaignId,
      displayName: 'Anna',
      body,
      status: fields.status ?? 'PENDING',
      spamReason: fields.status === 'SPAM' ? 'contains a link' : null,
    },
  })
}

describe('the queue', () => {
  test('lists pending messages of paid gifts, and the spam bin with its reasons', async () => {
    const waiting = await message('Praying for you all.')
    await message('Never paid', { pledgeStatus: 'ABANDONED' })
    const spam = await message('Visit casino.example.com', { status: 'SPAM' })
    expect((await listModeration('pending')).map((m) => m.id)).toEqual([waiting.id])
    expect(await listModeration('spam')).toEqual([
      expect.objectContaining({ id: spam.id, spamReason: 'contains a link' }),
    ])
    expect(await moderationCounts()).toEqual({ pending: 1, spam: 1 })
  })

  test('approving shows the message publicly; every decision is recorded and audited', async () => {
    const campaign = await createCampaign({ slug: 'open-appeal' })
    const first = await message('Stay strong.', { campaignId: campaign.id })
    expect((await getPublicCampaign('open-appeal'))?.messages).toEqual([])

    expect(await moderateMessage(first.id, 'APPROVED', ctx)).toEqual({ kind: 'done' })
    expect((await getPublicCampaign('open-appeal'))?.messages).toEqual([
      expect.objectContaining({ body: 'Stay strong.', displayName: 'Anna' }),
    ])
    const row = await prisma.donorMessage.findUniqueOrThrow({ where: { id: first.id } })
    expect(row).toMatchObject({ status: 'APPROVED', moderatedBy: 'manager@lantern.test' })
    expect(row.moderatedAt).toBeInstanceOf(Date)

    // Taken down again, then binned: each is its own audited decision.
    await moderateMessage(first.id, 'REJECTED', ctx)
    expect((await getPublicCampaign('open-appeal'))?.messages).toEqual([])
    await moderateMessage(first.id, 'SPAM', ctx)
    expect(await moderateMessage(first.id, 'SPAM', ctx)).toMatchObject({ kind: 'refused' })
    const audit = await prisma.auditLog.findMany({
      where: { entityId: first.id },
      orderBy: { at: 'asc' },
    })
    expect(audit.map((entry) => [entry.action, entry.actorEmail, entry.ipAddress])).toEqual([
      ['donor-message.approved', 'manager@lantern.test', '198.51.100.4'],
      ['donor-message.rejected', 'manager@lantern.test', '198.51.100.4'],
      ['donor-message.spam', 'manager@lantern.test', '198.51.100.4'],
    ])
    expect(audit[0]?.before).toMatchObject({ status: 'PENDING' })
    expect(audit[0]?.after).toMatchObject({ status: 'APPROVED' })
  })

  test('an unknown message is refused', async () => {
    expect(await moderateMessage('nope', 'APPROVED', ctx)).toMatchObject({ kind: 'refused' })
  })
})

describe('the spam filter', () => {
  const now = new Date('2026-06-01T12:00:00Z')
  test('content rules come first', async () => {
    const count = async () => 0
    expect(
      await classifyDonorMessage({ body: 'cheap viagra', displayName: null, now }, count),
    ).toEqual({
      spam: true,
      reason: 'contains a known spam word',
    })
    expect(await classifyDonorMessage({ body: 'Go well.', displayName: null, now }, count)).toEqual(
      {
        spam: false,
        reason: null,
      },
    )
  })

  test('the same text again within a day is spam, whatever its case and spacing', async () => {
    let asked: { body: string; since: Date } | null = null
    const verdict = await classifyDonorMessage(
      { body: '  Great   CAUSE ', displayName: null, now },
      async (body, since) => {
        asked = { body, since }
        return 1
      },
    )
    expect(verdict).toEqual({ spam: true, reason: REPEATED_POST_REASON })
    expect(asked).toEqual({ body: 'great cause', since: new Date('2026-05-31T12:00:00Z') })
    expect(normaliseForRepeat('A\n b')).toBe('a b')
  })
})

test('repeats are counted in the database with the same normalisation', async () => {
  await message('Great\n  cause ')
  const since = new Date(Date.now() - 60_000)
  expect(await countIdenticalMessagesSince(normaliseForRepeat('great cause'), since)).toBe(1)
  expect(await countIdenticalMessagesSince('another text', since)).toBe(0)
  expect(await countIdenticalMessagesSince('great cause', new Date(Date.now() + 60_000))).toBe(0)
})
