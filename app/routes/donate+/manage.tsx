// GET /donate/manage?token=…: the signed link of receipts sent before the giving account existed.
// It now signs its donor in to the account (until it expires or the donor revokes their links).
import { type LoaderFunctionArgs } from '@remix-run/node'
import { localizePath, splitLocalePath } from '#app/i18n/locale.ts'
import { redirectFromLink } from '#app/modules/donors/link-redirect.server.ts'
import { redeemLegacyManageLink } from '#app/modules/donors/sign-in.server.ts'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const token = url.searchParams.get('token') ?? ''
  try {
    return await redirectFromLink(await redeemLegacyManageLink(token), request, context.clientIp)
  } catch (thrown) {
    // The account pages it leads to are in every language: /ko/donate/manage stays Korean.
    if (thrown instanceof Response && thrown.headers.has('Location')) {
      const location = thrown.headers.get('Location') as string
      thrown.headers.set('Location', localizePath(location, splitLocalePath(url.pathname).locale))
    }
    throw thrown
  }
}
