// POST /account/sign-out: ends this session server-side; with everywhere=1 also every other
// session and every sign-in link already sent (receipts included).
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { endDonorSession, requireDonor } from '#app/modules/donors/donor-session.server.ts'
import { localizePath, splitLocalePath } from '#app/i18n/locale.ts'
import { DONOR_PAGE_HEADERS } from '#app/modules/donors/http.ts'
import { revokeDonorLinks } from '#app/modules/donors/sign-in.server.ts'

// Signing out changes state, so it is a POST only.
const localeOf = (request: Request) => splitLocalePath(new URL(request.url).pathname).locale

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDonor(request)
  throw redirect(localizePath('/account', localeOf(request)), { headers: DONOR_PAGE_HEADERS })
}

export async function action({ request }: ActionFunctionArgs) {
  const donor = await requireDonor(request)
  const everywhere =
    (await request.formData().catch(() => new FormData())).get('everywhere') === '1'
  if (everywhere) await revokeDonorLinks(donor.id)
  const headers = await endDonorSession(request)
  headers.set('Referrer-Policy', 'no-referrer')
  throw redirect(`${localizePath('/account/sign-in', localeOf(request))}?notice=signed-out`, {
    status: 303,
    headers,
  })
}
