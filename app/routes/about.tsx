import type { MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ProsePage } from '#app/components/prose-page.tsx'
import { aboutMarkdown } from '#app/content/pages.ts'
import { renderMarkdown } from '#app/modules/campaigns/markdown.ts'

export const meta: MetaFunction = () => [{ title: 'About us · Lantern' }]
export const loader = () => ({ html: renderMarkdown(aboutMarkdown) })

export default function About() {
  return <ProsePage title="About us" html={useLoaderData<typeof loader>().html} />
}
