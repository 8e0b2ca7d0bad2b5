import type { LoaderFunctionArgs } from '@remix-run/node'
import { ensureReceiptPdf } from '#app/modules/receipts/receipts.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'
import { recordAudit } from '#app/modules/staff/audit.server.ts'

/**
 * A receipt's stored PDF (drawn and stored first if an older receipt has none). A voided
 * receipt downloads as it was issued; the pages that link to it say that it is void.
 * Downloads are audited: a receipt carries a donor's name and email.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const staff = await requireStaff(request, ['FINANCE'])
  const receiptId = params.receiptId ?? ''
  const receipt = await ensureReceiptPdf(receiptId)
  if (!receipt) throw new Response('No such receipt', { status: 404 })
  await recordAudit({
    actor: { id: staff.id, email: staff.email },
    action: 'receipt.download',
    entityType: 'Receipt',
    entityId: receiptId,
    after: { number: receipt.number, status: receipt.status },
    ipAddress: context.clientIp ?? null,
  })
  return new Response(new Uint8Array(receipt.pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${receipt.number}.pdf"`,
      'Content-Length': String(receipt.pdf.length),
      'Cache-Control': 'no-store',
    },
  })
}
