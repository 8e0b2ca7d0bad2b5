import type { MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ProsePage } from '#app/components/prose-page.tsx'
import { privacyMarkdown } from '#app/content/pages.ts'
import { renderMarkdown } from '#app/modules/campaigns/markdown.ts'

export const meta: MetaFunction = () => [{ title: 'Privacy · Lantern' }]
export const loader = () => ({ html: renderMarkdown(privacyMarkdown) })

export default function Privacy() {
  return (
    <ProsePage title="How we protect your privacy" html={useLoaderData<typeof loader>().html} />
  )
}
