import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ProsePage } from '#app/components/prose-page.tsx'
import { pageMarkdown } from '#app/content/pages.ts'
import { useIntl } from '#app/i18n/i18n.tsx'
import { splitLocalePath } from '#app/i18n/locale.ts'
import { metaIntl } from '#app/i18n/meta-intl.ts'
import { renderMarkdown } from '#app/modules/campaigns/markdown.ts'

export const meta: MetaFunction = ({ matches }) => [
  { title: metaIntl(matches).formatMessage({ id: 'meta.privacyTitle' }) },
]
export const loader = ({ request }: LoaderFunctionArgs) => ({
  html: renderMarkdown(
    pageMarkdown('privacy', splitLocalePath(new URL(request.url).pathname).locale),
  ),
})

export default function Privacy() {
  const intl = useIntl()
  return (
    <ProsePage
      title={intl.formatMessage({ id: 'pages.privacyTitle' })}
      html={useLoaderData<typeof loader>().html}
    />
  )
}
