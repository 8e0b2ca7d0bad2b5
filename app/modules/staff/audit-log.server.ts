/** Reading the audit log (ADMIN): filters by actor, action, entity type and dates; newest first. */
import { z } from 'zod'
import type { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'

export const AUDIT_PAGE_SIZE = 50
const DAY_MS = 24 * 60 * 60 * 1000

const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((value) => value || undefined)
const optionalDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined)

export const auditFilterSchema = z.object({
  actor: optionalText,
  action: optionalText,
  entityType: optionalText,
  from: optionalDate,
  to: optionalDate,
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
})

export type AuditFilter = z.infer<typeof auditFilterSchema>

export function parseAuditFilter(search: URLSearchParams): AuditFilter {
  return auditFilterSchema.parse(Object.fromEntries(search))
}

export async function listAuditEntries(filter: AuditFilter) {
  const at: Prisma.DateTimeFilter = {}
  if (filter.from) at.gte = new Date(`${filter.from}T00:00:00Z`)
  // `to` is inclusive: everything before the start of the next day (UTC).
  if (filter.to) at.lt = new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + DAY_MS)
  const where: Prisma.AuditLogWhereInput = {
    ...(filter.actor ? { actorEmail: { contains: filter.actor, mode: 'insensitive' } } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.entityType ? { entityType: filter.entityType } : {}),
    ...(filter.from || filter.to ? { at } : {}),
  }
  const [entries, total, actions, entityTypes] = await Promise.all([
    prisma.auditLog.findMany({
      where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: (filter.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
    }),
    prisma.auditLog.count({ where }),
    prisma.auditLog.findMany({
      distinct: ['action'],
      select: { action: true },
      orderBy: { action: 'asc' },
    }),
    prisma.auditLog.findMany({
      distinct: ['entityType'],
      select: { entityType: true },
      orderBy: { entityType: 'asc' },
    }),
  ])
  return {
    entries,
    total,
    pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    actions: actions.map((row) => row.action),
    entityTypes: entityTypes.map((row) => row.entityType),
  }
}
