// GET /account/receipts/:receiptId.pdf: one of the signed-in donor's receipts; 404 for any other.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { findDonorReceipt } from '#app/modules/donors/account.server.ts'
import { requireDonor } from '#app/modules/donors/donor-session.server.ts'
import { DONOR_PAGE_HEADERS } from '#app/modules/donors/http.ts'
import { ensureReceiptPdf } from '#app/modules/receipts/receipts.server.ts'
import { notFound } from '#app/utils/http.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const donor = await requireDonor(request)
  const own = await findDonorReceipt(donor.id, params.receiptId ?? '')
  if (!own) throw notFound('No such receipt')
  const receipt = await ensureReceiptPdf(own.id)
  if (!receipt) throw notFound('No such receipt')
  return new Response(new Uint8Array(receipt.pdf), {
    headers: {
      ...DONOR_PAGE_HEADERS,
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${receipt.number}.pdf"`,
      'Content-Length': String(receipt.pdf.length),
    },
  })
}
