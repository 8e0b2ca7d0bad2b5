import type { LoaderFunctionArgs } from '@remix-run/node'
import { ensureReceiptPdf } from '#app/modules/receipts/receipts.server.ts'
import { requireStaff } from '#app/modules/staff/auth.server.ts'

/** A receipt's stored PDF (drawn and stored first if an older receipt has none). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request, ['FINANCE'])
  const receipt = await ensureReceiptPdf(params.receiptId ?? '')
  if (!receipt) throw new Response('No such receipt', { status: 404 })
  return new Response(new Uint8Array(receipt.pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${receipt.number}.pdf"`,
      'Content-Length': String(receipt.pdf.length),
      'Cache-Control': 'no-store',
    },
  })
}
