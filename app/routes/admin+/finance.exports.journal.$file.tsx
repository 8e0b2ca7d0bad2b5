import type { LoaderFunctionArgs } from '@remix-run/node'
import {
  buildPayoutJournal,
  journalCsv,
  type JournalFormat,
} from '#app/modules/ledger/journal.server.ts'
import { recordAudit } from '#app/modules/staff/audit.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'

const FORMATS: JournalFormat[] = ['xero', 'quickbooks']

function text(body: string, status: number) {
  return new Response(body + '\n', {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}

/** GET /admin/finance/exports/journal/po_….csv?format=xero|quickbooks */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const payoutId = /^(po_[A-Za-z0-9_]+)\.csv$/.exec(params.file ?? '')?.[1]
  if (!payoutId) throw new Response('Not found', { status: 404 })
  const format = (new URL(request.url).searchParams.get('format') ?? 'xero') as JournalFormat
  if (!FORMATS.includes(format)) return text('format must be xero or quickbooks', 400)
  const journal = await buildPayoutJournal(payoutId)
  if (!journal) throw new Response('Not found', { status: 404 })
  if (journal.status !== 'paid' && journal.status !== 'in_transit') {
    return text(`Payout ${payoutId} is ${journal.status}: it never reached the bank.`, 409)
  }
  await recordAudit({
    actor: { id: staff.id, email: staff.email },
    action: 'export.journal',
    entityType: 'Payout',
    entityId: payoutId,
    after: { format, debitMinor: journal.debitMinor, creditMinor: journal.creditMinor },
    ipAddress: context.clientIp ?? null,
  })
  return new Response('\uFEFF' + journalCsv(journal, format), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="journal-${payoutId}-${format}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
