import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportFileName, exportFilterSchema } from '#app/modules/finance/export-filter.ts'
import { exportStream } from '#app/modules/finance/exports.server.ts'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'

/** GET /admin/finance/exports/gifts.csv?from=2026-01-01&to=2026-12-31: a streamed CSV. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const match = /^([a-z]+)\.csv$/.exec(params.file ?? '')
  const search = new URL(request.url).searchParams
  const parsed = exportFilterSchema.safeParse({
    kind: match?.[1],
    from: search.get('from') ?? undefined,
    to: search.get('to') ?? undefined,
  })
  if (!match) throw new Response('Not found', { status: 404 })
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    return new Response(`Cannot export: ${message.join('; ')}\n`, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    })
  }
  const filter = parsed.data
  await recordAudit({
    actor: { id: staff.id, email: staff.email },
    action: `export.${filter.kind}`,
    entityType: 'Export',
    after: { kind: filter.kind, from: filter.from ?? null, to: filter.to ?? null },
    ipAddress: context.clientIp ?? null,
  })
  return new Response(exportStream(filter), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exportFileName(filter)}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
