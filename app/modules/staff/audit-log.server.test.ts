import { describe, expect, test } from 'vitest'
import { prisma } from '#app/utils/db.server.ts'
import { setupTestDatabase } from '#tests/support/test-database.ts'
import { AUDIT_PAGE_SIZE, listAuditEntries, parseAuditFilter } from './audit-log.server.ts'

setupTestDatabase()

async function entry(at: string, actorEmail: string, action: string, entityType = 'StaffUser') {
  await prisma.auditLog.create({ data: { at: new Date(at), actorEmail, action, entityType } })
}

describe('reading the audit log', () => {
  test('filters by actor, action, entity type and an inclusive date range, newest first', async () => {
    await entry('2026-02-01T09:00:00Z', 'ada@lantern.test', 'staff.created')
    await entry('2026-02-02T23:59:00Z', 'ada@lantern.test', 'staff.disabled')
    await entry('2026-02-03T00:00:00Z', 'ben@lantern.test', 'campaign.published', 'Campaign')
    const list = (search: string) => listAuditEntries(parseAuditFilter(new URLSearchParams(search)))

    expect((await list('')).entries.map((e) => e.action)).toEqual([
      'campaign.published',
      'staff.disabled',
      'staff.created',
    ])
    expect((await list('actor=ADA')).total).toBe(2)
    expect((await list('action=staff.created')).entries).toHaveLength(1)
    expect((await list('entityType=Campaign')).entries[0]?.actorEmail).toBe('ben@lantern.test')
    expect((await list('from=2026-02-02&to=2026-02-02')).entries.map((e) => e.action)).toEqual([
      'staff.disabled',
    ])
    const all = await list('')
    expect(all.actions).toEqual(['campaign.published', 'staff.created', 'staff.disabled'])
    expect(all.entityTypes).toEqual(['Campaign', 'StaffUser'])
  })

  test('pages hold 50 entries; bad filter values are ignored rather than failing', async () => {
    await prisma.auditLog.createMany({
      data: Array.from({ length: AUDIT_PAGE_SIZE + 3 }, (_, i) => ({
        at: new Date(Date.UTC(2026, 0, 1, 0, i)),
        actorEmail: 'cli',
        action: `action.${String(i).padStart(2, '0')}`,
        entityType: 'StaffUser',
      })),
    })
    const second = await listAuditEntries(parseAuditFilter(new URLSearchParams('page=2')))
    expect(second.pageCount).toBe(2)
    expect(second.entries.map((e) => e.action)).toEqual(['action.02', 'action.01', 'action.00'])
    const odd = parseAuditFilter(new URLSearchParams('page=abc&from=yesterday'))
    expect(odd).toMatchObject({ page: 1, from: undefined })
  })
})
