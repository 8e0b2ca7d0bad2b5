import type { LoaderFunctionArgs } from '@remix-run/node'
import { readHeroImageFile } from '#app/modules/campaigns/hero-image.server.ts'
import { notFound } from '#app/utils/http.ts'

/**
 * Campaign images: random, never-reused names. Answered only while an appeal shows them; a CDN
 * may keep one a day and browsers an hour, and the appeal's cache tag lets one purge clear it.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await readHeroImageFile(params.file ?? '')
  if (!found) throw notFound()
  const { file, campaignIds } = found
  const tags = campaignIds.map((id) => `campaign-${id}`).join(' ')
  return new Response(new Uint8Array(file), {
    headers: {
      'Content-Type': 'image/webp',
      'Content-Length': String(file.byteLength),
      'Cache-Control': 'public, max-age=3600, s-maxage=86400',
      'Surrogate-Key': tags,
      'Cache-Tag': tags.replaceAll(' ', ','),
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
