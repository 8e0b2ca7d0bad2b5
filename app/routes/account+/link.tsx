// GET /account/link?token=…: an emailed sign-in link or a receipt's link. Signs the donor in and
// redirects at once, so the token leaves the address bar (and never reaches a Referer).
import { type LoaderFunctionArgs } from '@remix-run/node'
import { redirectFromLink } from '#app/modules/donors/link-redirect.server.ts'
import { redeemSignInLink } from '#app/modules/donors/sign-in.server.ts'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  return redirectFromLink(await redeemSignInLink(token), request, context.clientIp)
}
