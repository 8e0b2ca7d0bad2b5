// GET /donate/manage?token=…: the signed link of receipts sent before the giving account existed.
// It now signs its donor in to the account (until it expires or the donor revokes their links).
import { type LoaderFunctionArgs } from '@remix-run/node'
import { redirectFromLink } from '#app/modules/donors/link-redirect.server.ts'
import { redeemLegacyManageLink } from '#app/modules/donors/sign-in.server.ts'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  return redirectFromLink(await redeemLegacyManageLink(token), request, context.clientIp)
}
