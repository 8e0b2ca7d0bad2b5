import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ProsePage } from '#app/components/prose-page.tsx'
import { privacyPageMarkdown } from '#app/content/pages.ts'
import { useIntl } from '#app/i18n/i18n.tsx'
import { splitLocalePath } from '#app/i18n/locale.ts'
import { metaIntl } from '#app/i18n/meta-intl.ts'
import { renderMarkdown } from '#app/modules/campaigns/markdown.ts'
import { retentionPeriods } from '#app/modules/retention/retention.server.ts'

export const meta: MetaFunction = ({ matches }) => [
  { title: metaIntl(matches).formatMessage({ id: 'meta.privacyTitle' }) },
]
/** The page, with the retention periods this site is configured with (not promised ones). */
export const loader = ({ request }: LoaderFunctionArgs) => {
  const { locale } = splitLocalePath(new URL(request.url).pathname)
  return { html: renderMarkdown(privacyPageMarkdown(locale, retentionPeriods())) }
}

export default function Privacy() {
  const intl = useIntl()
  return (
    <ProsePage
      title={intl.formatMessage({ id: 'pages.privacyTitle' })}
      html={useLoaderData<typeof loader>().html}
    />
  )
}
