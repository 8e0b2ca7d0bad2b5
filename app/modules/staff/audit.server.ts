/**
 * The audit log: who changed what, when, from where, with the state before and after.
 * Append-only: the table refuses UPDATE and DELETE (migration 20261121020000_staff).
 */
import { Prisma } from '#app/generated/prisma/client.ts'
import { prisma } from '#app/utils/db.server.ts'

export type AuditActor = { id: string | null; email: string }

export type AuditEntry = {
  actor: AuditActor
  action: string
  entityType: string
  entityId?: string | null
  before?: unknown
  after?: unknown
  ipAddress?: string | null
}

type Client = Pick<typeof prisma, 'auditLog'> | Prisma.TransactionClient

function json(value: unknown): Prisma.InputJsonValue | typeof Prisma.DbNull {
  if (value === undefined || value === null) return Prisma.DbNull
  // Dates, bigints and the like become plain JSON; secrets must never be passed in.
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as Prisma.InputJsonValue
}

/** Records one staff action. Pass the transaction client to log atomically with the change. */
export async function recordAudit(entry: AuditEntry, client: Client = prisma): Promise<void> {
  await client.auditLog.create({
    data: {
      actorId: entry.actor.id,
      actorEmail: entry.actor.email,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: json(entry.before),
      after: json(entry.after),
      ipAddress: entry.ipAddress ?? null,
    },
  })
}
