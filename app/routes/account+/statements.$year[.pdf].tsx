// GET /account/statements/:year.pdf: the signed-in donor's statement of a year they gave in: for
// a past year the one finance issued, if there is one; otherwise drawn now (this year: so far).
import type { LoaderFunctionArgs } from '@remix-run/node'
import { donorGaveIn, storedStatement } from '#app/modules/donors/account.server.ts'
import { requireDonor } from '#app/modules/donors/donor-session.server.ts'
import { DONOR_PAGE_HEADERS } from '#app/modules/donors/http.ts'
import { drawDonorStatement } from '#app/modules/finance/statements.server.ts'
import { notFound } from '#app/utils/http.ts'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const donor = await requireDonor(request)
  const year = /^\d{4}$/.test(params.year ?? '') ? Number(params.year) : null
  if (year === null || !(await donorGaveIn(donor.id, year))) throw notFound('No such statement')
  const now = new Date()
  const stored = year < now.getUTCFullYear() ? await storedStatement(donor.id, year) : null
  const pdf = stored ? Buffer.from(stored.pdf) : (await drawDonorStatement(donor.id, year, now)).pdf
  return new Response(new Uint8Array(pdf), {
    headers: {
      ...DONOR_PAGE_HEADERS,
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="lantern-statement-${year}.pdf"`,
      'Content-Length': String(pdf.length),
    },
  })
}
