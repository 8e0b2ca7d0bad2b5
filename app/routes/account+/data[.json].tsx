// GET /account/data.json: everything Lantern holds about the signed-in donor, as a download.
import type { LoaderFunctionArgs } from '@remix-run/node'
import { donorData, donorDataJson } from '#app/modules/donors/data-export.server.ts'
import { requireDonor } from '#app/modules/donors/donor-session.server.ts'
import { DONOR_PAGE_HEADERS } from '#app/modules/donors/http.ts'
import { notFound } from '#app/utils/http.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const donor = await requireDonor(request)
  const data = await donorData(donor.id)
  if (!data) throw notFound()
  return new Response(donorDataJson(data), {
    headers: {
      ...DONOR_PAGE_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': 'attachment; filename="lantern-my-data.json"',
    },
  })
}
